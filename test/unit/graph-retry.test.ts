/**
 * Issue #11: Graph 500/502 on createOrGet (idempotent by externalId) and on the attendee `$batch` (and its items)
 * are retried with backoff; 503 is left to the SDK's RetryHandler (not retried twice); retries are bounded.
 * A fake Graph over real HTTP, through the production Graph client.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { after, before, beforeEach, test } from 'node:test';
import { createGraphClient } from '../../src/graph/graph-client';
import { GraphMeetingGateway } from '../../src/graph/graph-meeting-gateway';
import { GRAPH_RETRY, backoffMs, type RetryTiming } from '../../src/graph/graph-retry';
import { GraphUserDirectory } from '../../src/graph/graph-user-directory';

type Handler = (path: string, body: Record<string, unknown>) => { status: number; body: unknown };
let handler: Handler;
let seen: string[] = [];
let server: Server;
let baseUrl: string;
const sleeps: number[] = [];
const timing: RetryTiming = { sleep: async (ms) => { sleeps.push(ms); }, random: () => 0.5 };

before(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString(); });
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      seen.push(`${req.method} ${path}`);
      const out = handler(path, raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>));
      res.writeHead(out.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => { seen = []; sleeps.length = 0; });

const client = () => createGraphClient({ baseUrl, credential: { getToken: async () => ({ token: 'unused over http', expiresOnTimestamp: Date.now() + 3_600_000 }) } });
const graphError = (status: number) => ({ status, body: { error: { code: status === 500 ? 'InternalServerError' : 'BadGateway', message: 'transient' } } });
const meeting = { id: 'm1', joinWebUrl: 'https://teams.example/l/1', startDateTime: '2026-12-02T14:00:00Z', endDateTime: '2026-12-02T15:00:00Z', externalId: 'ext-1', chatInfo: { threadId: '19:t@thread.v2', messageId: '0' } };
const request = { organizerId: 'org-1', externalId: 'ext-1', subject: 'S', startDateTime: meeting.startDateTime, endDateTime: meeting.endDateTime, attendees: [] };

test('createOrGet: 500 then 502 then 200 → the meeting, three POSTs, growing backoff', async () => {
  const answers = [graphError(500), graphError(502), { status: 201, body: meeting }];
  handler = () => answers.shift()!;
  const got = await new GraphMeetingGateway(client(), undefined, timing).createOrGet(request);
  assert.equal(got.id, 'm1');
  assert.equal(seen.filter((s) => s.endsWith('/createOrGet')).length, 3);
  assert.deepEqual(sleeps, [backoffMs(0, () => 0.5), backoffMs(1, () => 0.5)]);
  assert.ok(sleeps[1]! > sleeps[0]!);
});

test('createOrGet: bounded — a persistent 500 fails after GRAPH_RETRY.attempts tries with GRAPH_UNAVAILABLE', async () => {
  handler = () => graphError(500);
  await assert.rejects(new GraphMeetingGateway(client(), undefined, timing).createOrGet(request), (e: Error & { code?: string }) => e.code === 'GRAPH_UNAVAILABLE');
  assert.equal(seen.length, GRAPH_RETRY.attempts);
});

test('createOrGet: a 400 is not retried', async () => {
  handler = () => ({ status: 400, body: { error: { code: 'BadRequest', message: 'no' } } });
  await assert.rejects(new GraphMeetingGateway(client(), undefined, timing).createOrGet(request));
  assert.equal(seen.length, 1);
});

const user = (upn: string) => ({ id: `id-${upn}`, displayName: upn, userPrincipalName: upn });

test('$batch: a 500 on the whole batch is retried, then every attendee is found', async () => {
  let n = 0;
  handler = (_path, body) => {
    if (n++ === 0) return graphError(500);
    const reqs = body['requests'] as { id: string; url: string }[];
    return { status: 200, body: { responses: reqs.map((r) => ({ id: r.id, status: 200, body: user(decodeURIComponent(r.url.split('/')[2]!.split('?')[0]!)) })) } };
  };
  const found = await new GraphUserDirectory(client(), timing).lookupByUpn(['a@x.com', 'b@x.com']);
  assert.equal(seen.length, 2);
  assert.deepEqual([...found.values()].map((r) => r.found), [true, true]);
});

test('$batch: per-item 500/502 are retried with backoff; a persistent one ends as not found after the bound', async () => {
  const tries = new Map<string, number>();
  handler = (_path, body) => {
    const reqs = body['requests'] as { id: string; url: string }[];
    return {
      status: 200,
      body: {
        responses: reqs.map((r) => {
          const upn = decodeURIComponent(r.url.split('/')[2]!.split('?')[0]!);
          const t = (tries.get(upn) ?? 0) + 1;
          tries.set(upn, t);
          if (upn === 'always@x.com') return { id: r.id, status: 500, body: {} };
          if (t === 1) return { id: r.id, status: upn === 'a@x.com' ? 500 : 502, body: {} };
          return { id: r.id, status: 200, body: user(upn) };
        }),
      },
    };
  };
  const found = await new GraphUserDirectory(client(), timing).lookupByUpn(['a@x.com', 'b@x.com', 'always@x.com']);
  assert.equal(found.get('a@x.com')?.found, true);
  assert.equal(found.get('b@x.com')?.found, true);
  assert.equal(found.get('always@x.com')?.found, false);
  assert.equal(tries.get('always@x.com'), GRAPH_RETRY.attempts);
  assert.ok(sleeps.every((ms) => ms > 0 && ms <= GRAPH_RETRY.maxDelayMs));
});
