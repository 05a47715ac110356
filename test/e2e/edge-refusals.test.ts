/**
 * Issue #11 (edge): bad requests answer 4xx with a fixed short text, never 500 and never an internal message
 * (JWT library text, DNS errors); activities whose serviceUrl is not allowed are refused before the bot acts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateKeyPair, SignJWT } from 'jose';
import { startHarness, type Harness } from '../support/harness';

const APP_ID = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
const FIXED = new Set(['{"error":"invalid activity"}', '{"error":"unauthorized"}', '{"error":"invalid JSON"}', '{"error":"forbidden"}', '{"error":"service url not allowed"}']);

async function raw(h: Harness, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(`${h.app.url}${path}`, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

function b64(o: unknown): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

function assertFixed(r: { status: number; text: string }, status: number, what: string): void {
  assert.equal(r.status, status, `${what}: status (body ${r.text.slice(0, 200)})`);
  assert.ok(FIXED.has(r.text), `${what}: fixed text, got ${r.text.slice(0, 300)}`);
}

describe('with an app id (production auth)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-used-here', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: '5f0c1e2a-8b7d-4c39-a6e4-2d9f3b1c7a58' } });
  });
  after(async () => { await h.close(); });

  test('malformed bodies → 400 fixed text', async () => {
    const json = { 'content-type': 'application/json' };
    const activity = h.fixture('group-chat-start', { id: 'edge-1' });
    const { type: _omit, ...noType } = activity;
    assertFixed(await raw(h, '/api/messages', JSON.stringify(noType), json), 400, 'missing type');
    assertFixed(await raw(h, '/api/messages', JSON.stringify({ ...activity, type: 'bogus' }), json), 400, 'wrong type');
    assertFixed(await raw(h, '/api/messages', JSON.stringify({ ...activity, type: 42 }), json), 400, 'numeric type');
    assertFixed(await raw(h, '/api/messages', '[1,2,3]', json), 400, 'array body');
    assertFixed(await raw(h, '/api/messages', '{"type": "message",', json), 400, 'broken JSON');
    assertFixed(await raw(h, '/api/messages', '<activity type="message"/>', { 'content-type': 'application/xml' }), 400, 'XML');
    assertFixed(await raw(h, '/api/messages', 'type=message&text=hi', { 'content-type': 'application/x-www-form-urlencoded' }), 400, 'form');
    assertFixed(await raw(h, '/api/messages', 'hello', { 'content-type': 'text/plain' }), 400, 'text');
    const boundary = '----x';
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.json"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(activity)}\r\n--${boundary}--\r\n`;
    assertFixed(await raw(h, '/api/messages', multipart, { 'content-type': `multipart/form-data; boundary=${boundary}` }), 400, 'multipart');
    assert.equal(h.graph.control.meetings().length, 0);
  });

  test('forged tokens → 401 fixed text', async () => {
    const activity = h.fixture('group-chat-start', { id: 'edge-2' });
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: activity['serviceUrl'], iat: now, exp: now + 3600 };
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('guessed-secret'));
    const { privateKey } = await generateKeyPair('RS256');
    const future = await new SignJWT({ ...claims, nbf: now + 3600 }).setProtectedHeader({ alg: 'RS256', kid: 'forged' }).sign(privateKey);
    for (const [what, token] of [['alg none', none], ['HS256', hs], ['future nbf', future], ['garbage', 'not.a.jwt'], ['empty', '']] as const) {
      const r = await raw(h, '/api/messages', JSON.stringify(activity), { 'content-type': 'application/json', authorization: `Bearer ${token}` });
      assertFixed(r, 401, what);
    }
    for (const [what, token] of [['alg none', none], ['HS256', hs], ['garbage', 'x']] as const) {
      const r = await raw(h, '/api/calls', JSON.stringify({ value: [] }), { 'content-type': 'application/json', authorization: `Bearer ${token}` });
      assert.ok(r.status === 401 || r.status === 403, `calls ${what}: ${r.status}`);
      assertFixed(r, r.status, `calls ${what}`);
    }
    assert.equal(h.graph.control.meetings().length, 0);
    assert.equal(h.connector.activities.length, 0);
  });
});

describe('without an app id (sandbox / local client)', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  test('a non-loopback serviceUrl is refused (403) and nothing is created or sent', async () => {
    for (const serviceUrl of ['https://attacker.example/', 'http://10.0.0.5:8080/', 'https://smba.trafficmanager.net/amer/', 'http://127.0.0.1@evil.example/']) {
      const r = await raw(h, '/api/messages', JSON.stringify(h.fixture('group-chat-start', { id: `edge-su-${serviceUrl}`, serviceUrl })), { 'content-type': 'application/json' });
      assertFixed(r, 403, serviceUrl);
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(h.graph.control.meetings().length, 0);
  });

  test('the loopback Connector is still answered', async () => {
    const r = await raw(h, '/api/messages', JSON.stringify(h.fixture('group-chat-start', { id: 'edge-ok' })), { 'content-type': 'application/json' });
    assert.equal(r.status, 200);
    await h.waitForCard((a) => /Meeting ready/.test(JSON.stringify(a.activity)));
  });

  test('sandbox mode binds 127.0.0.1 only', () => {
    const addr = h.app.server.address() as { address: string };
    assert.equal(addr.address, '127.0.0.1');
  });
});
