/**
 * The Graph sandbox: a local stand-in for https://graph.microsoft.com serving the endpoints the
 * bot uses (users, onlineMeetings, $batch, communications/calls) under /v1.0 (and /beta), with
 * Graph's wire shapes, status codes and error envelopes, plus a control surface for tests and demos.
 *
 * It also plays the calling service's notification signer: call notifications are POSTed to each
 * call's callbackUri with an RS256 bearer token whose keys are published, like
 * https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration and /v1/keys, at
 * `${url}/v1/.well-known/OpenIdConfiguration` and `${url}/v1/keys` (outside the Graph versions).
 *
 * And it plays the Microsoft identity platform for app-only tokens: `POST ${url}/{tenantId}/oauth2/v2.0/token`
 * (client credentials) issues Graph access tokens whose `roles` are control.setAppRoles() (token-endpoint.ts).
 *
 * Point @microsoft/microsoft-graph-client at it with
 *   Client.init({ authProvider, baseUrl: sandbox.url, defaultVersion: 'v1.0' })
 * (the client joins baseUrl/version/path with single slashes, so a trailing slash is optional).
 * It listens on one port for https (a CA generated at start-up, `caCertificatePem`) and plain http (for a
 * person's browser on the control page). Every Graph request must carry a valid app-only token of its authority
 * (401 InvalidAuthenticationToken otherwise) whose roles cover the endpoint (403 otherwise; identity/required-roles.ts).
 *
 * Request pipeline: latency → authorization → top-level throttling → route. Items of a $batch
 * go through the same routes (no latency, no top-level throttle; per-item throttle instead).
 *
 * Demos drive the control surface over HTTP too: `${url}/_sandbox` (JSON) and `${url}/_sandbox/ui` (buttons),
 * outside Graph's versions and pipeline, for loopback clients only (control-routes.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { randomBytes, randomUUID } from 'node:crypto';
import { EventStore } from './calendar/calendar-events';
import { SimulatedCalls } from './calls/simulated-calls';
import type { GraphResponse, GraphVersion } from './graph-context';
import {
  GraphError,
  badRequest,
  errorResponse,
  internalError,
  invalidVersion,
  tooManyRequests,
  type RequestIds,
} from './graph-errors';
import { createGraphSandboxControl } from './graph-sandbox-control';
import type { GraphRequestRecord, GraphSandbox, GraphSandboxOptions } from './graph-sandbox-types';
import { createGraphRoutes, splitUrl } from './graph-routes';
import { RequestLog } from './request-log';
import { GroupDirectory } from './groups/group-routes';
import { MeetingStore } from './meetings/meeting-store';
import { newDialinId } from './meetings/online-meeting-routes';
import { Throttle } from './throttle';
import { SANDBOX_GROUPS, SANDBOX_TENANT_ID, SANDBOX_USERS } from './users/directory';
import { UserDirectory } from './users/user-directory';
import { ControlSurface } from '../control/control-routes';
import { writeControlResponse } from '../control/control-requests';
import { createDualServer } from '../http/dual-server';
import { flattenHeaders, parseJson, readBody, sleep, writeJson } from '../http/http-util';
import { splitPath } from '../http/router';
import { NotificationSigner } from '../identity/notification-signer';
import { signerDocument } from '../identity/signer-documents';
import { verifyAppToken } from '../identity/access-token-check';
import { createLocalTls } from '../identity/local-ca';
import { DEFAULT_APP_ROLES, GRAPH_RESOURCE, GRAPH_RESOURCE_APP_ID, TokenEndpoint } from '../identity/token-endpoint';
import { PEOPLE_LEARNING } from './users/learn-people';

/** The application permissions the control surface can remove and restore. */
const KNOWN_APP_ROLES: readonly string[] = [...DEFAULT_APP_ROLES, 'OnlineMeetings.Read.All', 'Calls.JoinGroupCallAsGuest.All', 'Calls.Initiate.All', 'User.ReadBasic.All', 'Directory.Read.All'];

export type { GraphRequestRecord, GraphSandbox, GraphSandboxControl, GraphSandboxOptions } from './graph-sandbox-types';

/** The default calling-bot app id (audience of notification tokens). */
export const SANDBOX_BOT_APP_ID = '9e0c1b7a-3f2d-4c5e-8a6b-1d2e3f4a5b6c';
const DEFAULT_NOTIFICATION_ISSUER = 'https://graph.microsoft.com';

const VERSIONS: readonly GraphVersion[] = ['v1.0', 'beta'];
const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const MALFORMED_JSON = 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.';

/** `scheme://host:port` as a client should dial it (IPv6 hosts bracketed, wildcard hosts mapped to loopback). */
function baseUrlFor(scheme: 'http' | 'https', host: string, port: number): string {
  const dial = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return dial.includes(':') ? `${scheme}://[${dial}]:${port}` : `${scheme}://${dial}:${port}`;
}

export async function startGraphSandbox(opts: GraphSandboxOptions = {}): Promise<GraphSandbox> {
  const tenantId = opts.tenantId ?? SANDBOX_TENANT_ID;
  const users = opts.users ?? SANDBOX_USERS;
  const host = opts.host ?? '127.0.0.1';
  const initialLatency = opts.latencyMs ?? 0;
  const botAppId = opts.botAppId ?? SANDBOX_BOT_APP_ID;
  const notificationIssuer = opts.notificationIssuer ?? DEFAULT_NOTIFICATION_ISSUER;

  const directory = new UserDirectory(tenantId, users);
  const store = new MeetingStore();
  const denied = new Set<string>();
  const noAudio = new Set<string>();
  const events = new EventStore();
  const groups = new GroupDirectory(opts.groups ?? SANDBOX_GROUPS);
  const topThrottle = new Throttle();
  const itemThrottle = new Throttle();
  const log = RequestLog.bounded(opts.requestLogLimit);
  const dialinId = newDialinId();
  let latencyMs = initialLatency;
  let url = '';
  let plainUrl = '';
  const clientSecret = opts.clientSecret ?? `sbx~${randomBytes(24).toString('base64url')}`;
  const [signer, tokens, tls] = await Promise.all([
    NotificationSigner.create({ audience: botAppId, issuer: notificationIssuer, tenantId }),
    TokenEndpoint.create({ tenantId, clientId: botAppId, clientSecret, appDisplayName: opts.botDisplayName }),
    createLocalTls(),
  ]);
  const calls = new SimulatedCalls({
    directory,
    store,
    signer,
    tenantId,
    botAppId,
    botDisplayName: opts.botDisplayName ?? 'Calling Bot',
    ...(opts.callTimings !== undefined ? { timings: opts.callTimings } : {}),
  });

  const { route } = createGraphRoutes({ directory, store, events, groups, calls, itemThrottle, log, dialinId, denied, noAudio });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const headers = flattenHeaders(req);
    const requestId = randomUUID();
    const clientRequestId = headers['client-request-id'] ?? requestId;
    const ids: RequestIds = { requestId, clientRequestId };
    const { pathname, search } = splitUrl(req.url ?? '/');
    const raw = (await readBody(req)).toString('utf8');
    // Documents name URLs of the protocol they were asked over (https for the bot, http for a person's browser).
    const base = (req.socket as Partial<TLSSocket>).encrypted === true ? url : plainUrl;

    // The demo control surface (/_sandbox…): not Graph, so no Graph pipeline and no request log.
    const controlResponse = await controlSurface.handle({ method: req.method ?? 'GET', pathname, query: search, headers, body: raw, remoteAddress: req.socket.remoteAddress });
    if (controlResponse !== undefined) {
      writeControlResponse(res, controlResponse);
      return;
    }

    // The identity platform's token endpoint and documents (another host in reality): no Graph pipeline applies.
    const token = tokens.handle({ method: req.method ?? 'GET', segments: splitPath(pathname), body: raw, headers }, base);
    if (token !== undefined) {
      log.push({ method: req.method ?? 'GET', path: pathname, query: search, body: token.loggedBody, headers, at, via: 'http', status: token.response.status, finishedAt: Date.now() });
      writeJson(res, token.response.status, token.response.body, { 'request-id': requestId, ...(token.response.headers ?? {}) });
      return;
    }
    const parsed = raw.length === 0 ? undefined : parseJson(raw);
    const record: GraphRequestRecord = {
      method: req.method ?? 'GET',
      path: pathname,
      query: search,
      body: parsed === undefined ? undefined : parsed.ok ? parsed.value : raw,
      headers,
      at,
      via: 'http',
    };
    log.push(record);

    const signerDoc = signerDocument(signer, base, record.method, splitPath(pathname));
    if (signerDoc !== undefined) {
      record.status = signerDoc.status;
      writeJson(res, signerDoc.status, signerDoc.body, { 'Cache-Control': 'no-cache', ...(signerDoc.headers ?? {}) });
      record.finishedAt = Date.now();
      return;
    }

    let response: GraphResponse;
    try {
      await sleep(latencyMs);
      const granted = await verifyAppToken(headers['authorization'], {
        tenantId,
        keys: () => tokens.jwks().keys,
        audiences: [GRAPH_RESOURCE, GRAPH_RESOURCE_APP_ID],
      });
      const retryAfter = topThrottle.take();
      if (retryAfter !== undefined) throw tooManyRequests(retryAfter);
      const segments = splitPath(pathname);
      const version = segments[0];
      if (version === undefined || !(VERSIONS as readonly string[]).includes(version)) {
        throw invalidVersion(version ?? '');
      }
      if (parsed !== undefined && !parsed.ok) throw badRequest(MALFORMED_JSON);
      response = await route({
        method: record.method,
        version: version as GraphVersion,
        segments: segments.slice(1),
        path: pathname,
        query: new URLSearchParams(search),
        headers,
        body: parsed?.ok === true ? parsed.value : undefined,
        serviceRoot: `${base}/${version}`,
        requestId,
        clientRequestId,
        via: 'http',
        roles: granted.roles,
      });
    } catch (e: unknown) {
      const err = e instanceof GraphError ? e : internalError(e instanceof Error ? e.message : String(e));
      response = errorResponse(err, ids);
    }

    record.status = response.status;
    const out: Record<string, string> = {
      'request-id': requestId,
      'client-request-id': clientRequestId,
      'Cache-Control': 'no-cache',
      ...(response.status < 400 && response.body !== undefined ? { 'OData-Version': '4.0', 'Content-Type': ODATA_JSON } : {}),
      ...(response.headers ?? {}),
    };
    writeJson(res, response.status, response.body, out);
    record.finishedAt = Date.now();
  }

  const server = createDualServer({ cert: tls.certificatePem, key: tls.privateKeyPem }, (req, res) => {
    handleHttp(req, res).catch((e: unknown) => {
      // Only reached if writing the response itself failed; the socket is beyond saving.
      res.destroy(e instanceof Error ? e : new Error(String(e)));
    });
  });
  const address = await server.listen(opts.port ?? 0, host);
  url = baseUrlFor('https', host, address.port);
  plainUrl = baseUrlFor('http', host, address.port);

  const control = createGraphSandboxControl({
    calls,
    signer,
    tokens,
    store,
    events,
    groups,
    directory,
    denied,
    noAudio,
    topThrottle,
    itemThrottle,
    log,
    setLatency: (ms) => {
      latencyMs = ms;
    },
    resetLatency: () => {
      latencyMs = initialLatency;
    },
  });

  const controlSurface = new ControlSurface({
    control,
    directory,
    deniedOrganizers: () => denied,
    latencyMs: () => latencyMs,
    throttledRequestsPending: () => topThrottle.pending,
    identity: {
      world: () => ({
        tenantId,
        appRegistration: { clientId: botAppId, clientSecret, grantedRoles: tokens.appRoles, knownRoles: KNOWN_APP_ROLES },
        authorityHost: url,
        tokenEndpoint: `${url}/${tenantId}/oauth2/v2.0/token`,
        openIdConfigurationUrl: `${url}/${tenantId}/v2.0/.well-known/openid-configuration`,
        graphBaseUrl: url,
        plainHttpUrl: plainUrl,
        caCertificatePem: tls.caCertificatePem,
        notificationOpenIdMetadataUrl: `${plainUrl}/v1/.well-known/OpenIdConfiguration`,
        howPeopleAreLearned: PEOPLE_LEARNING,
      }),
      roles: () => tokens.appRoles,
      setRoles: (roles) => tokens.setAppRoles(roles),
    },
  });

  return {
    url,
    plainUrl,
    caCertificatePem: tls.caCertificatePem,
    clientSecret,
    port: address.port,
    tenantId,
    users,
    control,
    botAppId,
    notificationIssuer,
    openIdMetadataUrl: `${plainUrl}/v1/.well-known/OpenIdConfiguration`,
    jwksUrl: `${plainUrl}/v1/keys`,
    authorityHost: url,
    tokenEndpoint: `${url}/${tenantId}/oauth2/v2.0/token`,
    close: async () => {
      await calls.close();
      await server.close();
    },
  };
}
