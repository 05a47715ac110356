/**
 * Issue #14, the facts for the post-incident review, end to end over HTTP: people join and leave the sandbox's
 * meeting call, everyone leaves (the session ends, so Graph has an attendance report), resolve reads
 * GET /users/{organizer}/onlineMeetings/{id}/attendanceReports and …/attendanceRecords, and the resolved card and
 * `export` show who attended, when they joined and left and for how long, plus the review durations. Without
 * OnlineMeetingArtifact.Read.All Graph's 403 becomes a clear line on the card and in the export.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ADELE_VANCE, MEGAN_BOWEN } from '../../sandbox/graph/users/directory';
import { cardProblems } from '../support/adaptive-card-check';
import { startHarness, startHarnessWithout, type Harness } from '../support/harness';
import { Conversation, until } from '../support/teams-conversation';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });
beforeEach(() => h.reset());

/** Runs `run` against its own bot lacking `role` (startHarnessWithout), then puts the shared one back. */
async function withRoleWithheld(role: string, run: () => Promise<void>): Promise<void> {
  const shared = h;
  h = await startHarnessWithout(role);
  try {
    await run();
  } finally {
    await h.close();
    h = shared;
  }
}

async function stored(id: string) {
  const incident = await h.app.incidents.get(id);
  assert.ok(incident, `incident ${id} stored`);
  return incident;
}

/** Starts an incident, brings the bot in, lets Megan and Adele join and leave until the call is over. */
async function callWithPeople(c: Conversation): Promise<{ incidentId: string; cardId: string }> {
  const started = await c.start('Checkout API returning 500s');
  await c.say('join');
  await c.update(started.cardId, /Bot connected/);
  const callId = (await stored(started.incidentId)).call!.callId;
  h.graph.control.joinMeeting(callId, MEGAN_BOWEN.id);
  await c.update(started.cardId, /In the call:\*\* Megan Bowen/);
  await c.say('commander me', 'Megan Bowen');
  await c.reply(/commander/);
  h.graph.control.joinMeeting(callId, ADELE_VANCE.id);
  await c.update(started.cardId, /In the call:\*\* Megan Bowen, Adele Vance/);
  h.graph.control.leaveMeeting(callId, MEGAN_BOWEN.id);
  h.graph.control.joinMeeting(callId, MEGAN_BOWEN.id);
  h.graph.control.leaveMeeting(callId, MEGAN_BOWEN.id);
  h.graph.control.leaveMeeting(callId, ADELE_VANCE.id);
  await until('the call ended (everyone left)', async () => (await stored(started.incidentId)).call?.state === 'terminated');
  return started;
}

describe('the facts for the review', () => {
  test('resolve reads the attendance report; the resolved card and export show attendance and durations', async () => {
    const c = new Conversation(h);
    const { incidentId, cardId } = await callWithPeople(c);
    await c.say('resolve Reverted the config');
    await c.reply(new RegExp(`Resolved ${incidentId}`));

    const reportsPath = (r: { path: string }) => /\/onlineMeetings\/[^/]+\/attendanceReports$/.test(decodeURIComponent(r.path));
    const list = h.graph.control.requests.find((r) => r.method === 'GET' && reportsPath(r));
    assert.equal(list?.status, 200, 'GET …/attendanceReports');
    assert.ok(h.graph.control.requests.some((r) => r.method === 'GET' && /\/attendanceReports\/[^/]+\/attendanceRecords$/.test(r.path) && r.status === 200), 'GET …/attendanceRecords');

    const review = (await stored(incidentId)).review;
    assert.ok(review?.attendance, JSON.stringify(review));
    const megan = review.attendance.find((a) => a.name === 'Megan Bowen');
    const adele = review.attendance.find((a) => a.name === 'Adele Vance');
    assert.equal(megan?.spans.length, 2, 'Megan joined twice');
    assert.equal(adele?.spans.length, 1);
    assert.ok(megan.spans.every((s) => s.joinedAt && s.leftAt), 'each span has a join and a leave time');

    const frozen = await c.update(cardId, /Resolved · SEV2/);
    assert.deepEqual(cardProblems(frozen.card), []);
    for (const needle of ['For the review', 'Start → bridge ready', 'Start → first responder in the call', 'Start → commander', 'Start → resolved', 'Attendance (UTC)', 'Megan Bowen', 'Adele Vance', 'In the meeting']) {
      assert.ok(frozen.text.includes(needle), `card lacks ${needle}`);
    }
    assert.doesNotMatch(frozen.text, /"title":"Start → first responder in the call","value":"not reached"/);

    await c.say('export');
    const md = String((await c.reply(/\*\*Attendance/)).activity['text']);
    assert.match(md, /\| Name \| Role \| Joined–left \| In the meeting \|/);
    assert.match(md, /\| Megan Bowen \(meganb@contoso\.com\) \| Attendee \| \d\d:\d\d:\d\d–\d\d:\d\d:\d\d, \d\d:\d\d:\d\d–\d\d:\d\d:\d\d \| \d+ s \|/);
    assert.match(md, /\| Adele Vance \(adelev@contoso\.com\) \| Attendee \| \d\d:\d\d:\d\d–\d\d:\d\d:\d\d \| \d+ s \|/);
    assert.match(md, /- \*\*Start → bridge ready:\*\* \d+ s/);
    assert.match(md, /- \*\*Start → first responder in the call:\*\* \d+ s/);
    assert.match(md, /- \*\*Start → commander:\*\* \d+ s/);
    assert.match(md, /- \*\*Start → resolved:\*\* \d+ s/);
  });

  test('while the call goes on there is no report yet: the card says so, and export reads it again once it has ended', async () => {
    const c = new Conversation(h);
    const { incidentId, cardId } = await c.start('Queue backlog');
    const threadId = (await stored(incidentId)).meeting!.chatInfo.threadId;
    h.graph.control.joinMeeting(threadId, MEGAN_BOWEN.id);
    await c.say('resolve');
    await c.reply(/Resolved/);
    assert.equal((await stored(incidentId)).review?.attendancePending, true);
    await c.update(cardId, /No attendance report yet/);

    h.graph.control.leaveMeeting(threadId, MEGAN_BOWEN.id);
    await c.say('export');
    const md = String((await c.reply(/\*\*Attendance/)).activity['text']);
    assert.match(md, /\| Megan Bowen \(meganb@contoso\.com\) \| Attendee \|/);
  });

  test('without OnlineMeetingArtifact.Read.All: Graph answers 403 and the card and export say which permission is missing', async () => {
    await withRoleWithheld('OnlineMeetingArtifact.Read.All', async () => {
      const c = new Conversation(h);
      const { incidentId, cardId } = await c.start('DNS outage');
      await c.say('resolve');
      await c.reply(/Resolved/);
      const refused = h.graph.control.requests.find((r) => r.method === 'GET' && /\/attendanceReports$/.test(r.path));
      assert.equal(refused?.status, 403);
      const problem = (await stored(incidentId)).review?.problems.find((p) => p.part === 'attendance');
      assert.equal(problem?.code, 'GRAPH_PERMISSION_MISSING');
      const frozen = await c.update(cardId, /Resolved · SEV2/);
      assert.deepEqual(cardProblems(frozen.card), []);
      assert.match(frozen.text, /OnlineMeetingArtifact\.Read\.All/);
      await c.say(`export ${incidentId}`);
      const md = String((await c.reply(/\*\*Attendance/)).activity['text']);
      assert.match(md, /Could not be read \(GRAPH\\_PERMISSION\\_MISSING\)/);
      assert.match(md, /OnlineMeetingArtifact\.Read\.All/);
    });
  });
});
