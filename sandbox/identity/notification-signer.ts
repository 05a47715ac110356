/**
 * The key that signs the sandbox's call notifications, and the two documents a bot uses to
 * validate them — the local counterparts of
 *   https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration   (OpenID metadata)
 *   https://api.aps.skype.com/v1/keys                              (its jwks_uri)
 * which Microsoft's calling samples download (microsoft-graph-comms-samples,
 * Samples/Common/Sample.Common/Authentication/AuthenticationProvider.cs) to check the
 * `Authorization: Bearer <JWT>` of every notification: RS256, issuer ∈ {https://graph.microsoft.com,
 * https://api.botframework.com}, audience = the bot's app id, and a tenant claim.
 *
 * Claims. The samples read the tenant from the claim type
 * `http://schemas.microsoft.com/identity/claims/tenantid`, which is where .NET's
 * JwtSecurityTokenHandler puts a wire claim named `tid` (its default inbound claim-type map), so the
 * token carries `tid` (inferred: no captured token was found). `appid` is inferred too (Graph's
 * first-party app id). iat/nbf = now, exp = now + 1 h.
 *
 * Keys. A 2048-bit RSA key is generated per sandbox start (node:crypto, no dependency). `kid` and
 * `x5t` are the same value, as in Microsoft's key sets; the sandbox has no certificate, so the value
 * is the base64url SHA-1 of the public key's SPKI DER rather than of a certificate (deviation,
 * harmless: validators select the key by `kid`). The JWKS has no `x5c` for the same reason.
 *
 * The metadata document follows the Bot Framework's (same service family): issuer,
 * authorization_endpoint (not a working endpoint — the service never runs an authorization flow),
 * jwks_uri, id_token_signing_alg_values_supported, token_endpoint_auth_methods_supported. The exact
 * member values of the aps.skype.com document are inferred.
 */
import { createHash, generateKeyPair, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);

/** Microsoft Graph's first-party application id, used as the token's `appid` (inferred). */
export const GRAPH_FIRST_PARTY_APP_ID = '00000003-0000-0000-c000-000000000000';

export interface PublicJwk {
  readonly kty: 'RSA';
  readonly use: 'sig';
  readonly kid: string;
  readonly x5t: string;
  readonly n: string;
  readonly e: string;
}

export interface TokenOverrides {
  /** Claims to add or replace (e.g. { aud: 'someone-else' }, { iss: 'https://evil.example' }). */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** exp = now + this (default 3600). A negative value gives an already expired token. */
  readonly expiresInSeconds?: number;
  /** Claims to leave out (e.g. ['tid']). Applied after `claims`. */
  readonly omitClaims?: readonly string[];
}

export interface NotificationSignerOptions {
  readonly audience: string;
  readonly issuer: string;
  readonly tenantId: string;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export class NotificationSigner {
  readonly kid: string;
  readonly jwk: PublicJwk;
  private readonly privateKey: KeyObject;
  private readonly opts: NotificationSignerOptions;

  private constructor(privateKey: KeyObject, publicKey: KeyObject, opts: NotificationSignerOptions) {
    this.privateKey = privateKey;
    this.opts = opts;
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    this.kid = createHash('sha1').update(spki).digest('base64url');
    const jwk = publicKey.export({ format: 'jwk' });
    if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw new Error('RSA public key export lacks n/e');
    this.jwk = { kty: 'RSA', use: 'sig', kid: this.kid, x5t: this.kid, n: jwk.n, e: jwk.e };
  }

  static async create(opts: NotificationSignerOptions): Promise<NotificationSigner> {
    const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
    return new NotificationSigner(privateKey, publicKey, opts);
  }

  get issuer(): string {
    return this.opts.issuer;
  }

  get audience(): string {
    return this.opts.audience;
  }

  /** A compact JWS (RS256) with the claims Graph's notification tokens carry, adjusted by `overrides`. */
  sign(overrides: TokenOverrides = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = overrides.expiresInSeconds ?? 3600;
    if (!Number.isFinite(expiresIn)) throw new RangeError(`expiresInSeconds must be finite, got ${expiresIn}`);
    const claims: Record<string, unknown> = {
      aud: this.opts.audience,
      iss: this.opts.issuer,
      iat: now,
      nbf: now,
      exp: now + Math.trunc(expiresIn),
      appid: GRAPH_FIRST_PARTY_APP_ID,
      tid: this.opts.tenantId,
      ...(overrides.claims ?? {}),
    };
    for (const name of overrides.omitClaims ?? []) delete claims[name];
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid, x5t: this.kid };
    const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign('RSA-SHA256', Buffer.from(input), this.privateKey);
    return `${input}.${base64url(signature)}`;
  }

  jwks(): { keys: PublicJwk[] } {
    return { keys: [this.jwk] };
  }

  /** The OpenID metadata document, with jwks_uri pointing at `jwksUri`. */
  openIdConfiguration(jwksUri: string): Record<string, unknown> {
    return {
      issuer: this.opts.issuer,
      authorization_endpoint: 'https://invalid.botframework.com',
      jwks_uri: jwksUri,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    };
  }
}
