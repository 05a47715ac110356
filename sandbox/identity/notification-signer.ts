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
 * Rotation (inferred: Microsoft publishes several keys in its key sets and rolls them over without
 * notice; the cadence is not documented). The JWKS holds the key in use and the next one, published
 * ahead of its use so a validator's cached copy already has it, plus the previous one after a
 * rotation (tokens still in flight). rotate() promotes the next key; notification signing rotates by
 * itself every ROTATION_INTERVAL_MS. So a validator must pick the key by `kid` among several.
 *
 * No `kid`. Every third notification token carries no `kid`/`x5t` header (inferred, to keep
 * validators honest: Microsoft's samples validate against all signing keys of the metadata, so a token
 * without kid verifies there). A validator then has to try each key that fits.
 *
 * Keys. 2048-bit RSA keys are generated per sandbox start (node:crypto, no dependency). `kid` and
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
const GRAPH_FIRST_PARTY_APP_ID = '00000003-0000-0000-c000-000000000000';

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
  /** Leave `kid` and `x5t` out of the JWS header. */
  readonly omitKid?: boolean;
}

/** Notification signing rolls the keys over this often (inferred). */
export const ROTATION_INTERVAL_MS = 24 * 60 * 60 * 1000;
/** Every this many notification tokens, one has no `kid` (inferred). */
export const KIDLESS_EVERY = 3;

export interface NotificationSignerOptions {
  readonly audience: string;
  readonly issuer: string;
  readonly tenantId: string;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

interface SigningKey {
  readonly kid: string;
  readonly jwk: PublicJwk;
  readonly privateKey: KeyObject;
}

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const kid = createHash('sha1').update(spki).digest('base64url');
  const jwk = publicKey.export({ format: 'jwk' });
  if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw new Error('RSA public key export lacks n/e');
  return { kid, privateKey, jwk: { kty: 'RSA', use: 'sig', kid, x5t: kid, n: jwk.n, e: jwk.e } };
}

export class NotificationSigner {
  private previous: SigningKey | null = null;
  private current: SigningKey;
  /** Published before use; null while its successor is being generated. */
  private next: SigningKey | null;
  private nextPending: Promise<void> | null = null;
  private readonly opts: NotificationSignerOptions;
  private readonly now: () => number;
  private currentSince: number;
  private notificationCount = 0;

  private constructor(current: SigningKey, next: SigningKey, opts: NotificationSignerOptions, now: () => number) {
    this.current = current;
    this.next = next;
    this.opts = opts;
    this.now = now;
    this.currentSince = now();
  }

  static async create(opts: NotificationSignerOptions, now: () => number = Date.now): Promise<NotificationSigner> {
    const [current, next] = await Promise.all([newSigningKey(), newSigningKey()]);
    return new NotificationSigner(current, next, opts, now);
  }

  /** The kid of the key in use. */
  get kid(): string {
    return this.current.kid;
  }

  get issuer(): string {
    return this.opts.issuer;
  }

  get audience(): string {
    return this.opts.audience;
  }

  /**
   * The next key becomes the one in use, the former one stays published as `previous`, and a new next
   * key is generated (published once ready). Resolves when the new next key is published.
   */
  rotate(): Promise<void> {
    if (this.next !== null) {
      this.previous = this.current;
      this.current = this.next;
      this.next = null;
      this.currentSince = this.now();
    }
    this.nextPending ??= newSigningKey()
      .then((k) => {
        this.next = k;
      })
      .finally(() => {
        this.nextPending = null;
      });
    return this.nextPending;
  }

  /** A call-notification token: rotates when due, and every KIDLESS_EVERY-th token has no kid. */
  /** `tenantId`: the call's tenant (the one its create-call request named), which the token's `tid` carries (inferred). */
  signNotification(tenantId?: string): string {
    if (this.now() - this.currentSince >= ROTATION_INTERVAL_MS && this.next !== null) {
      this.rotate().catch((e: unknown) => process.emitWarning(`notification signer rotation: ${e instanceof Error ? e.message : String(e)}`));
    }
    this.notificationCount += 1;
    return this.sign({ omitKid: this.notificationCount % KIDLESS_EVERY === 0, ...(tenantId ? { claims: { tid: tenantId } } : {}) });
  }

  /** A compact JWS (RS256) with the claims Graph's notification tokens carry, adjusted by `overrides`. */
  sign(overrides: TokenOverrides = {}): string {
    const now = Math.floor(this.now() / 1000);
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
    const key = this.current;
    const header = overrides.omitKid === true ? { alg: 'RS256', typ: 'JWT' } : { alg: 'RS256', typ: 'JWT', kid: key.kid, x5t: key.kid };
    const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign('RSA-SHA256', Buffer.from(input), key.privateKey);
    return `${input}.${base64url(signature)}`;
  }

  /** The published keys: the one in use first, then the next one, then the previous one. */
  jwks(): { keys: PublicJwk[] } {
    return { keys: [this.current, this.next, this.previous].filter((k): k is SigningKey => k !== null).map((k) => k.jwk) };
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
