/**
 * The sandbox's memory bounds and its latency control: the request log keeps only the most recent requests,
 * meetings are found by (organizer, externalId) through an index, and POST /_sandbox/latency sets Graph's delay.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startGraphSandbox, type GraphSandbox } from '../../sandbox/graph/graph-sandbox';
import { MeetingStore } from '../../sandbox/graph/meetings/meeting-store';
import { RequestLog } from '../../sandbox/graph/request-log';
import { ALEX_WILBER } from '../../sandbox/graph/users/directory';
import { graphFetch } from '../support/sandbox-access';

describe('request log', () => {
  test('keeps at most its limit, dropping the oldest; filters return plain arrays', () => {
    const log = RequestLog.bounded(100);
    for (let i = 0; i < 1000; i++) log.push({ method: 'GET', path: `/v1.0/r${i}`, query: '', body: undefined, headers: {}, at: i, via: 'http' });
    assert.ok(log.length <= 100);
    assert.equal(log.at(-1)?.path, '/v1.0/r999');
    const gets = log.filter((r) => r.method === 'GET');
    assert.equal(Object.getPrototypeOf(gets), Array.prototype);
    log.length = 0;
    assert.equal(log.length, 0);
  });
});

describe('meeting store index', () => {
  test('finds by (organizer, externalId) case-insensitively on the organizer, follows replacement and delete', () => {
    const store = new MeetingStore();
    for (let i = 0; i < 5000; i++) store.add({ organizerId: 'Org-A', createdVia: 'createOrGet', meeting: { id: `m${i}`, externalId: `x${i}` } });
    assert.equal(store.findByExternalId('org-a', 'x4999')?.meeting.id, 'm4999');
    assert.equal(store.findByExternalId('org-b', 'x4999'), undefined);
    store.add({ organizerId: 'Org-A', createdVia: 'createOrGet', meeting: { id: 'm1', externalId: 'renamed' } });
    assert.equal(store.findByExternalId('org-a', 'x1'), undefined);
    assert.equal(store.findByExternalId('org-a', 'renamed')?.meeting.id, 'm1');
    store.delete('m1');
    assert.equal(store.findByExternalId('org-a', 'renamed'), undefined);
    store.clear();
    assert.equal(store.findByExternalId('org-a', 'x2'), undefined);
  });
});

describe('POST /_sandbox/latency', () => {
  let sandbox: GraphSandbox;
  before(async () => { sandbox = await startGraphSandbox(); });
  after(async () => { await sandbox.close(); });

  const control = (body: unknown): Promise<Response> =>
    fetch(`${sandbox.plainUrl}/_sandbox/latency`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  test('sets the delay of top-level Graph requests; bad values are 400', async () => {
    const ok = await control({ ms: 120 });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { ok: true, latencyMs: 120 });
    const t0 = Date.now();
    await graphFetch(sandbox, `${sandbox.url}/v1.0/users/${ALEX_WILBER.id}`);
    assert.ok(Date.now() - t0 >= 100, 'the request waited for the latency');
    assert.equal((await control({ ms: 0 })).status, 200);
    assert.equal((await control({ ms: -1 })).status, 400);
    assert.equal((await control({ latency: 5 })).status, 400);
    const doc = (await (await fetch(`${sandbox.plainUrl}/_sandbox`)).json()) as { endpoints: { path: string }[] };
    assert.ok(doc.endpoints.some((e) => e.path === '/_sandbox/latency'));
  });
});

describe('GET /_sandbox/requests and POST /_sandbox/notification-token', () => {
  let sandbox: GraphSandbox;
  before(async () => { sandbox = await startGraphSandbox(); });
  after(async () => { await sandbox.close(); });

  test('the request log without bodies, filtered by arrival; a signed token', async () => {
    const t0 = Date.now();
    await graphFetch(sandbox, `${sandbox.url}/v1.0/users/${ALEX_WILBER.id}`);
    const res = await fetch(`${sandbox.plainUrl}/_sandbox/requests?since=${t0}`);
    assert.equal(res.status, 200);
    const { requests } = (await res.json()) as { requests: { method: string; path: string; status: number; at: number; finishedAt: number }[] };
    assert.ok(requests.some((r) => r.method === 'GET' && r.path === `/v1.0/users/${ALEX_WILBER.id}` && r.status === 200 && r.finishedAt >= r.at));
    const tok = await fetch(`${sandbox.plainUrl}/_sandbox/notification-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(tok.status, 200);
    assert.match(((await tok.json()) as { token: string }).token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});
