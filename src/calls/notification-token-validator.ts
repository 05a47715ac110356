/**
 * Validates the bearer token Graph puts on every call notification POSTed to the bot's callbackUri.
 *
 * Mirrors what Microsoft's calling samples do (microsoft-graph-comms-samples,
 * Samples/Common/Sample.Common/Authentication/AuthenticationProvider.cs, ValidateInboundRequestAsync):
 *  - signing keys come from the OpenID metadata at https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration
 *    (its jwks_uri), re-read every 2 hours;
 *  - issuer ∈ {https://graph.microsoft.com, https://api.botframework.com}, audience = the bot's app id,
 *    lifetime checked with the .NET default clock skew of 5 minutes;
 *  - the samples validate against every signing key of the metadata (IssuerSigningKeys), so a token without
 *    `kid`, or a kid several published keys share, is tried against each key that fits (verifyWithCandidates);
 *  - a tenant claim must be present (raw `tid`; .NET maps it to
 *    http://schemas.microsoft.com/identity/claims/tenantid, which is accepted too);
 *  - anything invalid is answered 403 ("Returning invalid result will trigger a Forbidden response").
 * A request without a bearer credential at all gets 401 instead.
 *
 * Never throws, never logs, and never puts the token (or any part of it) into a result: the caller logs `reason`.
 */
import { createRemoteJWKSet, customFetch, errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';

export const DEFAULT_OPENID_METADATA_URL = 'https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration';
const DEFAULT_NOTIFICATION_ISSUERS: readonly string[] = ['https://graph.microsoft.com', 'https://api.botframework.com'];
const DEFAULT_METADATA_TTL_MS = 2 * 60 * 60 * 1000;
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 300;
/** After a failed metadata refresh, wait this long before trying again (the last good metadata stays in use). */
const DEFAULT_METADATA_RETRY_MS = 30_000;
/** Tokens longer than this are rejected without parsing (Graph's tokens are ~1–2 KB). */
const MAX_TOKEN_LENGTH = 16 * 1024;

const TENANT_CLAIMS = ['tid', 'http://schemas.microsoft.com/identity/claims/tenantid'] as const;
const ALGORITHMS = ['RS256'];
const METADATA_FETCH_TIMEOUT_MS = 10_000;

/** Why a request was refused, for the caller's logs and metrics. */
type TokenFailureCode =
  /** No Authorization header, or not `Bearer <token>` → 401. */
  | 'no_credentials'
  /** A bearer token that does not pass validation → 403. */
  | 'invalid_token'
  /** The OpenID metadata or the signing keys could not be fetched: nothing can be accepted → 403. Ops problem. */
  | 'keys_unavailable';

export type TokenValidationResult =
  | { readonly ok: true; readonly tenantId: string; readonly claims: Record<string, unknown> }
  | { readonly ok: false; readonly status: 401 | 403; readonly reason: string; readonly code: TokenFailureCode };

export interface NotificationTokenValidator {
  validate(authorizationHeader: string | undefined): Promise<TokenValidationResult>;
}

export interface NotificationTokenValidatorOptions {
  /** https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration in production; the sandbox serves its own. */
  readonly openIdMetadataUrl: string;
  /** The bot's Microsoft App ID (the token's `aud`). */
  readonly audience: string;
  /** Accepted `iss` values. Default: DEFAULT_NOTIFICATION_ISSUERS. */
  readonly issuers?: readonly string[];
  /** How long the OpenID metadata is reused before it is fetched again. Default 2 h (as the samples). */
  readonly metadataTtlMs?: number;
  /** Allowed clock skew for exp/nbf. Default 300 s (.NET TokenValidationParameters.ClockSkew default). */
  readonly clockToleranceSeconds?: number;
  readonly fetchImpl?: typeof fetch;
  /** Retry delay after a failed metadata refresh. Default 30 s. */
  readonly metadataRetryMs?: number;
  /**
   * Minimum time between two JWKS downloads triggered by an unknown `kid` (jose's cooldownDuration).
   * Default 30 s: a token with a brand-new kid is accepted once the cooldown since the last download has passed.
   */
  readonly jwksCooldownMs?: number;
  /** How long downloaded keys are trusted before jose downloads them again. Default: metadataTtlMs. */
  readonly jwksMaxAgeMs?: number;
  /** Clock (ms since epoch) for the metadata cache and exp/nbf checks. Default Date.now. */
  readonly now?: () => number;
}

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

interface Metadata {
  readonly jwksUri: string;
  readonly keys: RemoteKeySet;
  readonly fetchedAt: number;
}

class KeysUnavailableError extends Error {
  constructor(message: string, opts?: { cause?: unknown }) {
    super(message, opts);
    this.name = 'KeysUnavailableError';
  }
}

export function createNotificationTokenValidator(opts: NotificationTokenValidatorOptions): NotificationTokenValidator {
  const metadataUrl = new URL(opts.openIdMetadataUrl); // throws on a malformed URL: a configuration error, not a request error
  if (opts.audience.trim() === '') throw new TypeError('audience (the bot app id) must not be empty');
  const issuers = [...(opts.issuers ?? DEFAULT_NOTIFICATION_ISSUERS)];
  if (issuers.length === 0) throw new TypeError('issuers must not be empty');
  const ttlMs = opts.metadataTtlMs ?? DEFAULT_METADATA_TTL_MS;
  const retryMs = opts.metadataRetryMs ?? DEFAULT_METADATA_RETRY_MS;
  const tolerance = opts.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  const fetchImpl: typeof fetch = opts.fetchImpl ?? fetch;
  const now = opts.now ?? Date.now;

  let current: Metadata | undefined;
  let inflight: Promise<Metadata> | undefined;
  let lastFailureAt: number | undefined;
  let lastFailure: string | undefined;

  async function fetchMetadata(): Promise<Metadata> {
    let res: Response;
    try {
      res = await fetchImpl(metadataUrl.href, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(METADATA_FETCH_TIMEOUT_MS) });
    } catch (e: unknown) {
      throw new KeysUnavailableError(`OpenID metadata fetch failed (${describe(e)})`, { cause: e });
    }
    if (res.status !== 200) {
      await res.body?.cancel().catch((e: unknown) => void e); // only freeing the socket; the status is the error
      throw new KeysUnavailableError(`OpenID metadata answered HTTP ${res.status}`);
    }
    let doc: unknown;
    try {
      doc = await res.json();
    } catch (e: unknown) {
      throw new KeysUnavailableError('OpenID metadata is not JSON', { cause: e });
    }
    const jwksUri = isRecord(doc) && typeof doc.jwks_uri === 'string' ? doc.jwks_uri : undefined;
    if (!jwksUri) throw new KeysUnavailableError('OpenID metadata has no jwks_uri');
    let url: URL;
    try {
      url = new URL(jwksUri, metadataUrl);
    } catch (e: unknown) {
      throw new KeysUnavailableError('OpenID metadata jwks_uri is not a URL', { cause: e });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new KeysUnavailableError('OpenID metadata jwks_uri is not http(s)');
    if (url.protocol === 'http:' && metadataUrl.protocol === 'https:') throw new KeysUnavailableError('OpenID metadata jwks_uri downgrades https to http');
    // Keep the key set (and jose's cache of it) when the jwks_uri did not change.
    const keys = current && current.jwksUri === url.href
      ? current.keys
      : createRemoteJWKSet(url, {
          cooldownDuration: opts.jwksCooldownMs,
          cacheMaxAge: opts.jwksMaxAgeMs ?? ttlMs,
          [customFetch]: fetchImpl,
        });
    return { jwksUri: url.href, keys, fetchedAt: now() };
  }

  /** The metadata to verify with: cached while fresh, refreshed after the TTL, last good copy while a refresh fails. */
  async function metadata(): Promise<Metadata> {
    const t = now();
    if (current && t - current.fetchedAt < ttlMs) return current;
    const recentlyFailed = lastFailureAt !== undefined && t - lastFailureAt < retryMs;
    if (recentlyFailed) {
      if (current) return current;
      throw new KeysUnavailableError(lastFailure ?? 'OpenID metadata unavailable');
    }
    if (!inflight) {
      inflight = fetchMetadata()
        .then((m) => {
          current = m;
          lastFailureAt = undefined;
          lastFailure = undefined;
          return m;
        })
        .catch((e: unknown) => {
          lastFailureAt = now();
          lastFailure = describe(e);
          if (current) return current; // stale but known-good keys beat refusing every notification
          throw e;
        })
        .finally(() => {
          inflight = undefined;
        });
    }
    return inflight;
  }

  async function validate(authorizationHeader: string | undefined): Promise<TokenValidationResult> {
    const token = bearerToken(authorizationHeader);
    if (token === undefined) {
      return fail(401, 'no_credentials', authorizationHeader === undefined || authorizationHeader.trim() === ''
        ? 'missing Authorization header'
        : 'Authorization header is not "Bearer <token>"');
    }
    if (token.length > MAX_TOKEN_LENGTH) return fail(403, 'invalid_token', 'token too large');

    let meta: Metadata;
    try {
      meta = await metadata();
    } catch (e: unknown) {
      return fail(403, 'keys_unavailable', `signing keys unavailable: ${describe(e)}`);
    }

    let payload: JWTPayload;
    try {
      payload = await verifyWithCandidates(token, meta.keys, {
        algorithms: ALGORITHMS,
        issuer: issuers,
        audience: opts.audience,
        clockTolerance: tolerance,
        requiredClaims: ['exp'],
        currentDate: new Date(now()),
      });
    } catch (e: unknown) {
      return verificationFailure(e);
    }

    const tenantId = tenantOf(payload);
    if (tenantId === undefined) return fail(403, 'invalid_token', 'token has no tenant claim (tid)');
    return { ok: true, tenantId, claims: { ...payload } };
  }

  return {
    async validate(authorizationHeader) {
      try {
        return await validate(authorizationHeader);
      } catch (e: unknown) {
        // Defensive: validate() handles its own failures; never let a bug turn into an accepted request or a crash.
        return fail(403, 'invalid_token', `validation error: ${describe(e)}`);
      }
    },
  };
}

/**
 * jwtVerify against the key set; when several keys fit the header (no `kid`, or keys sharing one) every
 * candidate is tried in turn, as the samples' JwtSecurityTokenHandler does with IssuerSigningKeys = all
 * signing keys of the metadata, and as jose documents for JWKSMultipleMatchingKeys. A candidate whose
 * signature verifies decides: its claim failures are final.
 */
async function verifyWithCandidates(token: string, keys: RemoteKeySet, options: JWTVerifyOptions): Promise<JWTPayload> {
  try {
    return (await jwtVerify(token, keys, options)).payload;
  } catch (e: unknown) {
    if (!(e instanceof errors.JWKSMultipleMatchingKeys)) throw e;
    for await (const key of e) {
      try {
        return (await jwtVerify(token, key, options)).payload;
      } catch (inner: unknown) {
        if (inner instanceof errors.JWSSignatureVerificationFailed) continue;
        throw inner;
      }
    }
    throw new errors.JWSSignatureVerificationFailed();
  }
}

/** `Bearer <token68>` (scheme case-insensitive, RFC 7235); undefined for anything else. */
function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}

function tenantOf(payload: JWTPayload): string | undefined {
  for (const claim of TENANT_CLAIMS) {
    const v = payload[claim];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return undefined;
}

function verificationFailure(e: unknown): TokenValidationResult {
  if (e instanceof errors.JWTExpired) return fail(403, 'invalid_token', 'token expired');
  if (e instanceof errors.JWTClaimValidationFailed) {
    return fail(403, 'invalid_token', `claim "${e.claim}" rejected (${e.reason}): ${e.message}`);
  }
  if (e instanceof errors.JOSEAlgNotAllowed) return fail(403, 'invalid_token', 'signing algorithm not allowed (RS256 only)');
  if (e instanceof errors.JWSSignatureVerificationFailed) return fail(403, 'invalid_token', 'signature verification failed');
  if (e instanceof errors.JWKSNoMatchingKey) return fail(403, 'invalid_token', 'no signing key matches the token (unknown kid)');
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid) return fail(403, 'invalid_token', `malformed token (${e.code})`);
  if (e instanceof errors.JOSENotSupported) return fail(403, 'invalid_token', `unsupported token (${e.code})`);
  // Failures to download or read the JWKS: jose raises JWKSTimeout, JWKSInvalid, a generic JOSEError for non-200
  // answers, or the fetch TypeError itself.
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid || e instanceof errors.JWKInvalid) {
    return fail(403, 'keys_unavailable', `signing keys unavailable: ${e.code}`);
  }
  if (e instanceof errors.JOSEError) {
    if (e.code === 'ERR_JOSE_GENERIC') return fail(403, 'keys_unavailable', `signing keys unavailable: ${e.message}`);
    return fail(403, 'invalid_token', `token rejected (${e.code})`);
  }
  if (e instanceof TypeError) return fail(403, 'keys_unavailable', `signing keys unavailable: ${describe(e)}`);
  return fail(403, 'invalid_token', `token rejected: ${describe(e)}`);
}

function fail(status: 401 | 403, code: TokenFailureCode, reason: string): TokenValidationResult {
  return { ok: false, status, code, reason };
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
    return `${e.message}${cause}`.slice(0, 300);
  }
  return String(e).slice(0, 300);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
