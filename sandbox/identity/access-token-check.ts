/**
 * How Graph checks the bearer token of every request (sandbox side): signature (the authority's published keys),
 * audience https://graph.microsoft.com (or Graph's app id), issuer/tenant (`tid` must be the sandbox tenant),
 * expiry and not-before. Failures are 401 InvalidAuthenticationToken with the messages Graph is seen to give
 * ("Access token is empty.", "Access token validation failure. Invalid audience.", "Lifetime validation failed,
 * the token is expired.", …; inferred where the docs give no text). What a valid token grants is its `roles`.
 */
import { errors, importJWK, jwtVerify, type JWK } from 'jose';
import { invalidAuthenticationToken } from '../graph/graph-errors';

export interface VerifiedAppToken {
  readonly appId: string;
  readonly roles: readonly string[];
}

export interface AccessTokenCheckOptions {
  readonly tenantId: string;
  /** The authority's public keys (its JWKS `keys`). */
  readonly keys: () => readonly JWK[];
  readonly audiences: readonly string[];
}

function bearerOf(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw invalidAuthenticationToken('Access token is empty.');
  const m = /^(\S+)(?:\s+(.*))?$/.exec(header.trim());
  if (m === null || m[1]?.toLowerCase() !== 'bearer') {
    throw invalidAuthenticationToken('Access token validation failure. The Authorization header must use the Bearer scheme.');
  }
  const token = (m[2] ?? '').trim();
  if (token === '') throw invalidAuthenticationToken('Access token is empty.');
  if (token.split('.').length !== 3) throw invalidAuthenticationToken('IDX14100: JWT is not well formed, there are no dots (.).');
  return token;
}

export async function verifyAppToken(authorization: string | undefined, opts: AccessTokenCheckOptions): Promise<VerifiedAppToken> {
  const token = bearerOf(authorization);
  const keys = opts.keys();
  let payload: Record<string, unknown> | undefined;
  let lastError: unknown;
  for (const jwk of keys) {
    try {
      const key = await importJWK({ ...jwk, alg: 'RS256' }, 'RS256');
      payload = (await jwtVerify(token, key, { algorithms: ['RS256'], clockTolerance: 300 })).payload;
      break;
    } catch (e: unknown) {
      lastError = e;
      if (!(e instanceof errors.JWSSignatureVerificationFailed)) break;
    }
  }
  if (payload === undefined) {
    if (lastError instanceof errors.JWTExpired) throw invalidAuthenticationToken('Lifetime validation failed, the token is expired.');
    if (lastError instanceof errors.JWTClaimValidationFailed) throw invalidAuthenticationToken(`Access token validation failure. ${lastError.message}`);
    throw invalidAuthenticationToken('Access token validation failure. Signature validation failed.');
  }
  const aud = payload['aud'];
  if (typeof aud !== 'string' || !opts.audiences.some((a) => a.toLowerCase() === aud.toLowerCase())) {
    throw invalidAuthenticationToken('Access token validation failure. Invalid audience.');
  }
  const tid = payload['tid'];
  if (typeof tid !== 'string' || tid.toLowerCase() !== opts.tenantId.toLowerCase()) {
    // inferred: Graph's text for a token of another tenant.
    throw invalidAuthenticationToken('Access token validation failure. Invalid issuer.');
  }
  const roles = Array.isArray(payload['roles']) ? payload['roles'].filter((r): r is string => typeof r === 'string') : [];
  const appId = typeof payload['appid'] === 'string' ? payload['appid'] : typeof payload['azp'] === 'string' ? payload['azp'] : '';
  return { appId, roles };
}
