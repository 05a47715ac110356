/**
 * The Microsoft identity platform's token endpoint, as far as an app-only Graph client uses it:
 *
 *   POST {authorityHost}/{tenant}/oauth2/v2.0/token
 *        Content-Type: application/x-www-form-urlencoded
 *        grant_type=client_credentials&client_id=…&client_secret=…&scope=https://graph.microsoft.com/.default
 *   → 200 {"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"<JWT>"}
 *
 * plus the two documents a validator reads: `/{tenant}/v2.0/.well-known/openid-configuration` and
 * `/{tenant}/discovery/v2.0/keys` (also `/{tenant}/discovery/keys`). It is served on the Graph sandbox's host
 * (login.microsoftonline.com and graph.microsoft.com are two hosts in reality; the paths do not collide).
 *
 * The access token. Graph's resource app accepts v1.0 tokens, so Entra issues app-only Graph tokens in the
 * v1.0 format whatever endpoint was called: aud `https://graph.microsoft.com`, iss
 * `https://sts.windows.net/{tid}/`, `appid` (v1.0 has no `azp`), `appidacr` ("1" secret, "2" certificate),
 * `idtyp: "app"`, `oid`/`sub` = the app's service principal object id, `roles` = the application permissions
 * consented for Graph (the claim is absent when there are none, as in Entra), `tid`, `ver: "1.0"`, iat/nbf/exp
 * (1 h). It is RS256-signed with a key of its own (published at the keys URL). Real Graph tokens carry a
 * `nonce` in the JOSE header and cannot be validated by anyone but Graph; these can (deviation, harmless).
 * The service principal's object id is derived from tenant + client id (stable across runs).
 *
 * Clients. The bot's app id is known and, until setClientSecret() is called for it, any non-empty secret is
 * accepted. setClientSecret(id, secret) registers a client with exactly that secret. A `client_assertion`
 * (certificate credential, private_key_jwt) is accepted for a known client without checking its signature
 * (deviation: the sandbox holds no certificates).
 *
 * Errors follow Entra's envelope {error, error_description "AADSTSnnn: … Trace ID: … Correlation ID: …
 * Timestamp: …", error_codes, timestamp, trace_id, correlation_id, error_uri}: 7000215 invalid_client (wrong
 * secret, 401), 7000218 invalid_client (no secret, 401), 700016 unauthorized_client (unknown client id, 400),
 * 90002 invalid_request (unknown tenant, 400), 1002012 invalid_scope (no /.default, 400), 500011
 * invalid_resource (unknown resource, 400), 900144 invalid_request (missing parameter, 400), 70003
 * unsupported_grant_type (400), 900561 (GET on the token endpoint, 400).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { GraphResponse } from '../graph/graph-context';
import { NotificationSigner } from './notification-signer';

/** The resource (and audience of its v1.0 tokens) Microsoft Graph is known by. */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_RESOURCE_APP_ID = '00000003-0000-0000-c000-000000000000';

/** The Graph application permissions granted by default: every one incident-bridge uses. */
export const DEFAULT_APP_ROLES: readonly string[] = [
  'OnlineMeetings.ReadWrite.All',
  'Calls.JoinGroupCall.All',
  'Calls.InitiateGroupCall.All',
  'User.Read.All',
  'Calendars.ReadWrite',
  'GroupMember.Read.All',
  'TeamsAppInstallation.ReadWriteSelfForChat.All',
  'OnlineMeetingArtifact.Read.All',
  'OnlineMeetingRecording.Read.All',
  'OnlineMeetingTranscript.Read.All',
];

const TOKEN_LIFETIME_SECONDS = 3599;
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The role template id Entra puts in `wids` of app-only tokens (as seen in issued tokens). */
const APP_WIDS = ['0997a1d0-0d1d-4acb-b408-d5ca73121e90'];
const SECRET_FIELDS = new Set(['client_secret', 'client_assertion']);

export interface TokenEndpointOptions {
  readonly tenantId: string;
  /** The bot's app id: a known client that, until setClientSecret() says otherwise, accepts any non-empty secret. */
  readonly clientId: string;
  /** `app_displayname` of the tokens. */
  readonly appDisplayName?: string;
  /** The bot's client secret (without it: any non-empty secret). */
  readonly clientSecret?: string;
}

export interface TokenEndpointRequest {
  readonly method: string;
  /** Decoded path segments, e.g. [tenantId, 'oauth2', 'v2.0', 'token']. */
  readonly segments: readonly string[];
  /** The raw request body. */
  readonly body: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface TokenEndpointResult {
  readonly response: GraphResponse;
  /** What the sandbox's request log records as the body: the form with secrets and assertions redacted. */
  readonly loggedBody: unknown;
}

/** Entra's `timestamp` rendering: "2025-02-13 10:17:05Z". */
function entraTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** A stable GUID derived from text (the service principal's object id). */
function derivedGuid(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function isTokenEndpointPath(segments: readonly string[]): boolean {
  const second = segments[1]?.toLowerCase();
  if (segments.length < 2 || second === undefined) return false;
  if (second === 'oauth2' || second === 'discovery') return true;
  return second === 'v2.0' && segments[2]?.toLowerCase() === '.well-known';
}

export class TokenEndpoint {
  private roles: readonly string[] = DEFAULT_APP_ROLES;
  /** client id (lower case) → exact secret; absent for the default client means "any non-empty secret". */
  private readonly secrets = new Map<string, string>();

  private constructor(
    private readonly signer: NotificationSigner,
    private readonly opts: TokenEndpointOptions,
  ) {}

  static async create(opts: TokenEndpointOptions): Promise<TokenEndpoint> {
    const signer = await NotificationSigner.create({ audience: GRAPH_RESOURCE, issuer: stsIssuer(opts.tenantId), tenantId: opts.tenantId });
    const endpoint = new TokenEndpoint(signer, opts);
    endpoint.reset();
    return endpoint;
  }

  /** The keys that sign its access tokens (as published at /{tenant}/discovery/v2.0/keys). */
  jwks(): ReturnType<NotificationSigner['jwks']> {
    return this.signer.jwks();
  }

  /** The application permissions the next tokens carry (empty: no `roles` claim at all). */
  setAppRoles(roles: readonly string[]): void {
    this.roles = [...roles];
  }

  get appRoles(): readonly string[] {
    return this.roles;
  }

  /** Registers a client id with exactly this secret (for the bot's app id: stop accepting any secret). */
  setClientSecret(clientId: string, secret: string): void {
    if (secret === '') throw new RangeError('a client secret cannot be empty');
    this.secrets.set(clientId.toLowerCase(), secret);
  }

  reset(): void {
    this.roles = DEFAULT_APP_ROLES;
    this.secrets.clear();
    if (this.opts.clientSecret !== undefined) this.setClientSecret(this.opts.clientId, this.opts.clientSecret);
  }

  /** Answers requests on the identity platform's paths; undefined for any other path. */
  handle(req: TokenEndpointRequest, baseUrl: string): TokenEndpointResult | undefined {
    if (!isTokenEndpointPath(req.segments)) return undefined;
    const rest = req.segments.slice(1).map((s) => s.toLowerCase()).join('/');
    const tenant = req.segments[0] ?? '';
    const ids = { correlationId: req.headers['client-request-id'] ?? randomUUID(), traceId: randomUUID() };
    if (rest === 'oauth2/v2.0/token') {
      const form = new URLSearchParams(req.body);
      const loggedBody = Object.fromEntries([...form.entries()].map(([k, v]) => [k, SECRET_FIELDS.has(k) ? '[redacted]' : v]));
      if (req.method !== 'POST') {
        return { response: this.error(400, 'invalid_request', 900561, `The endpoint only accepts POST, OPTIONS requests. Received a ${req.method} request.`, ids), loggedBody };
      }
      return { response: this.token(tenant, form, ids), loggedBody };
    }
    const loggedBody = req.body === '' ? undefined : req.body;
    const known = rest === 'v2.0/.well-known/openid-configuration' || rest === 'discovery/v2.0/keys' || rest === 'discovery/keys';
    if (!known || !this.isTenant(tenant)) {
      return { response: { status: 404, body: { error: 'not_found', error_description: `No resource at /${req.segments.join('/')}.` } }, loggedBody };
    }
    if (req.method !== 'GET') return { response: { status: 405, headers: { Allow: 'GET' }, body: { error: 'invalid_request', error_description: 'Only GET is supported.' } }, loggedBody };
    if (rest === 'v2.0/.well-known/openid-configuration') return { response: { status: 200, body: this.openIdConfiguration(baseUrl) }, loggedBody };
    return { response: { status: 200, body: this.signer.jwks() }, loggedBody };
  }

  private isTenant(tenant: string): boolean {
    return tenant.toLowerCase() === this.opts.tenantId.toLowerCase();
  }

  private token(tenant: string, form: URLSearchParams, ids: { correlationId: string; traceId: string }): GraphResponse {
    const param = (name: string): string | undefined => {
      const v = form.get(name);
      return v === null || v === '' ? undefined : v;
    };
    const missing = (name: string): GraphResponse =>
      this.error(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`, ids);

    const grantType = param('grant_type');
    if (grantType === undefined) return missing('grant_type');
    if (['common', 'organizations', 'consumers'].includes(tenant.toLowerCase())) {
      return this.error(400, 'invalid_request', 50194, `Application '${param('client_id') ?? ''}' is not configured as a multi-tenant application. Usage of the /${tenant} endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.`, ids);
    }
    if (!this.isTenant(tenant)) {
      return this.error(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`, ids);
    }
    if (grantType !== 'client_credentials') {
      return this.error(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`, ids);
    }
    const clientId = param('client_id');
    if (clientId === undefined) return missing('client_id');
    const key = clientId.toLowerCase();
    const known = key === this.opts.clientId.toLowerCase() || this.secrets.has(key);
    if (!known) {
      return this.error(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${this.opts.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`, ids);
    }
    const scope = param('scope');
    if (scope === undefined) return missing('scope');
    const scopes = scope.split(/\s+/).filter((s) => s !== '');
    const bad = scopes.find((s) => !/\/\.default$/i.test(s));
    if (bad !== undefined || scopes.length !== 1) {
      return this.error(400, 'invalid_scope', 1002012, `The provided value for scope ${bad ?? scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`, ids);
    }
    const resource = (scopes[0] ?? '').replace(/\/\.default$/i, '').replace(/\/+$/, '');
    if (resource.toLowerCase() !== GRAPH_RESOURCE && resource.toLowerCase() !== GRAPH_RESOURCE_APP_ID) {
      return this.error(400, 'invalid_resource', 500011, `The resource principal named ${resource} was not found in the tenant named ${this.opts.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`, ids);
    }

    const secret = param('client_secret');
    const assertion = param('client_assertion');
    let appidacr: '1' | '2';
    if (assertion !== undefined && param('client_assertion_type') === CLIENT_ASSERTION_TYPE) {
      appidacr = '2';
    } else if (secret !== undefined) {
      const expected = this.secrets.get(key);
      if (expected !== undefined && expected !== secret) {
        return this.error(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`, ids);
      }
      appidacr = '1';
    } else {
      return this.error(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", ids);
    }

    const spObjectId = derivedGuid(`${this.opts.tenantId.toLowerCase()}/${key}`);
    const now = Math.floor(Date.now() / 1000);
    const accessToken = this.signer.sign({
      expiresInSeconds: TOKEN_LIFETIME_SECONDS,
      claims: {
        aud: GRAPH_RESOURCE,
        iss: stsIssuer(this.opts.tenantId),
        aio: randomBytes(48).toString('base64'),
        app_displayname: this.opts.appDisplayName ?? 'Calling Bot',
        appid: clientId,
        appidacr,
        idp: stsIssuer(this.opts.tenantId),
        idtyp: 'app',
        oid: spObjectId,
        rh: `0.${randomBytes(24).toString('base64url')}.`,
        ...(this.roles.length > 0 ? { roles: [...this.roles] } : {}),
        sub: spObjectId,
        tenant_region_scope: 'EU',
        tid: this.opts.tenantId,
        uti: randomBytes(16).toString('base64url'),
        ver: '1.0',
        wids: APP_WIDS,
        xms_tcdt: now - 86_400 * 365,
      },
    });
    return {
      status: 200,
      headers: { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache', 'Content-Type': 'application/json; charset=utf-8', 'x-ms-request-id': ids.traceId },
      body: { token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS, ext_expires_in: TOKEN_LIFETIME_SECONDS, access_token: accessToken },
    };
  }

  private error(status: number, error: string, code: number, text: string, ids: { correlationId: string; traceId: string }): GraphResponse {
    const timestamp = entraTimestamp(new Date());
    return {
      status,
      headers: { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache', 'Content-Type': 'application/json; charset=utf-8', 'x-ms-request-id': ids.traceId },
      body: {
        error,
        error_description: `AADSTS${code}: ${text} Trace ID: ${ids.traceId} Correlation ID: ${ids.correlationId} Timestamp: ${timestamp}`,
        error_codes: [code],
        timestamp,
        trace_id: ids.traceId,
        correlation_id: ids.correlationId,
        error_uri: `https://login.microsoftonline.com/error?code=${code}`,
      },
    };
  }

  private openIdConfiguration(baseUrl: string): Record<string, unknown> {
    const tid = this.opts.tenantId;
    return {
      token_endpoint: `${baseUrl}/${tid}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${baseUrl}/${tid}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `https://login.microsoftonline.com/${tid}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${baseUrl}/${tid}/oauth2/v2.0/authorize`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
    };
  }
}

/** `iss` of v1.0 access tokens. */
export function stsIssuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}
