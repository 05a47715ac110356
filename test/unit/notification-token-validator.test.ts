/**
 * The call-notification token validator against a local OpenID metadata + JWKS server (node:http) and tokens
 * signed with jose, covering the rules of Microsoft's AuthenticationProvider.ValidateInboundRequestAsync.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import {
  createNotificationTokenValidator,
  type NotificationTokenValidator,
  type NotificationTokenValidatorOptions,
  type TokenValidationResult,
} from '../../src/calls/notification-token-validator';

const APP_ID = '0f8c2a4e-6b1d-4c3a-9e7f-2d5b8a1c9e04';
const TENANT = '1fdd12d0-4620-44ed-baec-459b611f84b2';
const GRAPH = 'https://graph.microsoft.com';
const BOTFRAMEWORK = 'https://api.botframework.com';

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  return { kid, privateKey, publicJwk: { ...jwk, kid, use: 'sig', alg: 'RS256' } };
}

/** A stand-in for api.aps.skype.com: /v1/.well-known/OpenIdConfiguration and /v1/keys (and /v1/keys2). */
class KeyServer {
  metadataHits = 0;
  jwksHits = 0;
  metadataStatus = 200;
  jwksStatus = 200;
  jwksPath = '/v1/keys';
  metadataBody: ((base: string) => unknown) | undefined;
  keys: JWK[] = [];
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private base = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get metadataUrl(): string {
    return `${this.base}/v1/.well-known/OpenIdConfiguration`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (req.url === '/v1/.well-known/OpenIdConfiguration') {
      this.metadataHits++;
      if (this.metadataStatus !== 200) {
        send(this.metadataStatus, { error: 'unavailable' });
        return;
      }
      const body = this.metadataBody
        ? this.metadataBody(this.base)
        : {
            issuer: BOTFRAMEWORK,
            authorization_endpoint: 'https://invalid.botframework.com',
            jwks_uri: `${this.base}${this.jwksPath}`,
            id_token_signing_alg_values_supported: ['RS256'],
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
          };
      send(200, body);
      return;
    }
    if (req.url === '/v1/keys' || req.url === '/v1/keys2') {
      this.jwksHits++;
      if (this.jwksStatus !== 200) {
        send(this.jwksStatus, { error: 'unavailable' });
        return;
      }
      send(200, { keys: this.keys });
      return;
    }
    send(404, { error: 'not found' });
  }
}

interface Clock {
  t: number;
  readonly now: () => number;
}
function clock(start = Date.now()): Clock {
  const c = { t: start, now: (): number => c.t };
  return c;
}

async function token(
  key: SigningKey,
  opts: { iss?: string; aud?: string; iat?: number; nbf?: number | null; exp?: number | null; claims?: JWTPayload; kid?: string | null; now?: number } = {},
): Promise<string> {
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  const claims: JWTPayload = opts.claims ?? { tid: TENANT };
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(opts.kid === null ? {} : { kid: opts.kid ?? key.kid }) })
    .setIssuer(opts.iss ?? BOTFRAMEWORK)
    .setAudience(opts.aud ?? APP_ID)
    .setIssuedAt(opts.iat ?? now);
  if (opts.nbf !== null) jwt.setNotBefore(opts.nbf ?? now);
  if (opts.exp !== null) jwt.setExpirationTime(opts.exp ?? now + 3600);
  return jwt.sign(key.privateKey);
}

function b64url(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

function assertRejected(r: TokenValidationResult, status: 401 | 403, reason?: RegExp, code?: string): void {
  assert.equal(r.ok, false, `expected a rejection, got ${JSON.stringify(r)}`);
  if (r.ok) return;
  assert.equal(r.status, status, r.reason);
  if (reason) assert.match(r.reason, reason);
  if (code) assert.equal(r.code, code);
}

describe('notification token validator', () => {
  let server: KeyServer;
  let k1: SigningKey;
  let k2: SigningKey;
  let attacker: SigningKey;

  before(async () => {
    k1 = await signingKey('k1');
    k2 = await signingKey('k2');
    attacker = await signingKey('k1'); // same kid as the real key, different key material
    server = await new KeyServer().start();
  });

  after(async () => {
    await server.stop();
  });

  function reset(): void {
    server.metadataHits = 0;
    server.jwksHits = 0;
    server.metadataStatus = 200;
    server.jwksStatus = 200;
    server.jwksPath = '/v1/keys';
    server.metadataBody = undefined;
    server.keys = [k1.publicJwk];
  }

  function validator(extra: Partial<NotificationTokenValidatorOptions> = {}): NotificationTokenValidator {
    return createNotificationTokenValidator({ openIdMetadataUrl: server.metadataUrl, audience: APP_ID, ...extra });
  }

  test('a valid token from either Microsoft issuer → ok with the tenant and the claims', async () => {
    reset();
    const v = validator();
    for (const iss of [BOTFRAMEWORK, GRAPH]) {
      const t = await token(k1, { iss });
      const r = await v.validate(`Bearer ${t}`);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.tenantId, TENANT);
      assert.equal(r.claims.iss, iss);
      assert.equal(r.claims.aud, APP_ID);
      assert.ok(!JSON.stringify(r).includes(t), 'the token is not echoed');
    }
  });

  test('the .NET-mapped tenant claim name is accepted too; scheme is case-insensitive', async () => {
    reset();
    const v = validator();
    const t = await token(k1, { claims: { 'http://schemas.microsoft.com/identity/claims/tenantid': TENANT } });
    const r = await v.validate(`bearer ${t}`);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.tenantId, TENANT);
  });

  test('no header, empty, "Basic", bare "Bearer", or a space-separated mess → 401 without any fetch', async () => {
    reset();
    const v = validator();
    assertRejected(await v.validate(undefined), 401, /missing Authorization/, 'no_credentials');
    assertRejected(await v.validate(''), 401, /missing Authorization/, 'no_credentials');
    assertRejected(await v.validate('Basic dXNlcjpwYXNz'), 401, /not "Bearer <token>"/, 'no_credentials');
    assertRejected(await v.validate('Bearer'), 401, undefined, 'no_credentials');
    assertRejected(await v.validate('Bearer    '), 401, undefined, 'no_credentials');
    assertRejected(await v.validate('Bearer a b'), 401, undefined, 'no_credentials');
    assert.equal(server.metadataHits, 0);
  });

  test('a token signed by another key with the same kid → 403 (signature)', async () => {
    reset();
    const t = await token(attacker);
    assertRejected(await validator().validate(`Bearer ${t}`), 403, /signature verification failed/, 'invalid_token');
  });

  test('a token with an unknown kid → 403, after one JWKS re-download at most', async () => {
    reset();
    const v = validator({ jwksCooldownMs: 0 });
    assert.ok((await v.validate(`Bearer ${await token(k1)}`)).ok);
    const hits = server.jwksHits;
    const t = await token(await signingKey('kid-nobody-knows'));
    assertRejected(await v.validate(`Bearer ${t}`), 403, /unknown kid/, 'invalid_token');
    assert.equal(server.jwksHits, hits + 1);
  });

  test('a token without kid is verified against the keys that fit', async () => {
    reset();
    const r = await validator().validate(`Bearer ${await token(k1, { kid: null })}`);
    assert.ok(r.ok, JSON.stringify(r));
    const bad = await validator().validate(`Bearer ${await token(attacker, { kid: null })}`);
    assertRejected(bad, 403, undefined, 'invalid_token');
  });

  test('a token without kid against a JWKS of several keys: each candidate is tried (as the samples\' IssuerSigningKeys)', async () => {
    reset();
    server.keys = [k1.publicJwk, k2.publicJwk];
    const v = validator();
    for (const key of [k1, k2]) {
      const r = await v.validate(`Bearer ${await token(key, { kid: null })}`);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.tenantId, TENANT);
    }
    assertRejected(await v.validate(`Bearer ${await token(attacker, { kid: null })}`), 403, /signature verification failed/, 'invalid_token');
    // A candidate that verifies the signature still has its claims checked.
    assertRejected(await v.validate(`Bearer ${await token(k2, { kid: null, aud: 'someone-else' })}`), 403, /aud/, 'invalid_token');
  });

  test('wrong audience → 403', async () => {
    reset();
    const t = await token(k1, { aud: 'some-other-bot' });
    assertRejected(await validator().validate(`Bearer ${t}`), 403, /"aud"/, 'invalid_token');
  });

  test('wrong issuer → 403 (login.microsoftonline.com tokens are not call notifications)', async () => {
    reset();
    const v = validator();
    for (const iss of [`https://login.microsoftonline.com/${TENANT}/v2.0`, 'https://graph.microsoft.com/', 'https://evil.example']) {
      assertRejected(await v.validate(`Bearer ${await token(k1, { iss })}`), 403, /"iss"/, 'invalid_token');
    }
  });

  test('custom issuers replace the defaults', async () => {
    reset();
    const v = validator({ issuers: ['https://sandbox.local'] });
    assert.ok((await v.validate(`Bearer ${await token(k1, { iss: 'https://sandbox.local' })}`)).ok);
    assertRejected(await v.validate(`Bearer ${await token(k1, { iss: BOTFRAMEWORK })}`), 403, /"iss"/);
  });

  test('expired → 403; expired within the 300 s tolerance → ok', async () => {
    reset();
    const c = clock();
    const v = validator({ now: c.now });
    const nowS = Math.floor(c.t / 1000);
    assertRejected(await v.validate(`Bearer ${await token(k1, { iat: nowS - 4000, nbf: nowS - 4000, exp: nowS - 301 })}`), 403, /expired/, 'invalid_token');
    assert.ok((await v.validate(`Bearer ${await token(k1, { iat: nowS - 4000, nbf: nowS - 4000, exp: nowS - 200 })}`)).ok);
    const strict = validator({ now: c.now, clockToleranceSeconds: 0 });
    assertRejected(await strict.validate(`Bearer ${await token(k1, { iat: nowS - 4000, nbf: nowS - 4000, exp: nowS - 200 })}`), 403, /expired/);
  });

  test('not yet valid → 403; nbf within the tolerance → ok', async () => {
    reset();
    const c = clock();
    const v = validator({ now: c.now });
    const nowS = Math.floor(c.t / 1000);
    assertRejected(await v.validate(`Bearer ${await token(k1, { nbf: nowS + 400, exp: nowS + 4000 })}`), 403, /"nbf"/, 'invalid_token');
    assert.ok((await v.validate(`Bearer ${await token(k1, { nbf: nowS + 200, exp: nowS + 4000 })}`)).ok);
  });

  test('a token without exp → 403', async () => {
    reset();
    assertRejected(await validator().validate(`Bearer ${await token(k1, { exp: null })}`), 403, /"exp"/, 'invalid_token');
  });

  test('missing or empty tenant claim → 403', async () => {
    reset();
    const v = validator();
    assertRejected(await v.validate(`Bearer ${await token(k1, { claims: {} })}`), 403, /tenant/, 'invalid_token');
    assertRejected(await v.validate(`Bearer ${await token(k1, { claims: { tid: '' } })}`), 403, /tenant/, 'invalid_token');
    assertRejected(await v.validate(`Bearer ${await token(k1, { claims: { tid: 42 } })}`), 403, /tenant/, 'invalid_token');
  });

  test('alg "none" and HS256 tokens (also HS256 keyed with the public key) → 403', async () => {
    reset();
    const v = validator();
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: BOTFRAMEWORK, aud: APP_ID, iat: now, nbf: now, exp: now + 3600, tid: TENANT };
    const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;
    assertRejected(await v.validate(`Bearer ${none}`), 403, undefined, 'invalid_token');

    const secret = new TextEncoder().encode('a-shared-secret-that-is-long-enough-for-hs256!!');
    const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'k1' }).sign(secret);
    assertRejected(await v.validate(`Bearer ${hs}`), 403, /algorithm not allowed/, 'invalid_token');

    // The classic RS256→HS256 confusion: HMAC keyed with the public key's bytes.
    const confused = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'k1' }).sign(new TextEncoder().encode(JSON.stringify(k1.publicJwk)));
    assertRejected(await v.validate(`Bearer ${confused}`), 403, /algorithm not allowed/, 'invalid_token');
  });

  test('malformed and tampered tokens → 403', async () => {
    reset();
    const v = validator();
    assertRejected(await v.validate('Bearer not-a-jwt'), 403, /malformed/, 'invalid_token');
    assertRejected(await v.validate('Bearer a.b.c'), 403, undefined, 'invalid_token');
    const t = await token(k1);
    const [h, , s] = t.split('.');
    const tampered = `${h}.${b64url({ iss: BOTFRAMEWORK, aud: APP_ID, tid: 'another-tenant', exp: Math.floor(Date.now() / 1000) + 3600 })}.${s}`;
    assertRejected(await v.validate(`Bearer ${tampered}`), 403, /signature/, 'invalid_token');
    assertRejected(await v.validate(`Bearer ${'a'.repeat(20_000)}`), 403, /too large/, 'invalid_token');
  });

  test('rejections never carry the token', async () => {
    reset();
    const v = validator();
    const tokens = [await token(attacker), await token(k1, { aud: 'x' }), await token(k1, { claims: {} }), 'not-a-jwt-but-secret-looking'];
    for (const t of tokens) {
      const r = await v.validate(`Bearer ${t}`);
      assert.equal(r.ok, false);
      const text = JSON.stringify(r);
      assert.ok(!text.includes(t), 'token not in the result');
      for (const part of t.split('.').filter((p) => p.length > 8)) assert.ok(!text.includes(part), 'no token segment in the result');
    }
  });

  test('metadata and keys are fetched once and shared by concurrent requests', async () => {
    reset();
    const v = validator();
    const t = await token(k1);
    const results = await Promise.all(Array.from({ length: 10 }, () => v.validate(`Bearer ${t}`)));
    assert.ok(results.every((r) => r.ok));
    assert.equal(server.metadataHits, 1);
    assert.equal(server.jwksHits, 1);
    for (let i = 0; i < 5; i++) assert.ok((await v.validate(`Bearer ${t}`)).ok);
    assert.equal(server.metadataHits, 1);
    assert.equal(server.jwksHits, 1);
  });

  test('metadata is cached for metadataTtlMs and refreshed after; a new jwks_uri is followed', async () => {
    reset();
    const c = clock();
    const v = validator({ now: c.now, metadataTtlMs: 60_000 });
    const t = await token(k1);
    assert.ok((await v.validate(`Bearer ${t}`)).ok);
    assert.equal(server.metadataHits, 1);
    c.t += 59_999;
    assert.ok((await v.validate(`Bearer ${t}`)).ok);
    assert.equal(server.metadataHits, 1);
    c.t += 1;
    assert.ok((await v.validate(`Bearer ${t}`)).ok);
    assert.equal(server.metadataHits, 2);
    assert.equal(server.jwksHits, 1, 'same jwks_uri: the downloaded keys are reused');

    server.jwksPath = '/v1/keys2';
    c.t += 60_000;
    assert.ok((await v.validate(`Bearer ${t}`)).ok);
    assert.equal(server.metadataHits, 3);
    assert.equal(server.jwksHits, 2, 'new jwks_uri: keys downloaded from it');
  });

  test('the default TTL is 2 hours', async () => {
    reset();
    const c = clock();
    const v = validator({ now: c.now });
    const t = await token(k1, { exp: Math.floor(c.t / 1000) + 5 * 3600 }); // still valid on the advanced clock
    assert.ok((await v.validate(`Bearer ${t}`)).ok);
    c.t += 2 * 60 * 60 * 1000 - 1;
    assert.ok((await v.validate(`Bearer ${t}`)).ok);
    assert.equal(server.metadataHits, 1);
    c.t += 1;
    assert.ok((await v.validate(`Bearer ${t}`)).ok);
    assert.equal(server.metadataHits, 2);
  });

  test('a failed refresh keeps the last good metadata and retries after metadataRetryMs', async () => {
    reset();
    const c = clock();
    const v = validator({ now: c.now, metadataTtlMs: 1_000, metadataRetryMs: 10_000 });
    const t = await token(k1);
    assert.ok((await v.validate(`Bearer ${t}`)).ok);
    server.metadataStatus = 503;
    c.t += 1_000;
    assert.ok((await v.validate(`Bearer ${t}`)).ok, 'stale keys still verify');
    assert.equal(server.metadataHits, 2);
    c.t += 5_000;
    assert.ok((await v.validate(`Bearer ${t}`)).ok);
    assert.equal(server.metadataHits, 2, 'no retry before metadataRetryMs');
    c.t += 5_000;
    server.metadataStatus = 200;
    assert.ok((await v.validate(`Bearer ${t}`)).ok);
    assert.equal(server.metadataHits, 3);
    assertRejected(await v.validate(`Bearer ${await token(attacker)}`), 403, /signature/);
  });

  test('metadata server down → 403 keys_unavailable, no crash; recovers once it is back', async () => {
    reset();
    const down = await new KeyServer().start();
    const url = down.metadataUrl;
    await down.stop();
    const c = clock();
    const v = createNotificationTokenValidator({ openIdMetadataUrl: url, audience: APP_ID, now: c.now, metadataRetryMs: 1_000 });
    const t = await token(k1);
    for (let i = 0; i < 3; i++) {
      assertRejected(await v.validate(`Bearer ${t}`), 403, /signing keys unavailable/, 'keys_unavailable');
    }
    // Bad metadata answers are the same kind of failure.
    for (const body of [(): unknown => 'not json at all', (): unknown => ({ issuer: BOTFRAMEWORK }), (): unknown => ({ jwks_uri: 'ftp://keys' }), (): unknown => ({ jwks_uri: 42 })]) {
      reset();
      server.metadataBody = body;
      assertRejected(await validator().validate(`Bearer ${t}`), 403, /signing keys unavailable/, 'keys_unavailable');
    }
    reset();
    server.metadataStatus = 500;
    const flaky = validator({ now: c.now, metadataRetryMs: 1_000 });
    assertRejected(await flaky.validate(`Bearer ${t}`), 403, /HTTP 500/, 'keys_unavailable');
    assertRejected(await flaky.validate(`Bearer ${t}`), 403, /HTTP 500/, 'keys_unavailable');
    assert.equal(server.metadataHits, 1, 'failures are not retried on every request');
    server.metadataStatus = 200;
    c.t += 1_000;
    assert.ok((await flaky.validate(`Bearer ${t}`)).ok);
  });

  test('JWKS endpoint down or broken → 403 keys_unavailable', async () => {
    reset();
    server.jwksStatus = 500;
    const t = await token(k1);
    assertRejected(await validator().validate(`Bearer ${t}`), 403, /signing keys unavailable/, 'keys_unavailable');
    reset();
    server.metadataBody = (base) => ({ jwks_uri: `${base}/v1/nothing-here` });
    assertRejected(await validator().validate(`Bearer ${t}`), 403, /signing keys unavailable/, 'keys_unavailable');
  });

  test('key rotation: a new kid in the JWKS is picked up (after jose\'s cooldown)', async () => {
    reset();
    const fast = validator({ jwksCooldownMs: 0 });
    assert.ok((await fast.validate(`Bearer ${await token(k1)}`)).ok);
    server.keys = [k1.publicJwk, k2.publicJwk];
    const r = await fast.validate(`Bearer ${await token(k2)}`);
    assert.ok(r.ok, JSON.stringify(r));
    assert.ok((await fast.validate(`Bearer ${await token(k1)}`)).ok, 'the old key keeps working while published');

    // With the default 30 s cooldown a brand-new kid right after a download is refused (no JWKS hammering) …
    reset();
    const normal = validator();
    assert.ok((await normal.validate(`Bearer ${await token(k1)}`)).ok);
    server.keys = [k2.publicJwk];
    const hits = server.jwksHits;
    assertRejected(await normal.validate(`Bearer ${await token(k2)}`), 403, /unknown kid/);
    assert.equal(server.jwksHits, hits, 'no download during the cooldown');
  });

  test('fetchImpl is used for both the metadata and the keys', async () => {
    reset();
    const seen: string[] = [];
    const fetchImpl: typeof fetch = async (input, init) => {
      seen.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      return fetch(input, init);
    };
    assert.ok((await validator({ fetchImpl }).validate(`Bearer ${await token(k1)}`)).ok);
    assert.deepEqual(seen, [server.metadataUrl, server.metadataUrl.replace('/.well-known/OpenIdConfiguration', '/keys')]);
  });

  test('configuration errors throw at creation, not per request', () => {
    assert.throws(() => createNotificationTokenValidator({ openIdMetadataUrl: 'not a url', audience: APP_ID }));
    assert.throws(() => createNotificationTokenValidator({ openIdMetadataUrl: 'https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration', audience: ' ' }));
    assert.throws(() => createNotificationTokenValidator({ openIdMetadataUrl: 'https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration', audience: APP_ID, issuers: [] }));
  });
});
