/**
 * End to end over real HTTP: Teams-shaped activity → POST /api/messages → CloudAdapter → bot → Graph sandbox,
 * reply captured at the Connector sandbox (the activity's serviceUrl).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ADELE_VANCE, ALEX_WILBER, ISAIAH_LANGER, MEGAN_BOWEN, PATTI_FERNANDEZ } from '../../sandbox/graph/users/directory';
import { cardProblems } from '../support/adaptive-card-check';
import { cardOf, startHarness, type Harness } from '../support/harness';
import type { CapturedActivity } from '../support/connector/connector-sandbox';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });
beforeEach(() => h.reset());

/**
 * The incident card once every look-up has answered: the card is posted after createOrGet (one round trip) and
 * updated in place with the people resolved after it, so the names are checked on its last version.
 */
async function settledCard(): Promise<{ activity: CapturedActivity; card: Record<string, unknown>; text: string; cardId: string }> {
  const first = await h.waitForCard();
  await h.app.incidents.idle();
  const cardId = first.activity.activityId!;
  const last = [...h.connector.activities].reverse().find((a) => a.activityId === cardId && cardOf(a) !== undefined) ?? first.activity;
  return { activity: first.activity, card: cardOf(last)!, text: JSON.stringify(cardOf(last)), cardId };
}

/** Attendee ids the meeting ends up with (createOrGet, then the PATCH with people resolved later). */
function meetingAttendeeIds(): string[] {
  const m = h.graph.control.meetings()[0]!.meeting as { participants?: { attendees?: { identity?: { user?: { id?: string } } }[] } };
  return (m.participants?.attendees ?? []).map((a) => a.identity?.user?.id ?? '').sort();
}

function createOrGetCalls(): readonly { body: unknown; path: string; status?: number }[] {
  return h.graph.control.requests.filter((r) => r.path.endsWith('/onlineMeetings/createOrGet'));
}

describe('start in a group chat with mentions and an e-mail', () => {
  test('typing, then one card with join link, meeting id, dial-in and the three attendees', async () => {
    const res = await h.post(h.fixture('group-chat-start'));
    assert.equal(res.status, 200);
    const { activity, card, text, cardId } = await settledCard();
    assert.deepEqual(cardProblems(card), []);
    const here = h.connector.activities.filter((a) => a.conversationId === activity.conversationId);
    const posted = here.filter((a) => cardOf(a) !== undefined && a.operation !== 'updateActivity');
    assert.equal(posted.length, 1, 'one card posted; later look-ups update it in place (the meeting chat has its own copy)');
    assert.ok(here.filter((a) => a.operation === 'updateActivity').every((a) => a.activityId === cardId));

    const ops = h.connector.activities.map((a) => a.activity['type']);
    assert.equal(ops[0], 'typing', 'the typing indicator comes first');

    const meetings = h.graph.control.meetings();
    assert.equal(meetings.length, 1);
    const m = meetings[0]!.meeting;
    assert.equal(m.subject, '[SEV2] Checkout API returning 500s');
    assert.ok(text.includes(m.joinWebUrl as string), 'the Join button opens the meeting');
    for (const needle of ['Checkout API returning 500s', 'SEV2', 'Meeting ready', 'Alex Wilber', 'Megan Bowen', 'Adele Vance', 'Patti Fernandez', 'Meeting ID', 'Dial-in']) {
      assert.ok(text.includes(needle), `card lacks "${needle}"`);
    }
    // The organizer is the requester; attendees are the three people after "with", not the bot.
    // createOrGet goes out alongside the look-ups: the e-mail as a upn, people known by then by id; the meeting
    // ends up with all three by id (PATCH participants once the look-ups answered).
    const call = createOrGetCalls()[0]!;
    assert.ok(call.path.includes(`/users/${ALEX_WILBER.id}/`));
    const sent = (call.body as { participants: { attendees: { upn?: string; identity?: unknown }[] } }).participants.attendees;
    assert.ok(sent.some((a) => a.upn === 'patti@contoso.com' || a.identity !== undefined), 'the e-mail is invited in createOrGet');
    assert.deepEqual(meetingAttendeeIds(), [MEGAN_BOWEN.id, ADELE_VANCE.id, PATTI_FERNANDEZ.id].sort());
    // The reply threads onto the command in the same conversation.
    assert.equal(activity.conversationId, '19:c3e7a9b1f2d44e5a8b6c0d1e2f3a4b5c@thread.v2');
  });

  test('member look-ups run concurrently and are cached for the tenant (any chat)', async () => {
    h.connector.setLatency(150);
    const base = h.fixture('group-chat-start');
    // A tenant no earlier test used, so the cache is cold.
    const tenant = { id: 'f7e6d5c4-b3a2-4190-8f7e-6d5c4b3a2190' };
    const inTenant = (conversationId: string, id: string) => ({
      ...base,
      id,
      conversation: { ...(base['conversation'] as object), id: conversationId, tenantId: tenant.id },
      channelData: { ...(base['channelData'] as object), tenant },
    });
    await h.post(inTenant('19:fresh0conversation0for0cache0test@thread.v2', 'm-concurrent-1'));
    await h.waitForCard();
    await h.app.incidents.idle();
    const lookups = h.connector.requests.filter((r) => r.operation === 'getConversationMember');
    assert.equal(lookups.length, 2);
    const [a, b] = lookups;
    assert.ok(Math.abs(a!.at - b!.at) < 100, 'both member look-ups were sent at the same time');
    await h.reset();
    await h.post(inTenant('19:another0chat0same0tenant@thread.v2', 'm-concurrent-2'));
    await h.waitForCard();
    await h.app.incidents.idle();
    assert.equal(h.connector.requests.filter((r) => r.operation === 'getConversationMember').length, 0, 'a command in another chat of the tenant used the cache');
  });
});

describe('other conversation kinds', () => {
  test('channel: the card lands in the thread of the command, attendee resolved via the team roster', async () => {
    await h.post(h.fixture('channel-start'));
    const { activity, text } = await settledCard();
    assert.ok(activity.conversationId?.includes(';messageid=1763978740511'), `card went to ${activity.conversationId}`);
    assert.ok(text.includes('Payments database failover'));
    assert.ok(text.includes('SEV1'));
    assert.ok(text.includes(ISAIAH_LANGER.displayName));
    const member = h.connector.requests.find((r) => r.operation === 'getConversationMember');
    assert.ok(member?.path.includes(encodeURIComponent('19:2a4c6e8f0b1d3f5a7c9e1b3d5f7a9c1e@thread.tacv2')), 'TeamsInfo asks the team, not the thread');
  });

  test('personal chat: e-mail attendees batched, an unknown one listed, the meeting made for the others', async () => {
    await h.post(h.fixture('personal-start'));
    const { text } = await settledCard();
    assert.ok(text.includes('Login with SSO broken for EU tenants'), 'the "with" inside the title stays in the title');
    assert.ok(text.includes('SEV3'), 'default severity');
    assert.match(text, /unknown: nobody@contoso.com/);
    const batches = h.graph.control.requests.filter((r) => r.path === '/v1.0/$batch');
    assert.equal(batches.length, 1, 'three addresses, one $batch');
    assert.deepEqual(meetingAttendeeIds(), [ADELE_VANCE.id, MEGAN_BOWEN.id].sort(), 'the unknown address is not left in the meeting');
  });
});

describe('failures are explained and nothing is lost', () => {
  test('403 without an application access policy: the card says which PowerShell to run; retry works after the fix', async () => {
    h.graph.control.denyAccessPolicy(ALEX_WILBER.id);
    const activity = h.fixture('group-chat-start', { id: 'policy-1' });
    await h.post(activity);
    const { card, text } = await h.waitForCard();
    assert.deepEqual(cardProblems(card), []);
    assert.match(text, /application access policy/);
    assert.ok(text.includes(`Grant-CsApplicationAccessPolicy -PolicyName IncidentBridge-Policy -Identity \\"${ALEX_WILBER.id}\\"`));
    assert.match(text, /ACCESS_POLICY_MISSING/);

    const incidentId = /INC-[0-9A-Z]{7}/.exec(text)![0];
    const stored = await h.app.incidents.get(incidentId);
    assert.equal(stored?.state, 'meetingFailed', 'the incident is kept');
    assert.equal(stored?.attendees.length, 3);

    h.graph.control.allowAccessPolicy(ALEX_WILBER.id);
    const res = await h.post({
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: 'invoke-retry-1',
      channelId: 'msteams',
      serviceUrl: activity['serviceUrl'],
      from: activity['from'],
      recipient: activity['recipient'],
      conversation: activity['conversation'],
      channelData: activity['channelData'],
      replyToId: h.connector.activities.at(-1)?.activityId,
      value: { action: { type: 'Action.Execute', verb: 'retryMeeting', data: { incidentId } }, trigger: 'manual' },
    });
    assert.equal(res.status, 200);
    const body = res.body as { statusCode: number; type: string; value: unknown };
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(JSON.stringify(body.value), /Meeting ready/);
    assert.match(JSON.stringify(body.value), /teams\.microsoft\.com\/l\/meetup-join/);
  });

  test('Graph throttling (429 + Retry-After) is retried by the client and the card still arrives', async () => {
    h.graph.control.throttleNext(1, 1);
    await h.post(h.fixture('group-chat-start', { id: 'throttle-1' }));
    const { text } = await h.waitForCard(undefined, 15_000);
    assert.match(text, /Meeting ready/);
    assert.ok(h.graph.control.requests.some((r) => r.status === 429));
  });

  test('a redelivered activity makes one meeting and refreshes the same card instead of posting another', async () => {
    const activity = h.fixture('group-chat-start', { id: 'redelivered-1' });
    await h.post(activity);
    const first = await h.waitForCard();
    await h.post(activity);
    const update = await h.waitForCard((a) => a.operation === 'updateActivity');
    assert.equal(update.activity.activityId, first.activity.activityId);
    assert.equal(h.graph.control.meetings().length, 1);
    // The meeting chat's copy of the card (issue #14) is not a second card in this chat.
    assert.equal(h.connector.activities.filter((a) => a.operation !== 'updateActivity' && a.activity['type'] === 'message' && !String(a.conversationId).startsWith('19:meeting_')).length, 1);
  });

  test('the same activity delivered twice at once makes one meeting and one card', async () => {
    h.graph.control.setLatency(100);
    const activity = h.fixture('group-chat-start', { id: 'concurrent-redelivery-1' });
    const [a, b] = await Promise.all([h.post(activity), h.post(activity)]);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    await h.waitForCard();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(h.graph.control.meetings().length, 1);
    assert.equal(h.connector.activities.filter((x) => x.operation !== 'updateActivity' && x.activity['type'] === 'message' && !String(x.conversationId).startsWith('19:meeting_')).length, 1, 'one card (the meeting chat\'s copy, issue #14, aside)');
  });

  test('start with no title says what is missing, with an example', async () => {
    await h.post(h.fixture('group-chat-start', { id: 'no-title', text: '<at>IncidentBridge</at> start sev2' }));
    const { text, card } = await h.waitForCard();
    assert.deepEqual(cardProblems(card), []);
    assert.match(text, /TITLE_MISSING/);
    assert.match(text, /start sev2 /);
    assert.equal(h.graph.control.meetings().length, 0);
  });

  test('a card button with an unknown verb gets a clear message, not an error', async () => {
    const a = h.fixture('group-chat-start');
    const res = await h.post({
      type: 'invoke', name: 'adaptiveCard/action', id: 'invoke-x', channelId: 'msteams', serviceUrl: a['serviceUrl'], from: a['from'], recipient: a['recipient'], conversation: a['conversation'], channelData: a['channelData'],
      value: { action: { type: 'Action.Execute', verb: 'launchRockets', data: { incidentId: 'INC-0000000' } }, trigger: 'manual' },
    });
    assert.equal(res.status, 200);
    assert.equal((res.body as { type: string }).type, 'application/vnd.microsoft.activity.message');
  });
});

describe('help', () => {
  for (const [name, text] of [['help', '<at>IncidentBridge</at> help'], ['a bare mention', '<at>IncidentBridge</at>'], ['unrecognised text', '<at>IncidentBridge</at> make coffee']] as const) {
    test(`${name} answers with the help card`, async () => {
      await h.post(h.fixture('group-chat-start', { id: `help-${name}`, text }));
      const { card, text: t } = await h.waitForCard();
      assert.deepEqual(cardProblems(card), []);
      assert.match(t, /start sev2/);
      if (name === 'unrecognised text') assert.match(t, /did not understand/);
    });
  }
});

describe('the Start form on the help card', () => {
  function submit(data: Record<string, string>, id: string) {
    const a = h.fixture('group-chat-start');
    return h.post({
      type: 'invoke', name: 'adaptiveCard/action', id, channelId: 'msteams', serviceUrl: a['serviceUrl'], from: a['from'], recipient: a['recipient'],
      conversation: a['conversation'], channelData: a['channelData'], entities: a['entities'], localTimezone: a['localTimezone'],
      value: { action: { type: 'Action.Execute', verb: 'startIncident', data }, trigger: 'manual' },
    });
  }

  test('the help card carries the form', async () => {
    await h.post(h.fixture('group-chat-start', { id: 'help-form', text: '<at>IncidentBridge</at> help' }));
    const { text } = await h.waitForCard();
    assert.match(text, /Start an incident/);
    assert.match(text, /"verb":"startIncident"/);
    assert.match(text, /graph.microsoft.com\/users/);
  });

  test('submitting it does what the typed command does: picked people and e-mails invited, card posted', async () => {
    const res = await submit({ startTitle: 'Search latency over 2s', startSeverity: 'sev1', startPeople: `${MEGAN_BOWEN.id},${ADELE_VANCE.id}`, startEmails: 'patti@contoso.com', startDuration: '30' }, 'form-1');
    assert.equal(res.status, 200);
    assert.equal((res.body as { type: string }).type, 'application/vnd.microsoft.activity.message');
    const { text, card } = await h.waitForCard();
    assert.deepEqual(cardProblems(card), []);
    for (const needle of ['Search latency over 2s', 'SEV1', 'Megan Bowen', 'Adele Vance', 'Patti Fernandez', 'Meeting ready']) assert.ok(text.includes(needle), needle);
    const m = h.graph.control.meetings()[0]!.meeting;
    assert.equal(Date.parse(m.endDateTime as string) - Date.parse(m.startDateTime as string), 30 * 60_000);
  });

  test('the calendar toggle sends Outlook invitations, as +calendar does', async () => {
    await submit({ startTitle: 'Planned failover', startSeverity: 'sev4', startEmails: 'adelev@contoso.com', startCalendar: 'true' }, 'form-cal');
    const { text } = await h.waitForCard();
    assert.match(text, /Outlook calendars/);
    assert.equal(h.graph.control.events().length, 1);
  });

  test('a form without a title gets a clear answer', async () => {
    const res = await submit({ startTitle: '  ', startSeverity: 'sev2' }, 'form-2');
    assert.equal(res.status, 200);
    assert.match(JSON.stringify(res.body), /needs a title/);
    const { text } = await h.waitForCard();
    assert.match(text, /TITLE_MISSING/);
    assert.equal(h.graph.control.meetings().length, 0);
  });
});
