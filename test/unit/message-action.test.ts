import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { prefillFromMessage, START_FROM_MESSAGE_COMMAND, titleFromMessage } from '../../src/commands/message-action';
import { mergeRecords } from '../../src/graph/graph-meeting-artifacts';
import { reviewDurations } from '../../src/incidents/timeline';
import { incident } from '../support/incident-fixtures';

test('the title is the message text without markup, mentions or entities, on one line, cut to 200 characters', () => {
  assert.equal(titleFromMessage({ body: { contentType: 'html', content: '<p>DB <b>down</b> &amp; <at id="0">Megan</at> paged<br>now</p>' } }), 'DB down & paged now');
  assert.equal(titleFromMessage({ body: { contentType: 'text', content: '  plain\ntext ' } }), 'plain text');
  assert.equal(titleFromMessage({ body: { contentType: 'text', content: 'x'.repeat(300) } }).length, 200);
  assert.equal(titleFromMessage({}), '');
});

test('attendees are the author and mentioned users, once each; bots (application mentions) are left out', () => {
  const p = prefillFromMessage({
    from: { user: { id: 'A', displayName: 'Alex' } },
    mentions: [{ mentioned: { user: { id: 'b', displayName: 'Bea' } } }, { mentioned: { user: { id: 'a', displayName: 'Alex' } } }, { mentioned: { user: null } }],
  });
  assert.deepEqual(p.people.map((x) => x.displayName), ['Alex', 'Bea']);
});

test('the manifest declares the message action the bot answers', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'manifest', 'manifest.template.json'), 'utf8')) as { composeExtensions: { commands: Record<string, unknown>[] }[] };
  const cmd = manifest.composeExtensions[0]!.commands[0]!;
  assert.equal(cmd['id'], START_FROM_MESSAGE_COMMAND);
  assert.deepEqual(cmd['context'], ['message']);
  assert.equal(cmd['type'], 'action');
  assert.equal(cmd['fetchTask'], true);
});

test('attendance records of several reports merge into one line per person, spans in order', () => {
  const rows = mergeRecords([
    { identity: { id: 'm', displayName: 'Megan' }, emailAddress: 'm@x', role: 'Attendee', totalAttendanceInSeconds: 60, attendanceIntervals: [{ joinDateTime: '2026-01-01T10:05:00Z', leaveDateTime: '2026-01-01T10:06:00Z', durationInSeconds: 60 }] },
    { identity: { id: 'a', displayName: 'Adele' }, role: 'Attendee', totalAttendanceInSeconds: 30, attendanceIntervals: [{ joinDateTime: '2026-01-01T10:01:00Z', leaveDateTime: null, durationInSeconds: 0 }] },
    { identity: { id: 'M', displayName: 'Megan' }, emailAddress: 'm@x', role: 'Attendee', totalAttendanceInSeconds: 20, attendanceIntervals: [{ joinDateTime: '2026-01-01T10:02:00Z', leaveDateTime: '2026-01-01T10:02:20Z', durationInSeconds: 20 }] },
  ]);
  assert.deepEqual(rows.map((r) => [r.name, r.totalSeconds, r.spans.length]), [['Adele', 30, 1], ['Megan', 80, 2]]);
  assert.equal(rows[1]!.spans[0]!.joinedAt, '2026-01-01T10:02:00Z');
  assert.equal(rows[0]!.spans[0]!.leftAt, undefined, 'Graph\'s null stays unknown');
});

test('review durations come from the timeline: bridge ready, first responder, commander, resolved', () => {
  const i = incident({
    state: 'resolved',
    resolvedAt: '2026-11-24T10:30:11.193Z',
    timeline: [
      { at: '2026-11-24T10:02:11.193Z', text: 'Incident started by Alex Wilber' },
      { at: '2026-11-24T10:02:13.193Z', text: 'Meeting ready' },
      { at: '2026-11-24T10:04:11.193Z', text: 'Megan Bowen joined the call' },
      { at: '2026-11-24T10:05:11.193Z', text: 'Adele Vance joined the call' },
      { at: '2026-11-24T10:07:11.193Z', text: 'Megan Bowen took command' },
    ],
  });
  assert.deepEqual(reviewDurations(i).map((d) => d.ms), [2000, 120_000, 300_000, 1_680_000]);
  assert.deepEqual(reviewDurations(incident()).map((d) => d.ms), [undefined, undefined, undefined, undefined]);
});
