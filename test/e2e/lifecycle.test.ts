/**
 * The incident lifecycle in chat, end to end over real HTTP (restify → CloudAdapter → bot → Graph sandbox, replies
 * captured by the Connector sandbox): list, status, commander, severity, note, resolve (with the bot in the call),
 * reopen, export, who may resolve, and refusals on a resolved incident.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ALEX_WILBER, ISAIAH_LANGER, MEGAN_BOWEN } from '../../sandbox/graph/users/directory';
import { cardProblems } from '../support/adaptive-card-check';
import { cardOf, startHarness, type Harness } from '../support/harness';
import { Conversation, until } from '../support/teams-conversation';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });
beforeEach(() => h.reset());

async function stored(id: string) {
  const incident = await h.app.incidents.get(id);
  assert.ok(incident, `incident ${id} stored`);
  return incident;
}

describe('commander, severity, note: anyone may; the card is updated in place', () => {
  test('commander @Megan, sev1, a note: card updated, timeline entries, short replies', async () => {
    const c = new Conversation(h);
    const { incidentId, cardId } = await c.start('Checkout API returning 500s');

    await c.say('commander <@Megan Bowen>', 'Isaiah Langer');
    await c.reply(/Megan Bowen is now the commander of INC-/);
    const named = await c.update(cardId, /"title":"Commander","value":"Megan Bowen"/);
    assert.deepEqual(cardProblems(named.card), []);
    assert.equal((await stored(incidentId)).commander?.aadObjectId, MEGAN_BOWEN.id);

    await c.say('sev1', 'Adele Vance');
    await c.reply(/is now SEV1 \(was SEV2\)/);
    const sev = await c.update(cardId, /SEV1 · critical/);
    assert.match(sev.text, /Severity changed from SEV2 to SEV1 by Adele Vance/);

    await c.say(`note ${incidentId} Rolled back deploy 2024.11.3`, 'Isaiah Langer');
    await c.reply(/Noted on INC-/);
    await c.update(cardId, /Note by Isaiah Langer: Rolled back deploy 2024.11.3/);

    const timeline = (await stored(incidentId)).timeline.map((t) => t.text);
    assert.deepEqual(timeline.slice(-3), [
      'Megan Bowen is now incident commander (named by Isaiah Langer)',
      'Severity changed from SEV2 to SEV1 by Adele Vance',
      'Note by Isaiah Langer: Rolled back deploy 2024.11.3',
    ]);
  });

  test('"commander me" and the "I\'m commander" button', async () => {
    const c = new Conversation(h);
    const { incidentId } = await c.start('Search latency');
    await c.say('commander me', 'Megan Bowen');
    await c.reply(/Megan Bowen is now the commander/);
    const res = await c.press('takeCommand', { incidentId }, 'Isaiah Langer');
    assert.equal(res.type, 'application/vnd.microsoft.card.adaptive');
    assert.deepEqual(cardProblems(res.value), []);
    assert.match(JSON.stringify(res.value), /"title":"Commander","value":"Isaiah Langer"/);
    assert.match(JSON.stringify(res.value), /Isaiah Langer took command/);
    assert.equal((await stored(incidentId)).commander?.aadObjectId, ISAIAH_LANGER.id);
  });
});

describe('status', () => {
  test('re-posts the live card as a new message and moves the card there: later updates go to the new card', async () => {
    const c = new Conversation(h);
    const { incidentId, cardId } = await c.start('Login broken');
    c.mark();
    const since = h.connector.activities.length; // before: the update saying the card is also in the meeting chat (issue #14)
    await c.say('status');
    const { activity, card } = await c.card(new RegExp(incidentId));
    assert.deepEqual(cardProblems(card), []);
    assert.notEqual(activity.activityId, cardId);
    assert.equal((await stored(incidentId)).card?.activityId, activity.activityId);

    await c.say('note moved the card');
    await c.update(activity.activityId!, /Note by Alex Wilber: moved the card/);
    assert.equal(h.connector.activities.slice(since).filter((a) => a.operation === 'updateActivity' && a.activityId === cardId).length, 0, 'the old card is left alone');
  });
});

describe('who may resolve and reopen', () => {
  test('someone else is refused politely; the commander may; then only the requester/commander may reopen', async () => {
    const c = new Conversation(h);
    const { incidentId, cardId } = await c.start('Payments failing');

    await c.say('resolve', 'Isaiah Langer');
    const refused = await c.card(/NOT_ALLOWED/);
    assert.deepEqual(cardProblems(refused.card), []);
    assert.match(refused.text, /only the person who started INC-[0-9A-Z]{7} \(Alex Wilber\)/);
    assert.equal((await stored(incidentId)).state, 'meetingReady');

    await c.say('commander <@Megan Bowen>', 'Isaiah Langer');
    await c.reply(/Megan Bowen is now the commander/);
    await c.say('resolve Bad config pushed to EU; reverted', 'Megan Bowen');
    await c.reply(/Resolved INC-/);
    const frozen = await c.update(cardId, /Resolved · SEV2/);
    assert.deepEqual(cardProblems(frozen.card), []);
    assert.match(frozen.text, /Bad config pushed to EU; reverted/);
    assert.ok(!frozen.text.includes('meetup-join'), 'no join link on a resolved incident');
    assert.deepEqual((frozen.card['actions'] as { title: string }[]).map((a) => a.title), ['Reopen']);
    const resolved = await stored(incidentId);
    assert.equal(resolved.state, 'resolved');
    assert.equal(resolved.resolvedBy?.aadObjectId, MEGAN_BOWEN.id);
    assert.equal(resolved.summary, 'Bad config pushed to EU; reverted');
    assert.ok(resolved.resolvedAt);

    c.mark();
    await c.say('reopen', 'Isaiah Langer');
    const notYours = await c.card(/NOT_ALLOWED/);
    assert.match(notYours.text, /or an incident admin can reopen it/);
    assert.equal((await stored(incidentId)).state, 'resolved');

    await c.say('reopen');
    await c.reply(/Reopened INC-/);
    await c.update(cardId, /Meeting ready/);
    const reopened = await stored(incidentId);
    assert.equal(reopened.state, 'meetingReady');
    assert.equal(reopened.timeline.at(-1)?.text, 'Reopened by Alex Wilber');
  });

  test('the requester may resolve with the Resolve button (summary from the form); the response is the frozen card', async () => {
    const c = new Conversation(h);
    const { incidentId } = await c.start('Cache stampede');
    const res = await c.press('resolve', { incidentId, resolveSummary: 'Warmed the cache' });
    assert.equal(res.type, 'application/vnd.microsoft.card.adaptive');
    assert.deepEqual(cardProblems(res.value), []);
    const s = JSON.stringify(res.value);
    assert.match(s, /Resolved · SEV2/);
    assert.match(s, /Warmed the cache/);
    assert.match(s, /"verb":"reopen"/);
    assert.equal((await stored(incidentId)).resolvedBy?.aadObjectId, ALEX_WILBER.id);

    const other = await c.press('reopen', { incidentId }, 'Isaiah Langer');
    assert.match(JSON.stringify(other.value), /Resolved · SEV2/, 'refused: the card stays resolved');
    await c.card(/NOT_ALLOWED/);
  });
});

describe('a resolved incident refuses changes except reopen', () => {
  test('commander, sev, note, join, page and the join button each get a clear refusal naming reopen', async () => {
    const c = new Conversation(h);
    const { incidentId } = await c.start('Disk full');
    await c.say('resolve');
    await c.reply(/Resolved INC-/);

    for (const text of [`commander me ${incidentId}`, `sev1 ${incidentId}`, `note ${incidentId} one more thing`, `join ${incidentId}`, `page <@Megan Bowen> ${incidentId}`]) {
      c.mark();
      await c.say(text, 'Megan Bowen');
      const { card, text: t } = await c.card(/INCIDENT_RESOLVED/);
      assert.deepEqual(cardProblems(card), []);
      assert.match(t, new RegExp(`${incidentId} is resolved`), text);
      assert.match(t, new RegExp(`reopen ${incidentId}`), text);
    }
    c.mark();
    const res = await c.press('joinCall', { incidentId });
    assert.match(JSON.stringify(res.value), /Resolved · SEV2/);
    await c.card(/INCIDENT_RESOLVED/);
    assert.equal(h.graph.control.calls().length, 0, 'no call was made');
    const after = await stored(incidentId);
    assert.equal(after.state, 'resolved');
    assert.equal(after.commander, undefined);
    assert.equal(after.severity, 'sev2');
  });
});

describe('resolve while the bot is in the call', () => {
  test('the bot\'s call is deleted (DELETE /communications/calls/{id}) and the card stays resolved', async () => {
    const c = new Conversation(h);
    const { incidentId, cardId } = await c.start('Queue backlog');
    await c.say('join');
    await c.update(cardId, /Bot connected/);
    const callId = (await stored(incidentId)).call!.callId;
    h.graph.control.joinMeeting(callId, MEGAN_BOWEN.id);
    await c.update(cardId, /In the call:\*\* Megan Bowen/);

    await c.say('resolve Drained the queue');
    await c.reply(/Resolved INC-[0-9A-Z]{7}\. The bot is leaving the call\./);
    assert.ok(h.graph.control.requests.some((r) => r.method === 'DELETE' && r.path === `/v1.0/communications/calls/${callId}`), 'DELETE of the bot\'s call');
    await until('the call terminated', () => h.graph.control.calls().find((x) => x.id === callId)?.state === 'terminated');
    await until('the termination applied', async () => (await stored(incidentId)).call?.state === 'terminated');
    const final = await stored(incidentId);
    assert.equal(final.state, 'resolved', 'the call ending does not reopen it');
    assert.deepEqual(final.call?.everJoined, ['Megan Bowen']);
    const last = [...h.connector.activities].reverse().find((a) => a.operation === 'updateActivity' && a.activityId === cardId);
    const card = cardOf(last!)!;
    assert.deepEqual(cardProblems(card), []);
    assert.match(JSON.stringify(card), /Resolved · SEV2/);
    assert.match(JSON.stringify(card), /Joined the call:\*\* Megan Bowen/);
  });
});

describe('export', () => {
  test('one Markdown message with title, id, severity, commander, UTC times, duration, people, timeline and summary', async () => {
    const c = new Conversation(h);
    const { incidentId } = await c.start('DNS outage');
    await c.say('commander me', 'Megan Bowen');
    await c.reply(/commander/);
    await c.say('note Switched resolvers', 'Isaiah Langer');
    await c.reply(/Noted/);
    await c.say('resolve TTL too long; lowered');
    await c.reply(/Resolved/);
    c.mark();

    await c.say('export');
    const msg = await c.reply(/DNS outage/);
    assert.equal(msg.activity['textFormat'], 'markdown');
    const md = msg.activity['text'] as string;
    const incident = await stored(incidentId);
    for (const needle of [
      '**\\[SEV2\\] DNS outage**', `- **Incident:** ${incidentId}`, '- **Severity:** SEV2', '- **Commander:** Megan Bowen',
      `- **Started (UTC):** ${incident.createdAt.replace(/\.\d{3}Z$/, 'Z')}`, `- **Resolved (UTC):** ${incident.resolvedAt!.replace(/\.\d{3}Z$/, 'Z')}`,
      '- **Duration:** < 1 min', '- **Attendees:** Megan Bowen', '- **Joined the call:** none',
      'Note by Isaiah Langer: Switched resolvers', 'Resolved by Alex Wilber: TTL too long; lowered', '**Summary**\n\nTTL too long; lowered',
    ]) {
      assert.ok(md.includes(needle), `export lacks ${needle}\n${md}`);
    }
    assert.equal(c.sent().length, 1, 'one message');
  });
});

describe('list', () => {
  test('in a channel: every active incident of the team, from all channels, newest first', async () => {
    const teamId = '19:team0lifecycle0list@thread.tacv2';
    const a = new Conversation(h, { fixture: 'channel-start', teamId, channelId: '19:channelA0list@thread.tacv2' });
    const b = new Conversation(h, { fixture: 'channel-start', teamId, channelId: '19:channelB0list@thread.tacv2' });
    const elsewhere = new Conversation(h, { fixture: 'channel-start', teamId: '19:another0team@thread.tacv2', channelId: '19:channelX0list@thread.tacv2' });
    const first = await a.start('Payments database failover');
    const second = await b.start('Kafka lag in EU');
    const other = await elsewhere.start('Other team incident');
    const gone = await a.start('Already fixed');
    await a.say(`resolve ${gone.incidentId}`);
    await a.reply(/Resolved/);
    assert.equal((await stored(first.incidentId)).teamId, teamId);

    const c = new Conversation(h, { fixture: 'channel-start', teamId, channelId: '19:channelC0list@thread.tacv2' });
    await c.say('list', 'Megan Bowen');
    const { card, text } = await c.card(/active incident/);
    assert.deepEqual(cardProblems(card), []);
    assert.match(text, /2 active incidents in this team/);
    assert.ok(text.indexOf(second.incidentId) >= 0 && text.indexOf(first.incidentId) > text.indexOf(second.incidentId), 'newest first');
    assert.ok(!text.includes(other.incidentId), 'another team\'s incident is not listed');
    assert.ok(!text.includes(gone.incidentId), 'resolved incidents are not listed');
    const meetings = h.graph.control.meetings().map((m) => m.meeting.joinWebUrl as string);
    assert.ok(meetings.some((u) => text.includes(u)), 'join links');
    assert.match(text, /Bot not in the call/);
    assert.match(text, /commander: nobody yet/);
    assert.match(text, /SEV2 · major · Kafka lag in EU/);
  });

  test('in a group chat: only its own incidents; none → a friendly message', async () => {
    const c = new Conversation(h);
    await c.say('list');
    await c.reply(/No active incidents here/);
    const { incidentId } = await c.start('Only here');
    const elsewhere = new Conversation(h);
    const other = await elsewhere.start('Somewhere else');
    await c.say('commander me', 'Isaiah Langer');
    await c.reply(/commander/);
    await c.say('list');
    const { text } = await c.card(/active incident/);
    assert.match(text, /1 active incident here/);
    assert.ok(text.includes(incidentId));
    assert.ok(!text.includes(other.incidentId));
    assert.match(text, /commander: Isaiah Langer/);
  });
});

describe('incidents belong to their conversation', () => {
  test('an incident id typed or clicked in another chat is not found there: no join link, no controls', async () => {
    const home = new Conversation(h);
    const { incidentId } = await home.start('Secret outage');
    const elsewhere = new Conversation(h);
    elsewhere.mark();
    await elsewhere.say(`status ${incidentId}`);
    const refused = await elsewhere.card(/INCIDENT_NOT_FOUND/);
    assert.ok(!refused.text.includes('meetup-join'));
    const pressed = await elsewhere.press('joinCall', { incidentId });
    assert.equal(pressed.type, 'application/vnd.microsoft.activity.message');
    assert.match(String(pressed.value), /not found here/);
    assert.equal(h.graph.control.calls().length, 0);
    assert.equal((await stored(incidentId)).state, 'meetingReady');
  });
});
