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
 * The client only attaches tokens to https Graph hosts, so requests arrive without Authorization;
 * that is accepted. A present Authorization header must be `Bearer <non-empty>` (else 401).
 *
 * Request pipeline: latency → authorization → top-level throttling → route. Items of a $batch
 * go through the same routes (no latency, no top-level throttle; per-item throttle instead).
 *
 * Demos drive the control surface over HTTP too: `${url}/_sandbox` (JSON) and `${url}/_sandbox/ui` (buttons),
 * outside Graph's versions and pipeline, for loopback clients only (control-routes.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { registerBatchRoute, type BatchItemCall } from './batch/batch';
import { registerCallRoutes } from './calls/call-routes';
import { ControlSurface, writeControlResponse } from '../control/control-routes';
import type { ResultInfo } from './calls/call-resources';
import {
  CallService,
  type CallTimings,
  type DeliveryResult,
  type NotificationDeliveryOptions,
  type SandboxCallView,
} from './calls/simulated-calls';
import { SANDBOX_TENANT_ID, SANDBOX_USERS, type SandboxUser } from './users/directory';
import type { GraphRequest, GraphResponse, GraphRouter, GraphVersion } from './graph-context';
import {
  GraphError,
  badRequest,
  errorResponse,
  internalError,
  invalidAuthenticationToken,
  invalidVersion,
  methodNotAllowed,
  segmentNotFound,
  tooManyRequests,
  type RequestIds,
} from './graph-errors';
import { baseUrlFor, closeServer, flattenHeaders, listen, parseJson, readBody, sleep, writeJson } from '../http/http-util';
import { MeetingStore, type StoredMeeting } from './meetings/meeting-store';
import { NotificationSigner, type TokenOverrides } from '../identity/notification-signer';
import { newDialinId, registerOnlineMeetingRoutes } from './meetings/online-meeting-routes';
import { Router, splitPath } from '../http/router';
import { Throttle } from './throttle';
import { TokenEndpoint } from '../identity/token-endpoint';
import { UserDirectory } from './users/user-directory';
import { registerUserRoutes } from './users/user-routes';
import { EventStore, renderEvent } from './calendar/calendar-events';
import { registerCalendarRoutes, type SandboxEventView } from './calendar/calendar-routes';
import { SANDBOX_GROUPS, type SandboxGroup } from './users/directory';
import { GroupDirectory, registerGroupRoutes } from './groups/group-routes';
import { registerOnlineMeetingUpdateRoute } from './meetings/online-meeting-update-routes';

export interface GraphSandboxOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly users?: readonly SandboxUser[];
  readonly tenantId?: string;
  readonly latencyMs?: number;
  /** The calling bot's app id: audience of the notification tokens, source.identity.application.id. Default SANDBOX_BOT_APP_ID. */
  readonly botAppId?: string;
  /** The bot's display name in call resources and rosters. Default 'Calling Bot'. */
  readonly botDisplayName?: string;
  /** `iss` of the notification tokens (and the metadata's issuer). Default 'https://graph.microsoft.com'. */
  readonly notificationIssuer?: string;
  /** Delays of the call simulation (defaults suit a demo: ~300 ms to establish, 1 s prompts, 1.5 s invites). */
  readonly callTimings?: CallTimings;
  /** Security groups (GET /groups/{id}, checkMemberGroups). Default SANDBOX_GROUPS (Incident Commanders). */
  readonly groups?: readonly SandboxGroup[];
}

/** The default calling-bot app id (audience of notification tokens). */
export const SANDBOX_BOT_APP_ID = '9e0c1b7a-3f2d-4c5e-8a6b-1d2e3f4a5b6c';
export const DEFAULT_NOTIFICATION_ISSUER = 'https://graph.microsoft.com';

export interface GraphRequestRecord {
  readonly method: string;
  /** Path with the version, without the query string, e.g. /v1.0/users/x/onlineMeetings/createOrGet. */
  readonly path: string;
  /** The query string including '?', or ''. */
  readonly query: string;
  /** Parsed JSON body, the raw text when it was not JSON, or undefined. */
  readonly body: unknown;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Epoch ms when the request arrived (before the artificial latency). */
  readonly at: number;
  /** Epoch ms when the response was written; undefined while in flight. */
  finishedAt?: number;
  status?: number;
  readonly via: 'http' | 'batch';
  /** For batch items: the item id and the request-id of the enclosing $batch. */
  readonly batch?: { readonly itemId: string; readonly requestId: string };
}

export interface GraphSandboxControl {
  /** Remove the application access policy for an organizer: onlineMeetings calls answer 403. */
  denyAccessPolicy(organizerId: string): void;
  allowAccessPolicy(organizerId: string): void;
  /** The next `count` top-level requests (a $batch counts as one) answer 429 with Retry-After. */
  throttleNext(count: number, retryAfterSeconds: number): void;
  /** The next `count` $batch items answer 429 inside the batch (Retry-After in the item's headers). */
  throttleBatchItemsNext(count: number, retryAfterSeconds: number): void;
  /** Artificial delay applied to every top-level request. */
  setLatency(ms: number): void;
  /** false: meetings created for this organizer have audioConferencing null (no licence). */
  setAudioConferencing(organizerId: string, enabled: boolean): void;
  /** Every request received, in arrival order (batch items included, via: 'batch'). */
  readonly requests: readonly GraphRequestRecord[];
  meetings(): StoredMeeting[];
  /** Calendar events created with POST /users/{id}/events (start/end as the request stated them), with the online meeting behind each. */
  events(): SandboxEventView[];
  /** Adds a directory user (object id or UPN) to a sandbox group; throws RangeError for an unknown group or user. */
  addGroupMember(groupId: string, userId: string): void;
  /** Removes a user from a sandbox group (no-op when not a member); throws RangeError for an unknown group or user. */
  removeGroupMember(groupId: string, userId: string): void;

  // --- cloud communications --------------------------------------------------------------------
  /** Current and past bot call legs: state, meeting thread, operations, and every notification POST with the bot's answer. */
  calls(): SandboxCallView[];
  /** A directory user (object id or UPN) joins the meeting's call (by chat thread id, or by a call id in it):
   *  every live, established bot leg in that meeting gets a roster notification. No-op when already there. */
  joinMeeting(threadIdOrCallId: string, userId: string, options?: { isMuted?: boolean; isInLobby?: boolean }): void;
  /** The user leaves: roster notifications; when nobody but the bot is left (and a leg had company), the legs end with 200/5002. */
  leaveMeeting(threadIdOrCallId: string, userId: string): void;
  /** Users currently in the meeting's call. */
  peopleInMeeting(threadIdOrCallId: string): SandboxUser[];
  /** The service ends a live leg: `terminating`, then `terminated` (deleted) with resultInfo (default 500/1005 media connectivity). */
  dropCall(callId: string, resultInfo?: ResultInfo): void;
  /** The next well-formed POST /communications/calls fails with resultInfo: by default asynchronously (201, `establishing`,
   *  then `terminated` with it); with { synchronous: true } as an HTTP error (status = code, error.code = subcode). */
  failNextCall(resultInfo: ResultInfo, options?: { synchronous?: boolean }): void;
  /** Delivery quirks (merged into the current settings; reset() restores the defaults). */
  setNotificationDelivery(options: NotificationDeliveryOptions): void;
  /** Demo aid: once a leg is established, the meeting's stored attendees join one by one every intervalMs (default 1500). Off by default. */
  autoJoinAttendees(enabled: boolean, intervalMs?: number): void;
  /** A token signed with the sandbox's notification key (for tests of wrong aud/iss/expired/missing tid). */
  signToken(overrides?: TokenOverrides): Promise<string>;
  /** POSTs a raw body to a callbackUri with `Authorization: Bearer <token>` (none for null; a fresh valid token when undefined).
   *  Resolves with the bot's status (null + error when unreachable); never rejects. */
  sendNotification(callbackUri: string, body: unknown, token?: string | null): Promise<DeliveryResult>;
  /** Timers of the call simulation still pending (0 after reset/close). */
  readonly pendingTimers: number;

  // --- identity platform (token endpoint) ------------------------------------------------------
  /** The application permissions (`roles`) in the access tokens issued from now on. Default: every role the bot uses. */
  setAppRoles(roles: readonly string[]): void;
  /** Registers a client id with exactly this secret (for the bot's app id: stop accepting any non-empty secret). */
  setClientSecret(clientId: string, secret: string): void;

  /** Back to the start state: no meetings, policies granted, licences on, no throttling, initial latency, empty log,
   *  no calls, nobody in any meeting, default notification delivery, auto-join off, every timer stopped,
   *  default app roles and client secrets. */
  reset(): void;
}

export interface GraphSandbox {
  /** `http://127.0.0.1:PORT` — no trailing slash, no version. Graph paths live under `${url}/v1.0`. */
  readonly url: string;
  readonly port: number;
  readonly tenantId: string;
  readonly users: readonly SandboxUser[];
  readonly control: GraphSandboxControl;
  /** Audience of the notification tokens. */
  readonly botAppId: string;
  /** Issuer of the notification tokens. */
  readonly notificationIssuer: string;
  /** `${url}/v1/.well-known/OpenIdConfiguration` — the stand-in for https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration. */
  readonly openIdMetadataUrl: string;
  /** `${url}/v1/keys` — the JWKS the metadata points at. */
  readonly jwksUrl: string;
  /** `${url}` — stands in for https://login.microsoftonline.com (see token-endpoint.ts). */
  readonly authorityHost: string;
  /** `${url}/${tenantId}/oauth2/v2.0/token` — client-credentials token endpoint issuing app-only Graph tokens. */
  readonly tokenEndpoint: string;
  /** Stops the server, every call timer and every pending notification delivery. */
  close(): Promise<void>;
}

const VERSIONS: readonly GraphVersion[] = ['v1.0', 'beta'];
const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const MALFORMED_JSON = 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.';

function checkAuthorization(headers: Readonly<Record<string, string>>): void {
  const auth = headers['authorization'];
  if (auth === undefined) return;
  const m = /^(\S+)(?:\s+(.*))?$/.exec(auth.trim());
  if (m === null || m[1] === undefined || m[1].toLowerCase() !== 'bearer') {
    throw invalidAuthenticationToken('Access token validation failure. The Authorization header must use the Bearer scheme.');
  }
  if ((m[2] ?? '').trim() === '') throw invalidAuthenticationToken('Access token is empty.');
}

function splitUrl(url: string): { pathname: string; search: string } {
  const q = url.indexOf('?');
  return q === -1 ? { pathname: url, search: '' } : { pathname: url.slice(0, q), search: url.slice(q) };
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
  const log: GraphRequestRecord[] = [];
  const dialinId = newDialinId();
  let latencyMs = initialLatency;
  let url = '';
  const signer = await NotificationSigner.create({ audience: botAppId, issuer: notificationIssuer, tenantId });
  const tokens = await TokenEndpoint.create({ tenantId, clientId: botAppId, appDisplayName: opts.botDisplayName });
  const calls = new CallService({
    directory,
    store,
    signer,
    tenantId,
    botAppId,
    botDisplayName: opts.botDisplayName ?? 'Calling Bot',
    ...(opts.callTimings !== undefined ? { timings: opts.callTimings } : {}),
  });

  const graph: GraphRouter = new Router<GraphRequest, GraphResponse>();
  registerUserRoutes(graph, directory);
  registerOnlineMeetingRoutes(graph, {
    directory,
    store,
    dialinId,
    policies: {
      isAccessDenied: (id) => denied.has(id.toLowerCase()),
      hasAudioConferencing: (id) => !noAudio.has(id.toLowerCase()),
    },
  });
  registerCallRoutes(graph, calls);
  registerOnlineMeetingUpdateRoute(graph, { directory, store, policies: { isAccessDenied: (id) => denied.has(id.toLowerCase()) } });
  registerCalendarRoutes(graph, {
    directory,
    events,
    meetings: store,
    dialinId,
    hasAudioConferencing: (id) => !noAudio.has(id.toLowerCase()),
  });
  registerGroupRoutes(graph, { users: directory, groups });
  registerBatchRoute(graph, {
    itemThrottle,
    dispatchItem: (call, parent) => dispatchBatchItem(call, parent),
  });

  /**
   * The notification signer's documents live outside Graph's versions (/v1/…, like api.aps.skype.com):
   * no Graph latency, authorization or throttling applies to them.
   */
  function signerDocument(method: string, segments: readonly string[]): GraphResponse | undefined {
    if (segments[0]?.toLowerCase() !== 'v1') return undefined;
    const rest = segments.slice(1).map((s) => s.toLowerCase()).join('/');
    const known = rest === '.well-known/openidconfiguration' || rest === 'keys';
    if (!known) return { status: 404, body: { error: { code: 'NotFound', message: `No resource at /${segments.join('/')}.` } } };
    if (method !== 'GET') return { status: 405, headers: { Allow: 'GET' }, body: { error: { code: 'MethodNotAllowed', message: 'Only GET is supported.' } } };
    if (rest === 'keys') return { status: 200, body: signer.jwks() };
    return { status: 200, body: signer.openIdConfiguration(`${url}/v1/keys`) };
  }

  /** Routes one request; GraphErrors become Graph error responses. */
  async function route(req: GraphRequest): Promise<GraphResponse> {
    const ids: RequestIds = req;
    try {
      const match = graph.match(req.method, req.segments);
      if (match.kind === 'not-found') throw segmentNotFound(match.segment);
      if (match.kind === 'method-not-allowed') throw methodNotAllowed();
      return await match.handler(req, match.params);
    } catch (e: unknown) {
      const err = e instanceof GraphError ? e : internalError(e instanceof Error ? e.message : String(e));
      return errorResponse(err, ids);
    }
  }

  async function dispatchBatchItem(call: BatchItemCall, parent: GraphRequest): Promise<GraphResponse> {
    const { pathname, search } = splitUrl(call.url);
    const segments = splitPath(pathname);
    const record: GraphRequestRecord = {
      method: call.method,
      path: `/${parent.version}/${pathname.replace(/^\/+/, '')}`,
      query: search,
      body: call.body,
      headers: call.headers,
      at: Date.now(),
      via: 'batch',
      batch: { itemId: call.id, requestId: parent.requestId },
    };
    log.push(record);
    const res = await route({
      method: call.method,
      version: parent.version,
      segments,
      path: record.path,
      query: new URLSearchParams(search),
      headers: call.headers,
      body: call.body,
      serviceRoot: parent.serviceRoot,
      requestId: parent.requestId,
      clientRequestId: parent.clientRequestId,
      via: 'batch',
    });
    record.status = res.status;
    record.finishedAt = Date.now();
    return res;
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const headers = flattenHeaders(req);
    const requestId = randomUUID();
    const clientRequestId = headers['client-request-id'] ?? requestId;
    const ids: RequestIds = { requestId, clientRequestId };
    const { pathname, search } = splitUrl(req.url ?? '/');
    const raw = (await readBody(req)).toString('utf8');

    // The demo control surface (/_sandbox…): not Graph, so no Graph pipeline and no request log.
    const controlResponse = await controlSurface.handle({ method: req.method ?? 'GET', pathname, headers, body: raw, remoteAddress: req.socket.remoteAddress });
    if (controlResponse !== undefined) {
      writeControlResponse(res, controlResponse);
      return;
    }

    // The identity platform's token endpoint and documents (another host in reality): no Graph pipeline applies.
    const token = tokens.handle({ method: req.method ?? 'GET', segments: splitPath(pathname), body: raw, headers }, url);
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

    const signerDoc = signerDocument(record.method, splitPath(pathname));
    if (signerDoc !== undefined) {
      record.status = signerDoc.status;
      writeJson(res, signerDoc.status, signerDoc.body, { 'Cache-Control': 'no-cache', ...(signerDoc.headers ?? {}) });
      record.finishedAt = Date.now();
      return;
    }

    let response: GraphResponse;
    try {
      await sleep(latencyMs);
      checkAuthorization(headers);
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
        serviceRoot: `${url}/${version}`,
        requestId,
        clientRequestId,
        via: 'http',
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

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((e: unknown) => {
      // Only reached if writing the response itself failed; the socket is beyond saving.
      res.destroy(e instanceof Error ? e : new Error(String(e)));
    });
  });
  const address = await listen(server, opts.port ?? 0, host);
  url = baseUrlFor(host, address.port);

  const memberId = (userKey: string): string => {
    const user = directory.find(userKey);
    if (user === undefined) throw new RangeError(`unknown sandbox user ${userKey}`);
    return user.id;
  };

  const control: GraphSandboxControl = {
    denyAccessPolicy: (id) => void denied.add(id.toLowerCase()),
    allowAccessPolicy: (id) => void denied.delete(id.toLowerCase()),
    throttleNext: (count, retryAfterSeconds) => topThrottle.arm(count, retryAfterSeconds),
    throttleBatchItemsNext: (count, retryAfterSeconds) => itemThrottle.arm(count, retryAfterSeconds),
    setLatency: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`latency must be a non-negative number, got ${ms}`);
      latencyMs = ms;
    },
    setAudioConferencing: (id, enabled) => void (enabled ? noAudio.delete(id.toLowerCase()) : noAudio.add(id.toLowerCase())),
    get requests() {
      return log;
    },
    meetings: () => store.all(),
    events: () =>
      events.all().map((e) => ({ userId: e.userId, id: e.id, transactionId: e.transactionId, onlineMeetingId: e.onlineMeetingId, event: renderEvent(e) })),
    addGroupMember: (groupId, userId) => groups.add(groupId, memberId(userId)),
    removeGroupMember: (groupId, userId) => groups.remove(groupId, memberId(userId)),
    calls: () => calls.views(),
    joinMeeting: (threadIdOrCallId, userId, options) => calls.joinMeeting(threadIdOrCallId, userId, options),
    leaveMeeting: (threadIdOrCallId, userId) => calls.leaveMeeting(threadIdOrCallId, userId),
    peopleInMeeting: (threadIdOrCallId) => calls.peopleInMeeting(threadIdOrCallId),
    dropCall: (callId, resultInfo) => calls.dropCall(callId, resultInfo),
    failNextCall: (resultInfo, options) => calls.failNextCall(resultInfo, options),
    setNotificationDelivery: (options) => calls.setNotificationDelivery(options),
    autoJoinAttendees: (enabled, intervalMs) => calls.setAutoJoin(enabled, intervalMs),
    signToken: (overrides) => Promise.resolve(signer.sign(overrides)),
    sendNotification: (callbackUri, body, token) => calls.sendRaw(callbackUri, body, token === undefined ? signer.sign() : token),
    get pendingTimers() {
      return calls.pendingTimers;
    },
    setAppRoles: (roles) => tokens.setAppRoles(roles),
    setClientSecret: (clientId, secret) => tokens.setClientSecret(clientId, secret),
    reset: () => {
      calls.reset();
      store.clear();
      events.clear();
      groups.reset();
      denied.clear();
      noAudio.clear();
      topThrottle.reset();
      itemThrottle.reset();
      latencyMs = initialLatency;
      log.length = 0;
      tokens.reset();
    },
  };

  const controlSurface = new ControlSurface({
    control,
    directory,
    deniedOrganizers: () => denied,
    throttledRequestsPending: () => topThrottle.pending,
  });

  return {
    url,
    port: address.port,
    tenantId,
    users,
    control,
    botAppId,
    notificationIssuer,
    openIdMetadataUrl: `${url}/v1/.well-known/OpenIdConfiguration`,
    jwksUrl: `${url}/v1/keys`,
    authorityHost: url,
    tokenEndpoint: `${url}/${tenantId}/oauth2/v2.0/token`,
    close: async () => {
      await calls.close();
      await closeServer(server);
    },
  };
}
