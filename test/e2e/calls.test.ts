/**
 * The bot in the bridge, end to end over real HTTP: card button (adaptiveCard/action invoke) → POST
 * /communications/calls on the Graph sandbox → signed notifications to POST /api/calls → JWT validated against
 * the sandbox's OpenID metadata (production code, other URL) → incident updated → card updated in place through
 * the Connector (captured).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { generateKeyPair, SignJWT } from 'jose';
import { ADELE_VANCE, ALEX_WILBER, ISAIAH_LANGER, MEGAN_BOWEN, PATTI_FERNANDEZ } from '../../sandbox/graph/users/directory';
import { cardProblems } from '../support/adaptive-card-check';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });
beforeEach(() => h.reset());

interface Started { incidentId: string; cardActivityId: string; threadId: string; activity: Record<string, unknown> }

let seq = 0;
async function startIncident(): Promise<Started> {
  const activity = h.fixture('group-chat-start', { id: `calls-${++seq}-${Date.now()}` });
  await h.post(activity);
  const { activity: card, text } = await h.waitForCard((a) => a.operation !== 'updateActivity' && JSON.stringify(a.activity).includes('Meeting ready'));
  const incidentId = /INC-[0-9A-Z]{7}/.exec(text)![0];
  const incident = await h.app.incidents.get(incidentId);
  return { incidentId, cardActivityId: card.activityId!, threadId: incident!.meeting!.chatInfo.threadId, activity };
}

function invoke(s: Started, verb: string, data: Record<string, string> = {}, id = `invoke-${verb}-${++seq}`) {
  const a = s.activity;
  return h.post({
    type: 'invoke', name: 'adaptiveCard/action', id, channelId: 'msteams', serviceUrl: a['serviceUrl'], from: a['from'], recipient: a['recipient'],
    conversation: a['conversation'], channelData: a['channelData'], replyToId: s.cardActivityId,
    value: { action: { type: 'Action.Execute', verb, data: { incidentId: s.incidentId, ...data } }, trigger: 'manual' },
  });
}

/** Waits for the incident's card to be updated in place with text matching. */
async function cardUpdate(s: Started, match: RegExp, timeoutMs = 10_000): Promise<string> {
  const { card, text } = await h.waitForCard((a) => a.operation === 'updateActivity' && a.activityId === s.cardActivityId && match.test(JSON.stringify(a.activity)), timeoutMs);
  assert.deepEqual(cardProblems(card), []);
  return text;
}

async function until(what: string, probe: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function callPosts(): number {
  return h.graph.control.requests.filter((r) => r.method === 'POST' && r.path === '/v1.0/communications/calls').length;
}

describe('bring the bot into the call', () => {
  test('button → one call with the meeting coordinates → Bot connected, announcement, roster, timeline on the card', async () => {
    const s = await startIncident();
    const res = await invoke(s, 'joinCall');
    assert.equal(res.status, 200);
    assert.match(JSON.stringify(res.body), /Bot joining|joining the call/i);

    await cardUpdate(s, /Bot connected/);
    assert.equal(callPosts(), 1);
    const body = h.graph.control.requests.find((r) => r.path === '/v1.0/communications/calls')!.body as {
      chatInfo: { threadId: string };
      meetingInfo: { '@odata.type': string; organizer: { user: { id: string; tenantId: string } } };
      tenantId: string;
      mediaConfig: { '@odata.type': string };
      callbackUri: string;
      requestedModalities: string[];
    };
    const incident = (await h.app.incidents.get(s.incidentId))!;
    assert.equal(body.chatInfo.threadId, incident.meeting!.chatInfo.threadId, 'chatInfo from the stored meeting');
    assert.equal(body.meetingInfo['@odata.type'], '#microsoft.graph.organizerMeetingInfo');
    assert.equal(body.meetingInfo.organizer.user.id, ALEX_WILBER.id);
    assert.equal(body.meetingInfo.organizer.user.tenantId, body.tenantId);
    assert.equal(body.mediaConfig['@odata.type'], '#microsoft.graph.serviceHostedMediaConfig');
    assert.match(body.callbackUri, /\/api\/calls$/);
    assert.deepEqual(body.requestedModalities, ['audio']);

    // The announcement is played once the call is established, from the bot's own URL.
    await until('the announcement', () => h.graph.control.requests.some((r) => r.path.endsWith('/playPrompt')));
    const prompt = h.graph.control.requests.find((r) => r.path.endsWith('/playPrompt'))!.body as { prompts: { mediaInfo: { uri: string } }[] };
    const wav = await fetch(prompt.prompts[0]!.mediaInfo.uri);
    assert.equal(wav.status, 200);
    assert.equal(wav.headers.get('content-type'), 'audio/wav');

    h.graph.control.joinMeeting(s.threadId, MEGAN_BOWEN.id);
    const withMegan = await cardUpdate(s, /In the call:\*\* Megan Bowen/);
    assert.match(withMegan, /Megan Bowen joined the call/);
    h.graph.control.joinMeeting(s.threadId, ADELE_VANCE.id);
    await cardUpdate(s, /In the call:\*\* Megan Bowen, Adele Vance/);
    // A notification's status is null while its POST is in flight: wait until every one has been answered.
    await until('every notification delivered', () => h.graph.control.calls()[0]!.notifications.every((n) => n.status !== null || n.error !== undefined));
    const [call] = h.graph.control.calls();
    assert.deepEqual(call!.notifications.filter((n) => n.status !== 202).map((n) => `${n.kind}: ${n.status ?? n.error}`), [], 'every notification was accepted with 202');
  });

  test('a double click, two people at once and a redelivered invoke make one call', async () => {
    const s = await startIncident();
    const responses = await Promise.all([invoke(s, 'joinCall', {}, 'dup-1'), invoke(s, 'joinCall', {}, 'dup-1'), invoke(s, 'joinCall'), invoke(s, 'joinCall')]);
    assert.ok(responses.every((r) => r.status === 200));
    await cardUpdate(s, /Bot connected/);
    await invoke(s, 'joinCall');
    assert.equal(callPosts(), 1);
  });

  test('the join command does the same for the conversation\'s active incident', async () => {
    const s = await startIncident();
    await h.post({ ...s.activity, id: `join-cmd-${seq}`, text: '<at>IncidentBridge</at> join', entities: [(s.activity['entities'] as unknown[])[0]] });
    await cardUpdate(s, /Bot connected/);
    assert.equal(callPosts(), 1);
    const reply = await h.connector.waitFor((a) => typeof a.activity['text'] === 'string' && /Bringing the bot into the call/.test(a.activity['text'] as string));
    assert.ok(reply);
  });
});

describe('page, leave, everyone leaves', () => {
  test('page @Isaiah + e-mail invites them (5 per request) and the roster shows them', async () => {
    const s = await startIncident();
    await invoke(s, 'joinCall');
    await cardUpdate(s, /Bot connected/);
    const entities = s.activity['entities'] as unknown[];
    await h.post({
      ...s.activity,
      id: `page-${seq}`,
      text: '<at>IncidentBridge</at> page <at>Isaiah Langer</at> patti@contoso.com',
      entities: [entities[0], { type: 'mention', mentioned: { id: '29:1isaiah-Nn1Oo4Pp7Qq0Rr3Ss6Tt9Uu2Vv5Ww8Xx', name: 'Isaiah Langer' }, text: '<at>Isaiah Langer</at>' }],
    });
    await until('an invite', () => h.graph.control.requests.some((r) => r.path.endsWith('/participants/invite')));
    const invite = h.graph.control.requests.find((r) => r.path.endsWith('/participants/invite'))!.body as { participants: { identity: { user: { id: string } } }[] };
    const invited = h.graph.control.requests.filter((r) => r.path.endsWith('/participants/invite'))
      .flatMap((r) => (r.body as typeof invite).participants.map((p) => p.identity.user.id));
    assert.deepEqual(invited.sort(), [ISAIAH_LANGER.id, PATTI_FERNANDEZ.id].sort());
    await cardUpdate(s, /Isaiah Langer joined the call/);
  });

  test('paging six people splits into two invite requests', async () => {
    const s = await startIncident();
    await invoke(s, 'joinCall');
    await cardUpdate(s, /Bot connected/);
    const six = ['meganb@contoso.com', 'adelev@contoso.com', 'patti@contoso.com', 'isaiahl@contoso.com', 'leeg@contoso.com', 'nestorw@contoso.com'];
    const res = await invoke(s, 'page', { pageEmails: six.join(', ') });
    assert.equal(res.status, 200);
    await until('two invites', () => h.graph.control.requests.filter((r) => r.path.endsWith('/participants/invite')).length === 2);
    const sizes = h.graph.control.requests.filter((r) => r.path.endsWith('/participants/invite')).map((r) => (r.body as { participants: unknown[] }).participants.length).sort();
    assert.deepEqual(sizes, [1, 5]);
  });

  test('Remove bot hangs up (DELETE) and the card says the call ended; the meeting lives on', async () => {
    const s = await startIncident();
    await invoke(s, 'joinCall');
    await cardUpdate(s, /Bot connected/);
    const res = await invoke(s, 'leaveCall');
    assert.equal(res.status, 200);
    assert.ok(h.graph.control.requests.some((r) => r.method === 'DELETE' && r.path.startsWith('/v1.0/communications/calls/')));
    const text = await cardUpdate(s, /Call ended/);
    assert.match(text, /Bring bot into call/, 'the bot can be brought back');
    assert.match(text, /teams\.microsoft\.com\/l\/meetup-join/, 'the join link stays');
  });

  test('when everybody leaves the call ends; joining again starts a new call into the same meeting', async () => {
    const s = await startIncident();
    await invoke(s, 'joinCall');
    await cardUpdate(s, /Bot connected/);
    h.graph.control.joinMeeting(s.threadId, MEGAN_BOWEN.id);
    await cardUpdate(s, /In the call:\*\* Megan Bowen/);
    h.graph.control.leaveMeeting(s.threadId, MEGAN_BOWEN.id);
    const ended = await cardUpdate(s, /Everyone left/);
    assert.match(ended, /Call ended/);
    await invoke(s, 'joinCall');
    await cardUpdate(s, /Bot connected/);
    const calls = h.graph.control.calls();
    assert.equal(calls.length, 2);
    assert.equal(calls[0]!.threadId, calls[1]!.threadId);
    assert.notEqual(calls[0]!.id, calls[1]!.id);
  });
});

describe('notifications are validated and robust', () => {
  async function connected(): Promise<{ s: Started; callId: string; callbackUri: string }> {
    const s = await startIncident();
    await invoke(s, 'joinCall');
    await cardUpdate(s, /Bot connected/);
    const [call] = h.graph.control.calls();
    return { s, callId: call!.id, callbackUri: call!.callbackUri };
  }
  const terminate = (callId: string) => ({
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [{ '@odata.type': '#microsoft.graph.commsNotification', changeType: 'deleted', resourceUrl: `/communications/calls/${callId}`, resourceData: { '@odata.type': '#microsoft.graph.call', state: 'terminated', resultInfo: { code: 200, subcode: 5001 } } }],
  });

  test('forged notifications (no token, wrong key, wrong audience, wrong issuer, expired, no tenant) are rejected and change nothing', async () => {
    const { s, callId, callbackUri } = await connected();
    await until('the announcement to finish', async () => (await h.app.incidents.get(s.incidentId))?.call?.promptPlayed === true);
    const before = JSON.stringify(await h.app.incidents.get(s.incidentId));
    const { privateKey } = await generateKeyPair('RS256');
    const foreign = await new SignJWT({ tid: h.graph.tenantId }).setProtectedHeader({ alg: 'RS256', kid: 'attacker' }).setIssuer('https://graph.microsoft.com').setAudience(h.graph.botAppId).setIssuedAt().setExpirationTime('1h').sign(privateKey);
    const cases: [string, string | null, number][] = [
      ['no token', null, 401],
      ['wrong key', foreign, 403],
      ['wrong audience', await h.graph.control.signToken({ claims: { aud: '11111111-2222-3333-4444-555555555555' } }), 403],
      ['wrong issuer', await h.graph.control.signToken({ claims: { iss: 'https://evil.example.com' } }), 403],
      ['expired', await h.graph.control.signToken({ expiresInSeconds: -3600 }), 403],
      ['missing tenant', await h.graph.control.signToken({ omitClaims: ['tid'] }), 403],
    ];
    for (const [name, token, status] of cases) {
      const r = await h.graph.control.sendNotification(callbackUri, terminate(callId), token);
      assert.equal(r.status, status, name);
    }
    assert.equal(JSON.stringify(await h.app.incidents.get(s.incidentId)), before, 'nothing changed');
    const ok = await h.graph.control.sendNotification(callbackUri, terminate(callId), undefined);
    assert.equal(ok.status, 202, 'a properly signed one is accepted');
    await cardUpdate(s, /Call ended/);
  });

  test('out-of-order and duplicated notifications still end in one clean connected state', async () => {
    h.graph.control.setNotificationDelivery({ duplicate: true, reverseOrder: true });
    const s = await startIncident();
    await invoke(s, 'joinCall');
    await cardUpdate(s, /Bot connected/);
    await until('every notification delivered (duplicates and late ones included)', () =>
      h.graph.control.calls()[0]!.notifications.length >= 6 && h.graph.control.calls()[0]!.notifications.every((n) => n.status !== undefined || n.error !== undefined));
    const incident = (await h.app.incidents.get(s.incidentId))!;
    assert.equal(incident.state, 'botConnected');
    assert.equal(incident.call?.state, 'established');
    assert.equal(incident.timeline.filter((t) => t.text === 'Bot joined the call').length, 1);
    assert.equal(h.graph.control.requests.filter((r) => r.path.endsWith('/playPrompt')).length, 1, 'one announcement');
  });

  test('resource-only (older) notification payloads are understood', async () => {
    h.graph.control.setNotificationDelivery({ only: 'resource' });
    const s = await startIncident();
    await invoke(s, 'joinCall');
    await cardUpdate(s, /Bot connected/);
  });

  test('notifications for unknown calls are accepted and ignored', async () => {
    const { s, callbackUri } = await connected();
    await until('the announcement to finish', async () => (await h.app.incidents.get(s.incidentId))?.call?.promptPlayed === true);
    // Let card updates already under way land before counting.
    const count = () => h.connector.activities.filter((a) => a.operation === 'updateActivity').length;
    for (let last = -1; last !== count(); ) { last = count(); await new Promise((res) => setTimeout(res, 300)); }
    const before = JSON.stringify(await h.app.incidents.get(s.incidentId));
    const updates = count();
    const r = await h.graph.control.sendNotification(callbackUri, terminate('00000000-0000-0000-0000-000000000000'), undefined);
    assert.equal(r.status, 202);
    // The bot waits a little for a link that may still be written (a brand-new call), then gives up quietly.
    await new Promise((res) => setTimeout(res, 3500));
    assert.equal(JSON.stringify(await h.app.incidents.get(s.incidentId)), before, 'the connected incident is untouched');
    assert.equal(h.connector.activities.filter((a) => a.operation === 'updateActivity').length, updates, 'no card was updated');
  });
});

describe('failures are explained on the card', () => {
  for (const [subcode, code, pattern] of [[7504, 403, /admin consent/], [7503, 403, /enable calling/], [2203, 400, /could not find the meeting/]] as const) {
    test(`result ${code}/${subcode}`, async () => {
      h.graph.control.failNextCall({ code, subcode, message: `failure ${subcode}` });
      const s = await startIncident();
      await invoke(s, 'joinCall');
      const text = await cardUpdate(s, /could not join/);
      assert.match(text, pattern);
      assert.match(text, /Bring bot into call/, 'the user can try again');
    });
  }

  test('a synchronous 403 from Graph is explained', async () => {
    h.graph.control.failNextCall({ code: 403, subcode: 7505, message: 'Request authorization tenant mismatch.' }, { synchronous: true });
    const s = await startIncident();
    const res = await invoke(s, 'joinCall');
    assert.match(JSON.stringify(res.body), /could not join/);
    // 7505 is a tenant mismatch (issue #10): the card names the tenant setting, not a permission to grant.
    assert.match(JSON.stringify(res.body), /Tenant mismatch \(7505\)/);
    assert.match(JSON.stringify(res.body), /GRAPH.*TENANT.*ID/); // markdown-escaped on the card
    assert.doesNotMatch(JSON.stringify(res.body), /grant the app Calls.JoinGroupCall.All/);
  });

  test('a synchronous 403/7504 gets the admin-consent hint for the meeting\'s tenant', async () => {
    h.graph.control.failNextCall({ code: 403, subcode: 7504, message: 'Insufficient enterprise tenant permissions, cannot access this API.' }, { synchronous: true });
    const s = await startIncident();
    const res = await invoke(s, 'joinCall');
    assert.match(JSON.stringify(res.body), /Insufficient enterprise tenant permissions \(7504\)/);
    assert.match(JSON.stringify(res.body), /admin consent/);
  });
});
