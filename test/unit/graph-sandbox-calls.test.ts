/**
 * The Graph sandbox's cloud-communications calls: create/join, signed notifications to a real
 * (loopback) callback receiver, operations, hang-up, roster changes, injected failures, delivery
 * quirks, and the OpenID metadata + JWKS a bot validates the notification tokens with (via jose).
 */
import { graphFetch } from '../support/sandbox-access';
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Receiver } from '../support/callback-receiver';
import { isRoster, joinCallBody, rosterUserIds, stateOf } from '../support/sandbox-call-requests';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { createNotificationTokenValidator } from '../../src/calls/notification-token-validator';
import { startGraphSandbox, SANDBOX_BOT_APP_ID, type GraphSandbox } from '../../sandbox/graph/graph-sandbox';
import { ADELE_VANCE, ALEX_WILBER, MEGAN_BOWEN, PATTI_FERNANDEZ, SANDBOX_TENANT_ID } from '../../sandbox/graph/users/directory';

type Json = Record<string, unknown>;

// --- a loopback callback receiver (the bot's /api/calls) ------------------------------------------

// --- fixtures ---------------------------------------------------------------------------------------

let sandbox: GraphSandbox;
const receiver = new Receiver();

const TIMINGS = {
  establishingMs: 15,
  establishedMs: 15,
  terminatingMs: 10,
  promptMs: 15,
  inviteAnswerMs: 15,
  retryDelayMs: 40,
  deliveryTimeoutMs: 2000,
};

before(async () => {
  await receiver.start();
  sandbox = await startGraphSandbox({ callTimings: TIMINGS });
});

after(async () => {
  await sandbox.close();
  await receiver.stop();
});

beforeEach(() => {
  sandbox.control.reset();
  receiver.reset();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; json: Json }> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  const res = await graphFetch(sandbox, `${sandbox.url}${path}`, init as RequestInit & { headers?: Record<string, string> });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text === '' ? {} : (JSON.parse(text) as Json) };
}

interface Meeting {
  id: string;
  threadId: string;
  organizerId: string;
  joinMeetingId: string;
  passcode: string;
}

async function createMeeting(organizer = MEGAN_BOWEN, attendees: { id: string; userPrincipalName: string }[] = []): Promise<Meeting> {
  const res = await call('POST', `/v1.0/users/${organizer.id}/onlineMeetings/createOrGet`, {
    externalId: `inc-${Math.random().toString(36).slice(2)}`,
    subject: 'INC bridge',
    participants: { attendees: attendees.map((a) => ({ identity: { user: { id: a.id } }, upn: a.userPrincipalName, role: 'attendee' })) },
  });
  assert.equal(res.status, 201);
  const chat = res.json['chatInfo'] as Json;
  const join = res.json['joinMeetingIdSettings'] as Json;
  return {
    id: res.json['id'] as string,
    threadId: chat['threadId'] as string,
    organizerId: organizer.id,
    joinMeetingId: join['joinMeetingId'] as string,
    passcode: join['passcode'] as string,
  };
}

/** The documented join body (application-post-calls.md, "Join scheduled meeting with service hosted media"). */
function joinBody(m: Meeting, over: Json = {}): Json {
  return joinCallBody(m, receiver.url, over, { uri: 'https://cdn.contoso.com/beep.wav', resourceId: 'f8971b04-b53e-418c-9222-c82ce681a582' });
}

async function startCall(m: Meeting, over: Json = {}): Promise<string> {
  const res = await call('POST', '/v1.0/communications/calls', joinBody(m, over));
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json['id'] as string;
}


async function waitForState(callId: string, state: string): Promise<Json> {
  return receiver.waitFor(() => receiver.itemsFor(callId).find((i) => stateOf(i) === state), `state ${state} of ${callId}`);
}

/** Waits until the sandbox has recorded the bot's answer to the first `count` notification POSTs of a call. */
async function waitAnswered(callId: string, count: number): Promise<void> {
  await receiver.waitFor(() => {
    const n = sandbox.control.calls().find((c) => c.id === callId)?.notifications ?? [];
    return n.length >= count && n.slice(0, count).every((r) => r.finishedAt !== undefined) ? true : undefined;
  }, `${count} answered notifications of ${callId}`);
}

async function waitEstablished(callId: string): Promise<Json> {
  await waitForState(callId, 'established');
  return receiver.waitFor(() => receiver.itemsFor(callId).find(isRoster), `first roster of ${callId}`);
}

// --- tests --------------------------------------------------------------------------------------------

describe('POST /communications/calls', () => {
  test('201 with Location and the call resource in state establishing', async () => {
    const m = await createMeeting();
    const res = await call('POST', '/v1.0/communications/calls', joinBody(m));
    assert.equal(res.status, 201);
    const id = res.json['id'] as string;
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(res.headers.get('location'), `${sandbox.url}/v1.0/communications/calls/${id}`);
    const c = res.json;
    assert.equal(c['@odata.type'], '#microsoft.graph.call');
    assert.equal(c['@odata.context'], `${sandbox.url}/v1.0/$metadata#app/calls/$entity`);
    assert.equal(c['state'], 'establishing');
    assert.equal(c['direction'], 'outgoing');
    assert.equal(c['callbackUri'], receiver.url);
    assert.deepEqual(c['requestedModalities'], ['audio']);
    assert.deepEqual(c['activeModalities'], []);
    assert.deepEqual(c['callRoutes'], []);
    assert.equal(c['tenantId'], SANDBOX_TENANT_ID);
    assert.match(c['myParticipantId'] as string, /^[0-9a-f-]{36}$/);
    assert.deepEqual((c['mediaConfig'] as Json)['preFetchMedia'], [{ uri: 'https://cdn.contoso.com/beep.wav', resourceId: 'f8971b04-b53e-418c-9222-c82ce681a582' }]);
    assert.deepEqual(c['chatInfo'], { '@odata.type': '#microsoft.graph.chatInfo', threadId: m.threadId, messageId: '0', replyChainMessageId: null });
    assert.equal((c['meetingInfo'] as Json)['@odata.type'], '#microsoft.graph.organizerMeetingInfo');
    const app = ((c['source'] as Json)['identity'] as Json)['application'] as Json;
    assert.equal(app['id'], SANDBOX_BOT_APP_ID);
    assert.equal(c['resultInfo'], null);

    const got = await call('GET', `/v1.0/communications/calls/${id}`);
    assert.equal(got.status, 200);
    assert.equal(got.json['id'], id);
    assert.equal(sandbox.control.calls().length, 1);
    assert.equal(sandbox.control.calls()[0]?.threadId, m.threadId);
  });

  test('malformed bodies → 400 BadRequest, no call created', async () => {
    const m = await createMeeting();
    const good = joinBody(m);
    const cases: Json[] = [
      { ...good, '@odata.type': undefined },
      { ...good, callbackUri: undefined },
      { ...good, callbackUri: 'http://bot.contoso.com/api/calls' },
      { ...good, callbackUri: 'not a uri' },
      { ...good, requestedModalities: [] },
      { ...good, requestedModalities: ['smell'] },
      { ...good, mediaConfig: { '@odata.type': '#microsoft.graph.somethingElse' } },
      { ...good, mediaConfig: undefined },
      { ...good, meetingInfo: undefined },
      { ...good, chatInfo: undefined },
      { ...good, meetingInfo: { '@odata.type': '#microsoft.graph.organizerMeetingInfo', organizer: { user: {} } } },
    ];
    for (const body of cases) {
      const res = await call('POST', '/v1.0/communications/calls', JSON.parse(JSON.stringify(body)));
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal((res.json['error'] as Json)['code'], 'BadRequest');
    }
    assert.equal(sandbox.control.calls().length, 0);
  });

  test('https callbackUri accepted (delivery simply fails, and is recorded)', async () => {
    const m = await createMeeting();
    const res = await call('POST', '/v1.0/communications/calls', joinBody(m, { callbackUri: 'https://127.0.0.1:1/api/calls' }));
    assert.equal(res.status, 201);
  });

  test('tenant mismatch → synchronous 403 with code 7505', async () => {
    const m = await createMeeting();
    const organizerWithTenant = (tenantId: string | undefined): Json => ({
      '@odata.type': '#microsoft.graph.organizerMeetingInfo',
      organizer: { '@odata.type': '#microsoft.graph.identitySet', user: { id: m.organizerId, ...(tenantId ? { tenantId } : {}) } },
      allowConversationWithoutHost: true,
    });
    const bodies: Json[] = [
      { ...joinBody(m), tenantId: undefined },
      { ...joinBody(m), tenantId: '11111111-2222-3333-4444-555555555555' },
      joinBody(m, { meetingInfo: organizerWithTenant(undefined) }),
      joinBody(m, { meetingInfo: organizerWithTenant('11111111-2222-3333-4444-555555555555') }),
    ];
    for (const body of bodies) {
      const res = await call('POST', '/v1.0/communications/calls', JSON.parse(JSON.stringify(body)));
      assert.equal(res.status, 403, JSON.stringify(body));
      assert.deepEqual(
        { code: (res.json['error'] as Json)['code'], message: (res.json['error'] as Json)['message'] },
        { code: '7505', message: 'Request authorization tenant mismatch.' },
      );
    }
    assert.equal(sandbox.control.calls().length, 0);
  });

  test('joinMeetingIdMeetingInfo resolves the meeting (chatInfo in the resource)', async () => {
    const m = await createMeeting();
    const res = await call(
      'POST',
      '/v1.0/communications/calls',
      joinBody(m, {
        chatInfo: undefined,
        meetingInfo: { '@odata.type': '#microsoft.graph.joinMeetingIdMeetingInfo', joinMeetingId: m.joinMeetingId, passcode: m.passcode },
      }),
    );
    assert.equal(res.status, 201);
    assert.equal((res.json['chatInfo'] as Json)['threadId'], m.threadId);
    await waitEstablished(res.json['id'] as string);
  });
});

describe('notifications', () => {
  test('signed, in order: establishing → established → roster (bot only); both resource and resourceUrl', async () => {
    const m = await createMeeting();
    const id = await startCall(m);
    const roster = await waitEstablished(id);
    const items = receiver.itemsFor(id);
    assert.deepEqual(
      items.map((i) => (isRoster(i) ? 'roster' : stateOf(i))),
      ['establishing', 'established', 'roster'],
    );
    for (const { item, received } of receiver.items()) {
      assert.equal(received.body['@odata.type'], '#microsoft.graph.commsNotifications');
      assert.equal(item['@odata.type'], '#microsoft.graph.commsNotification');
      assert.match(received.headers['authorization'] ?? '', /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      assert.match(received.headers['content-type'] ?? '', /^application\/json/);
    }
    const established = items[1] as Json;
    assert.equal(established['changeType'], 'updated');
    assert.equal(established['resource'], `/app/calls/${id}`);
    assert.equal(established['resourceUrl'], `/communications/calls/${id}`);
    const data = established['resourceData'] as Json;
    assert.equal(data['@odata.type'], '#microsoft.graph.call');
    assert.equal(data['id'], id);
    assert.equal((data['chatInfo'] as Json)['threadId'], m.threadId);

    assert.equal(roster['resourceUrl'], `/communications/calls/${id}/participants`);
    assert.equal(roster['resource'], `/app/calls/${id}/participants`);
    const people = roster['resourceData'] as Json[];
    assert.ok(Array.isArray(people));
    assert.equal(people.length, 1);
    const bot = people[0] as Json;
    assert.equal(bot['@odata.type'], '#microsoft.graph.participant');
    assert.equal(bot['id'], sandbox.control.calls()[0]?.myParticipantId);
    const app = ((bot['info'] as Json)['identity'] as Json)['application'] as Json;
    assert.equal(app['id'], SANDBOX_BOT_APP_ID);
    assert.equal(bot['isInLobby'], false);
    assert.equal(bot['isMuted'], false);
    assert.equal(((bot['mediaStreams'] as Json[])[0] as Json)['mediaType'], 'audio');

    await waitAnswered(id, 3);
    const view = sandbox.control.calls()[0];
    assert.equal(view?.state, 'established');
    assert.deepEqual(view?.notifications.map((n) => [n.kind, n.status]), [
      ['call:establishing', 202],
      ['call:established', 202],
      ['roster', 202],
    ]);
    assert.deepEqual((await call('GET', `/v1.0/communications/calls/${id}`)).json['activeModalities'], ['audio']);
  });

  test('the token verifies with jose against the JWKS found through the OpenID metadata', async () => {
    const meta = await fetch(sandbox.openIdMetadataUrl);
    assert.equal(meta.status, 200);
    const doc = (await meta.json()) as Json;
    assert.equal(doc['jwks_uri'], `${sandbox.plainUrl}/v1/keys`);
    assert.equal(doc['jwks_uri'], sandbox.jwksUrl);
    assert.equal(doc['issuer'], 'https://graph.microsoft.com');
    assert.deepEqual(doc['id_token_signing_alg_values_supported'], ['RS256']);
    assert.ok(Array.isArray(doc['token_endpoint_auth_methods_supported']));
    assert.equal(typeof doc['authorization_endpoint'], 'string');
    const keys = (await (await fetch(doc['jwks_uri'] as string)).json()) as { keys: Json[] };
    // Several keys are published (the one in use and the next one), as in Microsoft's key sets.
    assert.ok(keys.keys.length >= 2, JSON.stringify(keys));
    for (const k of keys.keys) {
      assert.deepEqual(Object.keys(k).sort(), ['e', 'kid', 'kty', 'n', 'use', 'x5t']);
      assert.equal(k['kty'], 'RSA');
      assert.equal(k['use'], 'sig');
    }
    const key = keys.keys[0] as Json;

    const m = await createMeeting();
    const id = await startCall(m);
    await waitEstablished(id);
    const tokens = receiver.received.map((r) => (r.headers['authorization'] ?? '').replace(/^Bearer /, ''));
    const token = tokens.find((t) => decodeProtectedHeader(t).kid !== undefined) ?? '';
    const header = decodeProtectedHeader(token);
    assert.equal(header.alg, 'RS256');
    assert.equal(header.kid, key['kid']);
    assert.equal(header['x5t'], key['x5t']);

    const jwks = createRemoteJWKSet(new URL(doc['jwks_uri'] as string));
    const verified = await jwtVerify(token, jwks, {
      audience: SANDBOX_BOT_APP_ID,
      issuer: ['https://graph.microsoft.com', 'https://api.botframework.com'],
    });
    assert.equal(verified.payload['tid'], SANDBOX_TENANT_ID);
    assert.equal(typeof verified.payload['appid'], 'string');
    const exp = verified.payload.exp ?? 0;
    const iat = verified.payload.iat ?? 0;
    assert.equal(exp - iat, 3600);

    // Tokens for negative tests, signed with the same real key.
    await assert.rejects(jwtVerify(await sandbox.control.signToken({ claims: { aud: 'someone-else' } }), jwks, { audience: SANDBOX_BOT_APP_ID }));
    await assert.rejects(jwtVerify(await sandbox.control.signToken({ claims: { iss: 'https://evil.example' } }), jwks, { issuer: 'https://graph.microsoft.com' }));
    await assert.rejects(jwtVerify(await sandbox.control.signToken({ expiresInSeconds: -60 }), jwks), /exp/);
    const noTenant = await jwtVerify(await sandbox.control.signToken({ omitClaims: ['tid'] }), jwks, { audience: SANDBOX_BOT_APP_ID });
    assert.equal(noTenant.payload['tid'], undefined);
    const tampered = `${token.slice(0, token.lastIndexOf('.') + 1)}${'A'.repeat(20)}`;
    await assert.rejects(jwtVerify(tampered, jwks));
  });

  test('every third notification token has no kid; the bot\'s validator verifies all of them against the several published keys', async () => {
    const validator = createNotificationTokenValidator({ openIdMetadataUrl: sandbox.openIdMetadataUrl, audience: SANDBOX_BOT_APP_ID });
    const m = await createMeeting();
    const id = await startCall(m);
    await waitEstablished(id);
    await waitAnswered(id, 3);
    const tokens = receiver.received.map((r) => (r.headers['authorization'] ?? '').replace(/^Bearer /, ''));
    assert.equal(tokens.length, 3);
    const kidless = tokens.filter((t) => decodeProtectedHeader(t).kid === undefined);
    assert.equal(kidless.length, 1, 'one token in three has no kid');
    assert.equal(decodeProtectedHeader(kidless[0] ?? '').x5t, undefined);
    for (const t of tokens) {
      const r = await validator.validate(`Bearer ${t}`);
      assert.ok(r.ok, JSON.stringify(r));
    }
    const explicit = await sandbox.control.signToken({ omitKid: true });
    assert.equal(decodeProtectedHeader(explicit).kid, undefined);
    assert.ok((await validator.validate(`Bearer ${explicit}`)).ok);
  });

  test('a custom botAppId / notificationIssuer ends up in aud / iss', async () => {
    const other = await startGraphSandbox({ botAppId: 'my-bot', notificationIssuer: 'https://api.botframework.com', callTimings: TIMINGS });
    try {
      const jwks = createRemoteJWKSet(new URL(other.jwksUrl));
      const { payload } = await jwtVerify(await other.control.signToken(), jwks, { audience: 'my-bot', issuer: 'https://api.botframework.com' });
      assert.equal(payload['tid'], SANDBOX_TENANT_ID);
      assert.equal(other.botAppId, 'my-bot');
    } finally {
      await other.close();
    }
  });

  test('sendNotification delivers raw bodies, with or without a token', async () => {
    const body = { '@odata.type': '#microsoft.graph.commsNotifications', value: [] };
    assert.deepEqual(await sandbox.control.sendNotification(receiver.url, body, null), { status: 202 });
    assert.equal(receiver.received[0]?.headers['authorization'], undefined);
    await sandbox.control.sendNotification(receiver.url, body);
    assert.match(receiver.received[1]?.headers['authorization'] ?? '', /^Bearer /);
    await sandbox.control.sendNotification(receiver.url, body, 'abc');
    assert.equal(receiver.received[2]?.headers['authorization'], 'Bearer abc');
    const refused = await sandbox.control.sendNotification('http://127.0.0.1:1/api/calls', body, null);
    assert.equal(refused.status, null);
    assert.equal(typeof refused.error, 'string');
  });

  test('duplicate delivery sends every notification twice', async () => {
    sandbox.control.setNotificationDelivery({ duplicate: true });
    const m = await createMeeting();
    const id = await startCall(m);
    await receiver.waitFor(() => (receiver.itemsFor(id).filter(isRoster).length === 2 ? true : undefined), 'two rosters');
    const kinds = receiver.itemsFor(id).map((i) => (isRoster(i) ? 'roster' : stateOf(i)));
    assert.deepEqual(kinds, ['establishing', 'establishing', 'established', 'established', 'roster', 'roster']);
    assert.deepEqual(sandbox.control.calls()[0]?.notifications.map((n) => n.copy), [1, 2, 1, 2, 1, 2]);
  });

  test('reverseOrder delivers established before establishing; only: resource drops resourceUrl', async () => {
    sandbox.control.setNotificationDelivery({ reverseOrder: true, only: 'resource' });
    const m = await createMeeting();
    const id = await startCall(m);
    await receiver.waitFor(() => receiver.itemsFor(id).find(isRoster), 'roster');
    const items = receiver.itemsFor(id);
    assert.deepEqual(items.map((i) => (isRoster(i) ? 'roster' : stateOf(i))), ['established', 'establishing', 'roster']);
    for (const i of items) {
      assert.equal(i['resourceUrl'], undefined);
      assert.match(String(i['resource']), /^\/app\/calls\//);
    }
    sandbox.control.setNotificationDelivery({ reverseOrder: false, only: 'resourceUrl', delayMs: 30 });
    receiver.reset();
    const id2 = await startCall(m);
    const est = await waitForState(id2, 'establishing');
    assert.equal(est['resource'], undefined);
    assert.equal(est['resourceUrl'], `/communications/calls/${id2}`);
    const sent = sandbox.control.calls().find((c) => c.id === id2)?.notifications[0];
    assert.ok(sent !== undefined && sent.at - sandbox.control.calls().find((c) => c.id === id2)!.createdAt >= 30 + TIMINGS.establishingMs - 5);
  });

  test('failed deliveries are recorded; connection errors and 5xx are retried once, 4xx are not', async () => {
    const m = await createMeeting();
    receiver.answer = 403;
    const id = await startCall(m);
    await waitEstablished(id);
    await waitAnswered(id, 3);
    const view = sandbox.control.calls()[0];
    assert.deepEqual(view?.notifications.map((n) => [n.status, n.attempt]), [
      [403, 1],
      [403, 1],
      [403, 1],
    ]);

    receiver.reset();
    receiver.answer = 500;
    const id2 = await startCall(m);
    await waitAnswered(id2, 2);
    assert.equal(receiver.itemsFor(id2).filter((i) => stateOf(i) === 'establishing').length, 2);
    const retried = sandbox.control.calls().find((c) => c.id === id2)?.notifications.slice(0, 2);
    assert.deepEqual(retried?.map((n) => [n.status, n.attempt]), [
      [500, 1],
      [500, 2],
    ]);

    const id3 = await startCall(m, { callbackUri: 'http://127.0.0.1:1/api/calls' });
    await waitAnswered(id3, 2);
    const refused = sandbox.control.calls().find((c) => c.id === id3)?.notifications ?? [];
    assert.equal(refused[0]?.status, null);
    assert.equal(typeof refused[0]?.error, 'string');
    assert.equal(refused[1]?.attempt, 2);
  });
});

describe('call actions', () => {
  test('playPrompt → 200 running with Location, then a deleted notification with status completed', async () => {
    const m = await createMeeting();
    const id = await startCall(m);
    await waitEstablished(id);
    const res = await call('POST', `/v1.0/communications/calls/${id}/playPrompt`, {
      clientContext: 'ctx-1',
      prompts: [
        {
          '@odata.type': '#microsoft.graph.mediaPrompt',
          mediaInfo: { '@odata.type': '#microsoft.graph.mediaInfo', uri: 'https://cdn.contoso.com/beep.wav', resourceId: '1D6DE2D4-CD51-4309-8DAA-70768651088E' },
        },
      ],
    });
    assert.equal(res.status, 200);
    const opId = res.json['id'] as string;
    assert.deepEqual(res.json, { '@odata.type': '#microsoft.graph.playPromptOperation', id: opId, status: 'running', clientContext: 'ctx-1', resultInfo: null });
    assert.equal(res.headers.get('location'), `${sandbox.url}/v1.0/communications/calls/${id}/operations/${opId}`);

    const done = await receiver.waitFor(
      () => receiver.itemsFor(id).find((i) => (i['resourceData'] as Json)['@odata.type'] === '#microsoft.graph.playPromptOperation'),
      'prompt completion',
    );
    assert.equal(done['changeType'], 'deleted');
    // As in call-playprompt.md: the ids in the compact upper-case form.
    const compact = (g: string): string => g.replace(/-/g, '').toUpperCase();
    assert.equal(done['resourceUrl'], `/communications/calls/${compact(id)}/operations/${compact(opId)}`);
    const data = done['resourceData'] as Json;
    assert.equal(data['status'], 'completed');
    assert.equal(data['clientContext'], 'ctx-1');
    assert.deepEqual(data['resultInfo'], { '@odata.type': '#microsoft.graph.resultInfo', code: 200, subcode: 0, message: 'Action completed successfully.' });

    const bad = await call('POST', `/v1.0/communications/calls/${id}/playPrompt`, { prompts: [] });
    assert.equal(bad.status, 400);
    const unknown = await call('POST', '/v1.0/communications/calls/00000000-0000-0000-0000-000000000000/playPrompt', {
      prompts: [{ '@odata.type': '#microsoft.graph.mediaPrompt', mediaInfo: { uri: 'https://x/y.wav' } }],
    });
    assert.equal(unknown.status, 404);
  });

  test('playPrompt before the call is established → 400', async () => {
    const m = await createMeeting();
    const id = await startCall(m);
    const res = await call('POST', `/v1.0/communications/calls/${id}/playPrompt`, {
      prompts: [{ '@odata.type': '#microsoft.graph.mediaPrompt', mediaInfo: { uri: 'https://x/y.wav', resourceId: 'r' } }],
    });
    assert.equal(res.status, 400);
  });

  const invitee = (id: string): Json => ({
    '@odata.type': '#microsoft.graph.invitationParticipantInfo',
    identity: { '@odata.type': '#microsoft.graph.identitySet', user: { '@odata.type': '#microsoft.graph.identity', id, identityProvider: 'AAD' } },
  });

  test('invite one → 200 running; the invitee answers: operation completed + roster with the invitee', async () => {
    const m = await createMeeting();
    const id = await startCall(m);
    await waitEstablished(id);
    const res = await call('POST', `/v1.0/communications/calls/${id}/participants/invite`, { participants: [invitee(ADELE_VANCE.id)], clientContext: 'inv-1' });
    assert.equal(res.status, 200);
    const opId = res.json['id'] as string;
    assert.equal(res.json['@odata.type'], '#microsoft.graph.inviteParticipantsOperation');
    assert.equal(res.json['status'], 'running');
    assert.equal(res.json['clientContext'], 'inv-1');
    assert.equal(res.headers.get('location'), `${sandbox.url}/v1.0/communications/calls/${id}/operations/${opId}`);
    const user = (((res.json['participants'] as Json[])[0] as Json)['identity'] as Json)['user'] as Json;
    assert.equal(user['id'], ADELE_VANCE.id);
    assert.equal(user['tenantId'], SANDBOX_TENANT_ID);

    const done = await receiver.waitFor(
      () => receiver.itemsFor(id).find((i) => String(i['resourceUrl']).endsWith(`/operations/${opId}`)),
      'invite completion',
    );
    assert.equal(done['changeType'], 'deleted');
    assert.equal((done['resourceData'] as Json)['status'], 'completed');
    assert.equal((done['resourceData'] as Json)['clientContext'], 'inv-1');
    const roster = await receiver.waitFor(
      () => receiver.itemsFor(id).filter(isRoster).find((r) => rosterUserIds(r).includes(ADELE_VANCE.id)),
      'roster with Adele',
    );
    const adele = (roster['resourceData'] as Json[]).find((p) => rosterUserIds({ resourceData: [p] }).length === 1) as Json;
    const adeleUser = ((adele['info'] as Json)['identity'] as Json)['user'] as Json;
    assert.equal(adeleUser['displayName'], 'Adele Vance');
    assert.equal(adele['isInLobby'], false);
    assert.deepEqual(sandbox.control.peopleInMeeting(m.threadId).map((u) => u.id), [ADELE_VANCE.id]);
  });

  test('invite six → 400; open world: inviting an object id nobody named before makes them a member, the operation completes', async () => {
    const m = await createMeeting();
    const id = await startCall(m);
    await waitEstablished(id);
    const six = [ADELE_VANCE, PATTI_FERNANDEZ, ALEX_WILBER, MEGAN_BOWEN, ADELE_VANCE, PATTI_FERNANDEZ].map((u) => invitee(u.id));
    const tooMany = await call('POST', `/v1.0/communications/calls/${id}/participants/invite`, { participants: six });
    assert.equal(tooMany.status, 400);
    assert.match((tooMany.json['error'] as Json)['message'] as string, /5/);

    const res = await call('POST', `/v1.0/communications/calls/${id}/participants/invite`, {
      participants: [invitee('00000000-0000-0000-0000-0000000000aa')],
      clientContext: 'inv-2',
    });
    assert.equal(res.status, 200);
    const opId = res.json['id'] as string;
    const failed = await receiver.waitFor(
      () => receiver.itemsFor(id).find((i) => String(i['resourceUrl']).endsWith(`/operations/${opId}`)),
      'invite outcome',
    );
    const data = failed['resourceData'] as Json;
    assert.equal(data['status'], 'completed');
    assert.ok(sandbox.control.requests.length > 0);
  });

  test('keepAlive → 200 for a live call, 404 for unknown and ended ones', async () => {
    const m = await createMeeting();
    const id = await startCall(m);
    assert.equal((await call('POST', `/v1.0/communications/calls/${id}/keepAlive`)).status, 200);
    assert.equal((await call('POST', '/v1.0/communications/calls/00000000-0000-0000-0000-000000000000/keepAlive')).status, 404);
    assert.equal((await call('DELETE', `/v1.0/communications/calls/${id}`)).status, 204);
    assert.equal((await call('POST', `/v1.0/communications/calls/${id}/keepAlive`)).status, 404);
  });

  test('a call without keepAlive for keepAliveTimeoutMs (45 min by default) ends with 408/8537; each keepAlive re-arms it', async () => {
    const short = await startGraphSandbox({ callTimings: { ...TIMINGS, keepAliveTimeoutMs: 250 } });
    try {
      const res = await graphFetch(short, `${short.url}/v1.0/users/${MEGAN_BOWEN.id}/onlineMeetings/createOrGet`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ externalId: 'inc-keepalive', subject: 'INC bridge' }),
      });
      const created = (await res.json()) as Json;
      const m = { ...(created as unknown as Meeting), threadId: (created['chatInfo'] as Json)['threadId'] as string, organizerId: MEGAN_BOWEN.id };
      const post = await graphFetch(short, `${short.url}/v1.0/communications/calls`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(joinBody(m)) });
      assert.equal(post.status, 201);
      const id = ((await post.json()) as Json)['id'] as string;
      await waitForState(id, 'established');
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 120));
        const ka = await graphFetch(short, `${short.url}/v1.0/communications/calls/${id}/keepAlive`, { method: 'POST' });
        assert.equal(ka.status, 200, 'kept alive by each keepAlive within the deadline');
      }
      const ended = await waitForState(id, 'terminated');
      const info = (ended['resourceData'] as Json)['resultInfo'] as Json;
      assert.deepEqual({ code: info['code'], subcode: info['subcode'], message: info['message'] }, { code: 408, subcode: 8537, message: 'Keep Alive timeout, cleaned up inactive call.' });
      assert.equal((await graphFetch(short, `${short.url}/v1.0/communications/calls/${id}/keepAlive`, { method: 'POST' })).status, 404);
    } finally {
      await short.close();
    }
  });

  test('GET /communications/calls/{id} answers the documented @odata.context (communications/calls/$entity)', async () => {
    const m = await createMeeting();
    const id = await startCall(m);
    const got = await call('GET', `/v1.0/communications/calls/${id}`);
    assert.equal(got.status, 200);
    assert.equal(got.json['@odata.context'], `${sandbox.url}/v1.0/$metadata#communications/calls/$entity`);
  });

  test('DELETE → 204, then terminating (updated) and terminated (deleted) with the hang-up resultInfo', async () => {
    const m = await createMeeting();
    const id = await startCall(m);
    await waitEstablished(id);
    const res = await call('DELETE', `/v1.0/communications/calls/${id}`);
    assert.equal(res.status, 204);
    const terminated = await waitForState(id, 'terminated');
    const terminating = receiver.itemsFor(id).find((i) => stateOf(i) === 'terminating');
    assert.equal(terminating?.['changeType'], 'updated');
    assert.equal(terminated['changeType'], 'deleted');
    assert.deepEqual((terminated['resourceData'] as Json)['resultInfo'], {
      '@odata.type': '#microsoft.graph.resultInfo',
      code: 200,
      subcode: 5001,
      message: 'The conversation has ended.',
    });
    const kinds = receiver.itemsFor(id).map((i) => (isRoster(i) ? 'roster' : stateOf(i)));
    assert.deepEqual(kinds.slice(-2), ['terminating', 'terminated']);
    assert.equal((await call('GET', `/v1.0/communications/calls/${id}`)).status, 404);
    assert.equal((await call('DELETE', `/v1.0/communications/calls/${id}`)).status, 404);
    assert.equal(sandbox.control.calls()[0]?.state, 'terminated');
  });
});

describe('meeting roster and the end of the group call', () => {
  test('people join and leave; when everybody else has left the call ends with 200/5002', async () => {
    const m = await createMeeting();
    const id = await startCall(m);
    await waitEstablished(id);
    sandbox.control.joinMeeting(m.threadId, ADELE_VANCE.userPrincipalName);
    sandbox.control.joinMeeting(id, PATTI_FERNANDEZ.id, { isMuted: true });
    await receiver.waitFor(() => receiver.itemsFor(id).filter(isRoster).find((r) => rosterUserIds(r).length === 2), 'roster with two people');
    sandbox.control.leaveMeeting(id, ADELE_VANCE.id);
    await receiver.waitFor(
      () => receiver.itemsFor(id).filter(isRoster).find((r) => rosterUserIds(r).join() === PATTI_FERNANDEZ.id),
      'roster with Patti only',
    );
    sandbox.control.leaveMeeting(m.threadId, PATTI_FERNANDEZ.id);
    const terminated = await waitForState(id, 'terminated');
    assert.equal(terminated['changeType'], 'deleted');
    const info = (terminated['resourceData'] as Json)['resultInfo'] as Json;
    assert.deepEqual([info['code'], info['subcode']], [200, 5002]);
    const rosters = receiver.itemsFor(id).filter(isRoster).map(rosterUserIds);
    assert.deepEqual(rosters, [[], [ADELE_VANCE.id], [ADELE_VANCE.id, PATTI_FERNANDEZ.id], [PATTI_FERNANDEZ.id], []]);
    assert.throws(() => sandbox.control.joinMeeting(m.threadId, 'nobody@contoso.com'), /no user/);
    assert.throws(() => sandbox.control.joinMeeting('19:meeting_nope@thread.v2', ADELE_VANCE.id), /no meeting/);
  });

  test('a call alone in the meeting stays; a new call into the same meeting sees who is there', async () => {
    const m = await createMeeting();
    const first = await startCall(m);
    await waitEstablished(first);
    sandbox.control.joinMeeting(m.threadId, ADELE_VANCE.id);
    await receiver.waitFor(() => receiver.itemsFor(first).filter(isRoster).find((r) => rosterUserIds(r).length === 1), 'Adele');
    assert.equal((await call('DELETE', `/v1.0/communications/calls/${first}`)).status, 204);
    await waitForState(first, 'terminated');
    const second = await startCall(m);
    const roster = await waitEstablished(second);
    assert.deepEqual(rosterUserIds(roster), [ADELE_VANCE.id]);
  });

  test('dropCall ends a leg with terminating + terminated (default 500/1005)', async () => {
    const m = await createMeeting();
    const id = await startCall(m);
    await waitEstablished(id);
    sandbox.control.dropCall(id);
    const terminated = await waitForState(id, 'terminated');
    assert.ok(receiver.itemsFor(id).some((i) => stateOf(i) === 'terminating'));
    const info = (terminated['resourceData'] as Json)['resultInfo'] as Json;
    assert.deepEqual([info['code'], info['subcode']], [500, 1005]);
  });

  test('autoJoinAttendees: the stored attendees join one by one after the call is established', async () => {
    sandbox.control.autoJoinAttendees(true, 20);
    const m = await createMeeting(MEGAN_BOWEN, [ADELE_VANCE, PATTI_FERNANDEZ]);
    const id = await startCall(m);
    await receiver.waitFor(() => receiver.itemsFor(id).filter(isRoster).find((r) => rosterUserIds(r).length === 2), 'both attendees');
    const rosters = receiver.itemsFor(id).filter(isRoster).map(rosterUserIds);
    assert.deepEqual(rosters, [[], [ADELE_VANCE.id], [ADELE_VANCE.id, PATTI_FERNANDEZ.id]]);
  });
});

describe('asynchronous join failures', () => {
  test('failNextCall: 201, establishing, then terminated (deleted) with the injected resultInfo', async () => {
    const info = { code: 403, subcode: 7504, message: 'Insufficient enterprise tenant permissions, cannot access this API.' };
    sandbox.control.failNextCall(info);
    const m = await createMeeting();
    const id = await startCall(m);
    const terminated = await waitForState(id, 'terminated');
    assert.equal(terminated['changeType'], 'deleted');
    assert.deepEqual((terminated['resourceData'] as Json)['resultInfo'], { '@odata.type': '#microsoft.graph.resultInfo', ...info });
    assert.deepEqual(receiver.itemsFor(id).map(stateOf), ['establishing', 'terminated']);
    // Only the next call: the one after that works.
    const ok = await startCall(m);
    await waitEstablished(ok);

    sandbox.control.failNextCall(info, { synchronous: true });
    const sync = await call('POST', '/v1.0/communications/calls', joinBody(m));
    assert.equal(sync.status, 403);
    assert.equal((sync.json['error'] as Json)['code'], '7504');
  });

  test('a threadId that matches no meeting, or the wrong organizer → terminated with 400/2203', async () => {
    const m = await createMeeting();
    const unknownThread = await startCall({ ...m, threadId: '19:meeting_doesnotexist@thread.v2' });
    const wrongOrganizer = await startCall({ ...m, organizerId: ADELE_VANCE.id });
    for (const id of [unknownThread, wrongOrganizer]) {
      const terminated = await waitForState(id, 'terminated');
      const info = (terminated['resourceData'] as Json)['resultInfo'] as Json;
      assert.deepEqual([info['code'], info['subcode']], [400, 2203]);
      assert.ok(!receiver.itemsFor(id).some(isRoster));
      assert.equal((await call('GET', `/v1.0/communications/calls/${id}`)).status, 404);
    }
  });
});

describe('the signer documents and lifecycle', () => {
  test('/v1/keys and the metadata bypass the Graph version check; other /v1 paths are 404', async () => {
    assert.equal((await fetch(`${sandbox.plainUrl}/v1/keys`)).status, 200);
    assert.equal((await fetch(`${sandbox.plainUrl}/v1/.well-known/openidconfiguration`)).status, 200);
    assert.equal((await fetch(`${sandbox.plainUrl}/v1/nothing`)).status, 404);
    assert.equal((await graphFetch(sandbox, `${sandbox.url}/v2/keys`)).status, 400);
  });

  test('reset stops every timer and forgets calls; close stops pending work', async () => {
    const m = await createMeeting();
    await startCall(m);
    sandbox.control.autoJoinAttendees(true, 10_000);
    assert.ok(sandbox.control.pendingTimers > 0);
    sandbox.control.reset();
    assert.equal(sandbox.control.pendingTimers, 0);
    assert.deepEqual(sandbox.control.calls(), []);

    const other = await startGraphSandbox({ callTimings: { establishingMs: 60_000 } });
    const meeting = await graphFetch(other, `${other.url}/v1.0/users/${MEGAN_BOWEN.id}/onlineMeetings/createOrGet`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ externalId: 'lifecycle' }),
    });
    const chat = ((await meeting.json()) as Json)['chatInfo'] as Json;
    const res = await graphFetch(other, `${other.url}/v1.0/communications/calls`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(joinBody({ id: '', threadId: chat['threadId'] as string, organizerId: MEGAN_BOWEN.id, joinMeetingId: '', passcode: '' })),
    });
    assert.equal(res.status, 201);
    assert.ok(other.control.pendingTimers > 0);
    await other.close();
    assert.equal(other.control.pendingTimers, 0);
  });
});
