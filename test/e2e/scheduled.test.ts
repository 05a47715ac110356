/** Scheduled bridges end to end: times are read in the requester's time zone (sent by Teams), past times refused. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHarness, type Harness } from '../support/harness';

const NOW = new Date('2026-11-24T10:00:00Z');
let h: Harness;
before(async () => { h = await startHarness({ clock: { now: () => NOW } }); });
after(async () => { await h.close(); });

test('"at 15:00 for 30m" from Berlin is 14:00–14:30 UTC, and the card shows it as scheduled', async () => {
  await h.post(h.fixture('group-chat-start', { id: 'sched-1', text: '<at>IncidentBridge</at> start sev3 DB failover rehearsal at 15:00 for 30m with <at>Megan Bowen</at>' }));
  const { text } = await h.waitForCard();
  const m = h.graph.control.meetings()[0]!.meeting;
  assert.equal(Date.parse(m.startDateTime as string), Date.parse('2026-11-24T14:00:00Z'));
  assert.equal(Date.parse(m.endDateTime as string), Date.parse('2026-11-24T14:30:00Z'));
  assert.match(text, /Scheduled/);
  assert.match(text, /DB failover rehearsal/);
});

test('a time already past in the requester\'s zone is refused with a hint, and nothing is created', async () => {
  await h.reset();
  // 10:00 UTC is 11:00 in Berlin: 09:30 there has passed.
  await h.post(h.fixture('group-chat-start', { id: 'sched-2', text: '<at>IncidentBridge</at> start DB failover rehearsal at 09:30' }));
  const { text } = await h.waitForCard();
  assert.match(text, /COMMAND_INVALID/);
  assert.match(text, /already passed/);
  assert.match(text, /2026-11-25T09:30/);
  assert.equal(h.graph.control.meetings().length, 0);
});
