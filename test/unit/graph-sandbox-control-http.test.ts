/**
 * The Graph sandbox's HTTP control surface (/_sandbox…, control-routes.ts) over real HTTP: people join and
 * leave, calls dropped and failed, access policies, throttling, delivery quirks, bad input, the HTML page,
 * and that none of it is reachable through Graph's /v1.0 router or $batch.
 */
import { graphFetch } from '../support/sandbox-access';
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startGraphSandbox, type GraphSandbox } from '../../sandbox/graph/graph-sandbox';
import { Receiver } from '../support/callback-receiver';
import { isRoster, joinCallBody, rosterUserIds, stateOf } from '../support/sandbox-call-requests';
import { ADELE_VANCE, MEGAN_BOWEN, PATTI_FERNANDEZ } from '../../sandbox/graph/users/directory';

type Json = Record<string, unknown>;

// --- fixtures ---------------------------------------------------------------------------------------

let sandbox: GraphSandbox;
const receiver = new Receiver();

before(async () => {
  await receiver.start();
  sandbox = await startGraphSandbox({
    callTimings: { establishingMs: 10, establishedMs: 10, terminatingMs: 10, promptMs: 10, inviteAnswerMs: 10, retryDelayMs: 30, deliveryTimeoutMs: 2000 },
  });
});

after(async () => {
  await sandbox.close();
  await receiver.stop();
});

beforeEach(() => {
  sandbox.control.reset();
  receiver.reset();
});

interface Res {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json', ...headers };
  }
  const res = path.startsWith('/_sandbox') ? await fetch(`${sandbox.plainUrl}${path}`, init) : await graphFetch(sandbox, `${sandbox.url}${path}`, init as RequestInit & { headers?: Record<string, string> });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('json') && text !== '';
  return { status: res.status, headers: res.headers, text, json: isJson ? (JSON.parse(text) as Json) : {} };
}

const errorOf = (r: Res): Json => r.json['error'] as Json;

interface Meeting {
  id: string;
  threadId: string;
}

async function createMeeting(organizerId = MEGAN_BOWEN.id): Promise<Meeting> {
  const res = await http('POST', `/v1.0/users/${organizerId}/onlineMeetings/createOrGet`, {
    externalId: `inc-${Math.random().toString(36).slice(2)}`,
    subject: 'INC-7 <checkout> & payments',
    participants: { attendees: [{ identity: { user: { id: ADELE_VANCE.id } }, upn: ADELE_VANCE.userPrincipalName, role: 'attendee' }] },
  });
  assert.equal(res.status, 201, res.text);
  return { id: res.json['id'] as string, threadId: (res.json['chatInfo'] as Json)['threadId'] as string };
}

async function startCall(m: Meeting): Promise<string> {
  const res = await http('POST', '/v1.0/communications/calls', joinCallBody({ threadId: m.threadId, organizerId: MEGAN_BOWEN.id }, receiver.url));
  assert.equal(res.status, 201, res.text);
  return res.json['id'] as string;
}


const rosters = (callId: string): Json[] => receiver.itemsFor(callId).filter(isRoster);

async function waitForState(callId: string, state: string): Promise<Json> {
  return receiver.waitFor(() => receiver.itemsFor(callId).find((i) => stateOf(i) === state), `state ${state} of ${callId}`);
}

async function establishedCall(m: Meeting): Promise<string> {
  const id = await startCall(m);
  await waitForState(id, 'established');
  await receiver.waitFor(() => (rosters(id).length > 0 ? true : undefined), `first roster of ${id}`);
  return id;
}

const meetingPath = (key: string, action: 'join' | 'leave'): string => `/_sandbox/meetings/${encodeURIComponent(key)}/${action}`;

// --- tests --------------------------------------------------------------------------------------------

describe('GET /_sandbox', () => {
  test('self-describing JSON: endpoints, meetings with attendees, calls with the people in their meeting', async () => {
    assert.match(sandbox.url, /^https:\/\/127\.0\.0\.1:\d+$/, 'the sandbox (and so its control surface) binds to loopback');
    const m = await createMeeting();
    const callId = await establishedCall(m);
    assert.equal((await http('POST', meetingPath(m.threadId, 'join'), { userIdOrUpn: PATTI_FERNANDEZ.userPrincipalName })).status, 200);

    const res = await http('GET', '/_sandbox');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const endpoints = (res.json['endpoints'] as Json[]).map((e) => `${String(e['method'])} ${String(e['path'])}`);
    for (const e of [
      'GET /_sandbox/ui',
      'POST /_sandbox/meetings/{threadIdOrCallId}/join',
      'POST /_sandbox/meetings/{threadIdOrCallId}/leave',
      'POST /_sandbox/calls/{callId}/drop',
      'POST /_sandbox/next-call/fail',
      'POST /_sandbox/policies/{organizerIdOrUpn}/deny',
      'POST /_sandbox/policies/{organizerIdOrUpn}/allow',
      'POST /_sandbox/throttle',
      'POST /_sandbox/delivery',
    ]) {
      assert.ok(endpoints.includes(e), e);
    }

    const [meeting] = res.json['meetings'] as Json[];
    assert.equal(meeting?.['id'], m.id);
    assert.equal(meeting?.['subject'], 'INC-7 <checkout> & payments');
    assert.equal(meeting?.['threadId'], m.threadId);
    assert.deepEqual(((meeting?.['attendees'] ?? []) as Json[]).map((a) => a['id']), [ADELE_VANCE.id]);
    assert.deepEqual(((meeting?.['people'] ?? []) as Json[]).map((a) => a['id']), [PATTI_FERNANDEZ.id]);

    const [c] = res.json['calls'] as Json[];
    assert.equal(c?.['id'], callId);
    assert.equal(c?.['state'], 'established');
    assert.equal(c?.['threadId'], m.threadId);
    assert.deepEqual(((c?.['people'] ?? []) as Json[]).map((a) => a['userPrincipalName']), [PATTI_FERNANDEZ.userPrincipalName]);
  });

  test('not Graph: no latency/throttling applies and control requests are not in control.requests', async () => {
    sandbox.control.throttleNext(5, 1);
    assert.equal((await http('GET', '/_sandbox')).status, 200);
    assert.equal((await http('GET', '/_sandbox/ui')).status, 200);
    assert.equal(sandbox.control.requests.length, 0);
  });

  test('refuses cross-origin browser requests and non-loopback Host names', async () => {
    const cross = await http('POST', '/_sandbox/throttle', { count: 1, retryAfterSeconds: 1 }, { Origin: 'http://evil.example' });
    assert.equal(cross.status, 403);
    assert.equal((await http('GET', `/v1.0/users/${MEGAN_BOWEN.id}`)).status, 200, 'nothing was armed');
    const sameOrigin = await http('GET', '/_sandbox', undefined, { Origin: sandbox.url });
    assert.equal(sameOrigin.status, 200);
    // fetch sets Host itself; node:http lets a test send what a DNS-rebound browser page would.
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request(`${sandbox.plainUrl}/_sandbox`, { headers: { Host: `attacker.example:${sandbox.port}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(rebound, 403);
  });
});

describe('join / leave', () => {
  test('by thread id: roster notifications with the user, then without; changed=false when nothing changes', async () => {
    const m = await createMeeting();
    const callId = await establishedCall(m);
    const before = rosters(callId).length;

    const joined = await http('POST', meetingPath(m.threadId, 'join'), { userIdOrUpn: ADELE_VANCE.userPrincipalName });
    assert.equal(joined.status, 200, joined.text);
    assert.equal(joined.json['changed'], true);
    assert.deepEqual((joined.json['people'] as Json[]).map((p) => p['id']), [ADELE_VANCE.id]);
    const withAdele = await receiver.waitFor(() => rosters(callId).slice(before).find((r) => rosterUserIds(r).includes(ADELE_VANCE.id)), 'roster with Adele');
    assert.ok(withAdele);

    const again = await http('POST', meetingPath(m.threadId, 'join'), { userIdOrUpn: ADELE_VANCE.id });
    assert.equal(again.status, 200);
    assert.equal(again.json['changed'], false);

    // Patti joins by object id through the call id; then Adele leaves through the online meeting id.
    assert.equal((await http('POST', meetingPath(callId, 'join'), { userIdOrUpn: PATTI_FERNANDEZ.id })).status, 200);
    await receiver.waitFor(() => rosters(callId).find((r) => rosterUserIds(r).includes(PATTI_FERNANDEZ.id)), 'roster with Patti');
    const count = rosters(callId).length;
    const left = await http('POST', meetingPath(m.id, 'leave'), { userIdOrUpn: ADELE_VANCE.userPrincipalName });
    assert.equal(left.status, 200, left.text);
    assert.equal(left.json['changed'], true);
    const after = await receiver.waitFor(() => rosters(callId)[count], 'roster after Adele left');
    assert.deepEqual(rosterUserIds(after), [PATTI_FERNANDEZ.id]);
    assert.deepEqual(sandbox.control.peopleInMeeting(m.threadId).map((u) => u.id), [PATTI_FERNANDEZ.id]);
  });

  test('the last person leaving ends the call with 200/5002', async () => {
    const m = await createMeeting();
    const callId = await establishedCall(m);
    assert.equal((await http('POST', meetingPath(m.threadId, 'join'), { userIdOrUpn: ADELE_VANCE.userPrincipalName })).status, 200);
    assert.equal((await http('POST', meetingPath(m.threadId, 'leave'), { userIdOrUpn: ADELE_VANCE.userPrincipalName })).status, 200);
    const terminated = await waitForState(callId, 'terminated');
    const info = (terminated['resourceData'] as Json)['resultInfo'] as Json;
    assert.deepEqual([info['code'], info['subcode']], [200, 5002]);
  });

  test('unknown meeting or user → 404; bad bodies → 400', async () => {
    const m = await createMeeting();
    const unknownMeeting = await http('POST', meetingPath('19:meeting_nope@thread.v2', 'join'), { userIdOrUpn: ADELE_VANCE.id });
    assert.equal(unknownMeeting.status, 404);
    assert.match(String(errorOf(unknownMeeting)['message']), /No meeting/);
    const unknownUser = await http('POST', meetingPath(m.threadId, 'join'), { userIdOrUpn: 'nobody@contoso.com' });
    assert.equal(unknownUser.status, 404);
    assert.match(String(errorOf(unknownUser)['message']), /nobody@contoso\.com/);

    const bad: unknown[] = [{}, { userIdOrUpn: '' }, { userIdOrUpn: 42 }, { user: ADELE_VANCE.id }, { userIdOrUpn: ADELE_VANCE.id, isMuted: 'yes' }, '[]', '{not json'];
    for (const body of bad) {
      const res = await http('POST', meetingPath(m.threadId, 'join'), body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(errorOf(res)['code'], 'badRequest');
      assert.ok(String(errorOf(res)['message']).length > 0);
    }
    assert.deepEqual(sandbox.control.peopleInMeeting(m.threadId), []);
  });
});

describe('drop / fail the next call', () => {
  test('drop terminates with the chosen resultInfo (keep-alive timeout 408/8537), terminating first', async () => {
    const m = await createMeeting();
    const callId = await establishedCall(m);
    const res = await http('POST', `/_sandbox/calls/${callId}/drop`, { code: 408, subcode: 8537 });
    assert.equal(res.status, 200, res.text);
    const terminated = await waitForState(callId, 'terminated');
    const info = (terminated['resourceData'] as Json)['resultInfo'] as Json;
    assert.deepEqual(
      { code: info['code'], subcode: info['subcode'], message: info['message'] },
      { code: 408, subcode: 8537, message: 'Keep Alive timeout, cleaned up inactive call.' },
    );
    const states = receiver.itemsFor(callId).map(stateOf).filter((s) => s !== undefined);
    assert.deepEqual(states.slice(-2), ['terminating', 'terminated']);

    const again = await http('POST', `/_sandbox/calls/${callId}/drop`, { code: 500, subcode: 1005 });
    assert.equal(again.status, 409);
  });

  test('drop with an empty body: media failure 500/1005; unknown call → 404; bad result → 400', async () => {
    const m = await createMeeting();
    const callId = await establishedCall(m);
    assert.equal((await http('POST', `/_sandbox/calls/${callId}/drop`, { code: 500 })).status, 400);
    assert.equal((await http('POST', `/_sandbox/calls/${callId}/drop`, { code: 'x', subcode: 1 })).status, 400);
    assert.equal((await http('POST', `/_sandbox/calls/${callId}/drop`, { code: 500, subcode: -1 })).status, 400);
    assert.equal((await http('POST', '/_sandbox/calls/00000000-0000-0000-0000-000000000000/drop', {})).status, 404);
    assert.equal(sandbox.control.calls()[0]?.state, 'established', 'nothing dropped by bad input');

    assert.equal((await http('POST', `/_sandbox/calls/${callId}/drop`)).status, 200);
    const terminated = await waitForState(callId, 'terminated');
    const info = (terminated['resourceData'] as Json)['resultInfo'] as Json;
    assert.deepEqual([info['code'], info['subcode']], [500, 1005]);
  });

  test('fail-next 7504: the next call gets 201, then terminates with 403/7504', async () => {
    const m = await createMeeting();
    const res = await http('POST', '/_sandbox/next-call/fail', { code: 403, subcode: 7504 });
    assert.equal(res.status, 200, res.text);
    const callId = await startCall(m);
    const terminated = await waitForState(callId, 'terminated');
    const info = (terminated['resourceData'] as Json)['resultInfo'] as Json;
    assert.deepEqual(
      { code: info['code'], subcode: info['subcode'], message: info['message'] },
      { code: 403, subcode: 7504, message: 'Insufficient enterprise tenant permissions, cannot access this API.' },
    );
    // Only the next one.
    await establishedCall(m);
  });

  test('fail-next synchronous 7503: the next POST /communications/calls is an HTTP 403; bad input → 400', async () => {
    const m = await createMeeting();
    for (const body of [{}, { code: 403 }, { code: 99, subcode: 1 }, { code: 403, subcode: 7503, synchronous: 'yes' }, { code: 403, subcode: 7503, extra: 1 }]) {
      assert.equal((await http('POST', '/_sandbox/next-call/fail', body)).status, 400, JSON.stringify(body));
    }
    assert.equal((await http('POST', '/_sandbox/next-call/fail', { code: 403, subcode: 7503, synchronous: true })).status, 200);
    const res = await http('POST', '/v1.0/communications/calls', joinCallBody({ threadId: m.threadId, organizerId: MEGAN_BOWEN.id }, receiver.url));
    assert.equal(res.status, 403);
    assert.deepEqual([errorOf(res)['code'], errorOf(res)['message']], ['7503', 'Application is not registered in our store.']);
  });
});

describe('policies, throttling, delivery', () => {
  test('deny → createOrGet answers 403; allow → 201 again (organizer by UPN or object id); unknown organizer → 404', async () => {
    const denied = await http('POST', `/_sandbox/policies/${MEGAN_BOWEN.userPrincipalName}/deny`);
    assert.equal(denied.status, 200, denied.text);
    const body = { externalId: 'inc-policy', subject: 'x' };
    const refused = await http('POST', `/v1.0/users/${MEGAN_BOWEN.id}/onlineMeetings/createOrGet`, body);
    assert.equal(refused.status, 403);
    assert.equal(errorOf(refused)['message'], 'No Application Access Policy found for this app');
    assert.deepEqual(((await http('GET', '/_sandbox')).json['accessPolicyDenied'] as Json[]).map((p) => p['id']), [MEGAN_BOWEN.id]);

    assert.equal((await http('POST', `/_sandbox/policies/${MEGAN_BOWEN.id}/allow`, {})).status, 200);
    assert.equal((await http('POST', `/v1.0/users/${MEGAN_BOWEN.id}/onlineMeetings/createOrGet`, body)).status, 201);

    assert.equal((await http('POST', '/_sandbox/policies/nobody@contoso.com/deny')).status, 404);
    assert.equal((await http('POST', `/_sandbox/policies/${MEGAN_BOWEN.id}/deny`, { please: true })).status, 400);
    assert.equal((await http('GET', `/_sandbox/policies/${MEGAN_BOWEN.id}/deny`)).status, 405);
  });

  test('throttle: the next N Graph requests answer 429 with Retry-After; bad input → 400', async () => {
    for (const body of [{}, { count: 2 }, { count: -1, retryAfterSeconds: 1 }, { count: 1.5, retryAfterSeconds: 1 }, { count: '2', retryAfterSeconds: 1 }]) {
      assert.equal((await http('POST', '/_sandbox/throttle', body)).status, 400, JSON.stringify(body));
    }
    const res = await http('POST', '/_sandbox/throttle', { count: 2, retryAfterSeconds: 3 });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json['pendingRequests'], 2);
    for (let i = 0; i < 2; i++) {
      const throttled = await http('GET', `/v1.0/users/${MEGAN_BOWEN.id}`);
      assert.equal(throttled.status, 429);
      assert.equal(throttled.headers.get('retry-after'), '3');
    }
    assert.equal((await http('GET', `/v1.0/users/${MEGAN_BOWEN.id}`)).status, 200);
  });

  test('delivery: duplicate → every notification twice; bad input → 400', async () => {
    for (const body of [{}, { duplicate: 'true' }, { duplicate: true, delayMs: 5 }]) {
      assert.equal((await http('POST', '/_sandbox/delivery', body)).status, 400, JSON.stringify(body));
    }
    const res = await http('POST', '/_sandbox/delivery', { duplicate: true });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json['applied'], { duplicate: true });
    const m = await createMeeting();
    const callId = await establishedCall(m);
    const established = await receiver.waitFor(() => {
      const n = receiver.itemsFor(callId).filter((i) => stateOf(i) === 'established').length;
      return n >= 2 ? n : undefined;
    }, 'the duplicate established notification');
    assert.equal(established, 2);
  });

  test('delivery: reverseOrder → established before establishing', async () => {
    assert.equal((await http('POST', '/_sandbox/delivery', { reverseOrder: true })).status, 200);
    const m = await createMeeting();
    const callId = await startCall(m);
    await waitForState(callId, 'establishing');
    const states = receiver.itemsFor(callId).map(stateOf).filter((s) => s !== undefined);
    assert.deepEqual(states.slice(0, 2), ['established', 'establishing']);
  });
});

describe('the page, and isolation from Graph', () => {
  test('GET /_sandbox/ui: HTML with the forms behind every action (content escaped)', async () => {
    const m = await createMeeting();
    const callId = await establishedCall(m);
    const res = await http('GET', '/_sandbox/ui');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'nonce-/);
    const html = res.text;
    assert.match(html, /^<!doctype html>/i);
    assert.ok(html.includes(`action="/_sandbox/meetings/${encodeURIComponent(m.threadId)}/join"`), 'join form');
    assert.ok(html.includes(`formaction="/_sandbox/meetings/${encodeURIComponent(m.threadId)}/leave"`), 'leave button');
    assert.ok(html.includes(`action="/_sandbox/calls/${callId}/drop"`), 'drop form');
    assert.ok(html.includes('value="500/1005"') && html.includes('value="408/8537"'), 'drop results');
    assert.ok(html.includes('action="/_sandbox/next-call/fail"'), 'fail-next form');
    for (const v of ['403/7504', '403/7505', '403/7503', '400/2203']) assert.ok(html.includes(`value="${v}"`), v);
    assert.ok(html.includes('formaction="/_sandbox/policies/{organizer}/deny"') && html.includes('formaction="/_sandbox/policies/{organizer}/allow"'), 'policy buttons');
    assert.ok(html.includes('action="/_sandbox/throttle"'), 'throttle form');
    assert.ok(html.includes('action="/_sandbox/delivery"') && html.includes('name="duplicate"') && html.includes('name="reverseOrder"'), 'delivery form');
    assert.ok(html.includes('<script nonce='), 'inline script');
    assert.ok(html.includes('INC-7 &lt;checkout&gt; &amp; payments'), 'subject escaped');
    assert.ok(!html.includes('<checkout>'));
  });

  test('/v1.0/_sandbox and $batch items are Graph: 400 for the segment, nothing armed', async () => {
    const viaGraph = await http('POST', '/v1.0/_sandbox/throttle', { count: 3, retryAfterSeconds: 1 });
    assert.equal(viaGraph.status, 400);
    assert.equal(errorOf(viaGraph)['code'], 'BadRequest');
    assert.equal(errorOf(viaGraph)['message'], "Resource not found for the segment '_sandbox'.");
    const getViaGraph = await http('GET', '/v1.0/_sandbox');
    assert.equal(getViaGraph.status, 400);
    assert.equal(errorOf(getViaGraph)['message'], "Resource not found for the segment '_sandbox'.");

    const batch = await http('POST', '/v1.0/$batch', {
      requests: [
        { id: '1', method: 'POST', url: '/_sandbox/throttle', headers: { 'Content-Type': 'application/json' }, body: { count: 3, retryAfterSeconds: 1 } },
        { id: '2', method: 'GET', url: '/_sandbox' },
      ],
    });
    assert.equal(batch.status, 200);
    for (const r of batch.json['responses'] as Json[]) {
      assert.equal(r['status'], 400, JSON.stringify(r));
      assert.equal(((r['body'] as Json)['error'] as Json)['message'], "Resource not found for the segment '_sandbox'.");
    }
    assert.equal((await http('GET', `/v1.0/users/${MEGAN_BOWEN.id}`)).status, 200, 'nothing was throttled');
  });

  test('unknown control paths → 404, wrong verbs → 405 with Allow', async () => {
    const unknown = await http('GET', '/_sandbox/nope');
    assert.equal(unknown.status, 404);
    assert.equal(errorOf(unknown)['code'], 'notFound');
    const verb = await http('GET', '/_sandbox/throttle');
    assert.equal(verb.status, 405);
    assert.equal(verb.headers.get('allow'), 'POST');
  });
});
