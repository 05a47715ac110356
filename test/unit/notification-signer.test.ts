/**
 * The sandbox's notification signer rotates its keys (the next key is published before it is used) and signs
 * some notifications without kid; the bot's validator keeps accepting every token across a rotation without
 * downloading the keys again.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeProtectedHeader } from 'jose';
import { KIDLESS_EVERY, NotificationSigner, ROTATION_INTERVAL_MS } from '../../sandbox/identity/notification-signer';
import { signerDocument } from '../../sandbox/identity/signer-documents';
import { createNotificationTokenValidator } from '../../src/calls/notification-token-validator';

const BASE = 'http://signer.test';
const OPTS = { audience: 'bot-app-id', issuer: 'https://graph.microsoft.com', tenantId: 'tenant-1' };

/** The validator reads the signer's documents through fetchImpl (no sockets); counts the key downloads. */
function validatorFor(signer: NotificationSigner, now: () => number): { validate: (t: string) => Promise<boolean>; jwksHits: () => number } {
  let hits = 0;
  const fetchImpl = (async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.pathname === '/v1/keys') hits += 1;
    const doc = signerDocument(signer, BASE, 'GET', url.pathname.split('/').filter((s) => s !== ''));
    return new Response(JSON.stringify(doc?.body ?? {}), { status: doc?.status ?? 404, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const v = createNotificationTokenValidator({ openIdMetadataUrl: `${BASE}/v1/.well-known/OpenIdConfiguration`, audience: OPTS.audience, fetchImpl, now });
  return {
    validate: async (t) => {
      const r = await v.validate(`Bearer ${t}`);
      assert.ok(r.ok, JSON.stringify(r));
      return r.ok;
    },
    jwksHits: () => hits,
  };
}

describe('notification signer', () => {
  test('publishes the key in use and the next one; every third notification token has no kid', async () => {
    const signer = await NotificationSigner.create(OPTS);
    const keys = signer.jwks().keys;
    assert.equal(keys.length, 2);
    assert.equal(keys[0]?.kid, signer.kid);
    assert.notEqual(keys[1]?.kid, signer.kid);
    const kids = Array.from({ length: 2 * KIDLESS_EVERY }, () => decodeProtectedHeader(signer.signNotification()).kid);
    assert.deepEqual(
      kids.map((k) => k === undefined),
      [false, false, true, false, false, true],
    );
    assert.equal(decodeProtectedHeader(signer.sign()).kid, signer.kid, 'sign() keeps the kid unless asked');
  });

  test('rotation: the next key takes over, the former stays published, and a validator with cached keys accepts both', async () => {
    let t = Date.UTC(2026, 0, 1);
    const now = (): number => t;
    const signer = await NotificationSigner.create(OPTS, now);
    const v = validatorFor(signer, now);
    const before = [signer.signNotification(), signer.signNotification(), signer.signNotification()];
    for (const token of before) await v.validate(token);
    const hits = v.jwksHits();
    const [first, next] = signer.jwks().keys.map((k) => k.kid);

    t += ROTATION_INTERVAL_MS;
    const after = signer.signNotification();
    assert.equal(signer.kid, next, 'the published next key is now in use');
    assert.equal(decodeProtectedHeader(after).kid, next);
    await v.validate(after);
    await v.validate(signer.sign({ omitKid: true }));
    assert.equal(v.jwksHits(), hits, 'no key download was needed: the key was published ahead of its use');

    await signer.rotate(); // resolves once the new next key is published
    const published = signer.jwks().keys.map((k) => k.kid);
    assert.equal(published.length, 3);
    assert.ok(published.includes(first ?? ''), 'the previous key stays published');
  });
});
