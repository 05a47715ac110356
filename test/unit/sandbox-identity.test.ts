/**
 * The sandbox as Graph and its authority: `GET /_sandbox` describes the world (tenant, app registration,
 * authority and Graph URLs, the CA to trust, the people); every request needs a valid token of that authority
 * (401 InvalidAuthenticationToken), and each endpoint the application permission it documents (403
 * Authorization_RequestDenied, or the calling service's 7504); the control surface removes and restores roles.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { MEGAN_BOWEN } from '../../sandbox/graph/users/directory';
import { startGraphSandbox, type GraphSandbox } from '../../sandbox/graph/graph-sandbox';
import { appToken, graphFetch, sandboxFetch } from '../support/sandbox-access';

let sandbox: GraphSandbox;
let other: GraphSandbox;
before(async () => { [sandbox, other] = await Promise.all([startGraphSandbox(), startGraphSandbox({ tenantId: '0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e' })]); });
after(async () => { await Promise.all([sandbox.close(), other.close()]); });
beforeEach(() => sandbox.control.reset());

interface World {
  tenantId: string;
  appRegistration: { clientId: string; clientSecret: string; grantedRoles: string[] };
  authorityHost: string;
  tokenEndpoint: string;
  graphBaseUrl: string;
  caCertificatePem: string;
  people: { id: string; displayName: string }[];
}

async function world(): Promise<World> {
  return ((await (await fetch(`${sandbox.plainUrl}/_sandbox`)).json()) as { world: World }).world;
}

async function graphError(res: Response): Promise<{ code: string; message: string }> {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

async function roleControl(role: string, action: 'remove' | 'restore'): Promise<string[]> {
  const res = await fetch(`${sandbox.plainUrl}/_sandbox/app-roles/${encodeURIComponent(role)}/${action}`, { method: 'POST' });
  assert.equal(res.status, 200);
  return ((await res.json()) as { grantedRoles: string[] }).grantedRoles;
}

describe('GET /_sandbox describes the world', () => {
  test('tenant, app registration, authority and Graph URLs, the CA, the people', async () => {
    const w = await world();
    assert.equal(w.tenantId, sandbox.tenantId);
    assert.equal(w.appRegistration.clientId, sandbox.botAppId);
    assert.equal(w.appRegistration.clientSecret, sandbox.clientSecret);
    assert.match(w.authorityHost, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(w.graphBaseUrl, sandbox.url);
    assert.ok(new X509Certificate(w.caCertificatePem).ca, 'the PEM is a CA certificate');
    assert.ok(w.people.some((p) => p.id === MEGAN_BOWEN.id));
    // What it says is enough to get a token and call Graph over https.
    const res = await graphFetch(sandbox, `${w.graphBaseUrl}/v1.0/users/${MEGAN_BOWEN.id}`);
    assert.equal(res.status, 200);
  });

  test('the https certificate chains to that CA only', async () => {
    await assert.rejects(fetch(`${sandbox.url}/v1.0/users`), /fetch failed/);
  });
});

describe('tokens: 401 InvalidAuthenticationToken as Graph answers', () => {
  test('none, malformed, or signed by another authority (other keys and tenant)', async () => {
    const url = `${sandbox.url}/v1.0/users/${MEGAN_BOWEN.id}`;
    const none = await sandboxFetch(sandbox, url);
    assert.equal(none.status, 401);
    assert.equal((await graphError(none)).message, 'Access token is empty.');
    const malformed = await sandboxFetch(sandbox, url, { headers: { Authorization: 'Bearer not-a-jwt' } });
    assert.equal(malformed.status, 401);
    assert.equal((await graphError(malformed)).code, 'InvalidAuthenticationToken');
    const foreign = await sandboxFetch(sandbox, url, { headers: { Authorization: `Bearer ${await appToken(other)}` } });
    assert.equal(foreign.status, 401);
    assert.match((await graphError(foreign)).message, /Access token validation failure/);
  });
});

describe('application permissions: removed through the control surface, enforced per endpoint', () => {
  test('User.Read.All → 403 Authorization_RequestDenied on /users; restored → 200', async () => {
    assert.ok(!(await roleControl('User.Read.All', 'remove')).includes('User.Read.All'));
    assert.ok(!(await world()).appRegistration.grantedRoles.includes('User.Read.All'));
    const res = await graphFetch(sandbox, `${sandbox.url}/v1.0/users/${MEGAN_BOWEN.id}`);
    assert.equal(res.status, 403);
    const error = await graphError(res);
    assert.deepEqual([error.code, error.message], ['Authorization_RequestDenied', 'Insufficient privileges to complete the operation.']);
    await roleControl('User.Read.All', 'restore');
    assert.equal((await graphFetch(sandbox, `${sandbox.url}/v1.0/users/${MEGAN_BOWEN.id}`)).status, 200);
  });

  test('OnlineMeetings.ReadWrite.All → createOrGet 403; Calls.JoinGroupCall.All → POST /communications/calls 403 7504', async () => {
    sandbox.control.setAppRoles(['User.Read.All']);
    const meeting = await graphFetch(sandbox, `${sandbox.url}/v1.0/users/${MEGAN_BOWEN.id}/onlineMeetings/createOrGet`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ externalId: 'x' }) });
    assert.equal(meeting.status, 403);
    assert.equal((await graphError(meeting)).code, 'Authorization_RequestDenied');
    const call = await graphFetch(sandbox, `${sandbox.url}/v1.0/communications/calls`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ chatInfo: { threadId: '19:meeting_x@thread.v2', messageId: '0' }, meetingInfo: { '@odata.type': '#microsoft.graph.organizerMeetingInfo' } }),
    });
    assert.equal(call.status, 403);
    const error = await graphError(call);
    assert.deepEqual([error.code, error.message], ['7504', 'Insufficient enterprise tenant permissions, cannot access this API.']);
  });

  test('a $batch item is checked with its batch\'s token', async () => {
    sandbox.control.setAppRoles(['OnlineMeetings.ReadWrite.All']);
    const res = await graphFetch(sandbox, `${sandbox.url}/v1.0/$batch`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ requests: [{ id: '1', method: 'GET', url: `/users/${MEGAN_BOWEN.id}` }] }) });
    assert.equal(res.status, 200);
    const item = ((await res.json()) as { responses: { id: string; status: number }[] }).responses[0]!;
    assert.equal(item.status, 403);
  });
});
