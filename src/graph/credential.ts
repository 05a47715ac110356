/** Chooses the Graph credential from config: client secret, client certificate or managed identity. */
import { randomUUID } from 'node:crypto';
import {
  AuthenticationError,
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type AccessToken,
  type GetTokenOptions,
  type TokenCredential,
} from '@azure/identity';
import type { GraphConfig } from '../config';
import { ConfigError } from '../errors/app-error';

export function graphCredential(cfg: GraphConfig): TokenCredential {
  switch (cfg.credential) {
    case 'clientSecret':
      if (!cfg.tenantId || !cfg.clientId || !cfg.clientSecret) throw new ConfigError('GRAPH_CLIENT_SECRET', 'GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET are needed for GRAPH_CREDENTIAL=clientSecret');
      return new ClientSecretCredential(cfg.tenantId, cfg.clientId, cfg.clientSecret);
    case 'clientCertificate':
      if (!cfg.tenantId || !cfg.clientId || !cfg.certificatePath) throw new ConfigError('GRAPH_CLIENT_CERTIFICATE_PATH', 'GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_CERTIFICATE_PATH are needed for GRAPH_CREDENTIAL=clientCertificate');
      return new ClientCertificateCredential(cfg.tenantId, cfg.clientId, { certificatePath: cfg.certificatePath });
    case 'managedIdentity':
      return cfg.managedIdentityClientId ? new ManagedIdentityCredential({ clientId: cfg.managedIdentityClientId }) : new ManagedIdentityCredential();
  }
}

export interface SandboxCredentialOptions {
  /** The sandbox's token endpoint: `${sandbox.tokenEndpoint}` = `{authorityHost}/{tenantId}/oauth2/v2.0/token`. */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly fetchImpl?: typeof fetch;
}

/** Tokens are reused until this close to their expiry (as MSAL refreshes ahead of time). */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The sandbox's credential.
 *
 * With no options it hands out a placeholder: the Graph client attaches tokens only to https Graph hosts, so
 * against the local http sandbox it is never even asked; it exists so that both modes build the client the
 * same way.
 *
 * With the sandbox's token URL it is a minimal OAuth 2.0 client-credentials client (form POST, as MSAL sends
 * it) and returns the sandbox's real JWTs, cached per scope until 5 minutes before expiry. It exists because
 * @azure/identity's ClientSecretCredential cannot be pointed at the sandbox: its IdentityClient throws "The
 * authorityHost address must use the 'https' protocol." for an http authorityHost, and MSAL itself rejects
 * insecure authorities (authority_uri_insecure) — disableInstanceDiscovery does not change either.
 * Failures are thrown as @azure/identity's AuthenticationError (statusCode, errorResponse.errorCodes, the
 * AADSTS text in the message), like the production credentials' errors.
 */
export class SandboxCredential implements TokenCredential {
  private readonly cache = new Map<string, AccessToken>();

  constructor(private readonly options?: SandboxCredentialOptions) {}

  async getToken(scopes?: string | string[], getTokenOptions?: GetTokenOptions): Promise<AccessToken> {
    const opts = this.options;
    if (opts === undefined) return { token: 'sandbox', expiresOnTimestamp: Date.now() + 3600_000 };
    const scope = (Array.isArray(scopes) ? scopes : [scopes ?? 'https://graph.microsoft.com/.default']).join(' ');
    const cached = this.cache.get(scope);
    if (cached !== undefined && cached.expiresOnTimestamp - REFRESH_MARGIN_MS > Date.now()) return cached;

    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: opts.clientId, client_secret: opts.clientSecret, scope });
    const doFetch = opts.fetchImpl ?? fetch;
    let res: Response;
    try {
      res = await doFetch(opts.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', 'client-request-id': randomUUID() },
        body: body.toString(),
        signal: getTokenOptions?.abortSignal as AbortSignal | undefined,
      });
    } catch (e: unknown) {
      throw new Error(`SandboxCredential: cannot reach the token endpoint ${opts.tokenUrl}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    const text = await res.text();
    if (res.status !== 200) throw new AuthenticationError(res.status, text);
    let parsed: { access_token?: unknown; expires_in?: unknown; token_type?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch (e: unknown) {
      throw new AuthenticationError(res.status, `token endpoint answered 200 without JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    if (typeof parsed.access_token !== 'string' || typeof parsed.expires_in !== 'number') {
      throw new AuthenticationError(res.status, 'token endpoint answered 200 without access_token/expires_in');
    }
    const now = Date.now();
    const token: AccessToken = {
      token: parsed.access_token,
      expiresOnTimestamp: now + parsed.expires_in * 1000,
      refreshAfterTimestamp: now + (parsed.expires_in * 1000) / 2,
      tokenType: 'Bearer',
    };
    this.cache.set(scope, token);
    return token;
  }
}
