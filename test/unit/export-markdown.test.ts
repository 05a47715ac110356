import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeMarkdown, exportMarkdown } from '../../src/incidents/export-markdown';
import { incident } from '../support/incident-fixtures';

const NOW = new Date('2026-11-24T13:00:00.000Z');

const resolved = incident({
  severity: 'sev1',
  title: 'Checkout *API* returning 500s',
  commander: { displayName: 'Megan Bowen', aadObjectId: 'ce728733-9298-45dc-96b5-7c46b030fc18' },
  state: 'resolved',
  resolvedAt: '2026-11-24T11:27:41.500Z',
  resolvedBy: { displayName: 'Alex Wilber' },
  summary: 'Bad config pushed to EU; reverted',
  call: { callId: 'c1', state: 'terminated', requestedAt: '2026-11-24T10:03:00.000Z', members: [], everJoined: ['Megan Bowen', 'Adele Vance', 'Megan Bowen'] },
  timeline: [
    { at: '2026-11-24T10:02:11.193Z', text: 'Incident started by Alex Wilber' },
    { at: '2026-11-24T10:05:00.000Z', text: 'Note by Megan Bowen: rolled back [deploy] #42' },
    { at: '2026-11-24T11:27:41.500Z', text: 'Resolved by Alex Wilber: Bad config pushed to EU; reverted' },
  ],
});

test('a resolved incident: title, id, severity, commander, UTC times, duration, people, timeline, summary', () => {
  const md = exportMarkdown(resolved, NOW);
  assert.equal(md, [
    '**\\[SEV1\\] Checkout \\*API\\* returning 500s**',
    '',
    '- **Incident:** INC-ABCDEFG',
    '- **Severity:** SEV1',
    '- **State:** resolved',
    '- **Commander:** Megan Bowen',
    '- **Started by:** Alex Wilber',
    '- **Started (UTC):** 2026-11-24T10:02:11Z',
    '- **Resolved (UTC):** 2026-11-24T11:27:41Z',
    '- **Resolved by:** Alex Wilber',
    '- **Duration:** 1 h 25 min',
    '- **Attendees:** Megan Bowen',
    '- **Joined the call:** Megan Bowen, Adele Vance',
    '',
    '**Timeline (UTC)**',
    '',
    '- 2026-11-24T10:02:11Z Incident started by Alex Wilber',
    '- 2026-11-24T10:05:00Z Note by Megan Bowen: rolled back \\[deploy\\] \\#42',
    '- 2026-11-24T11:27:41Z Resolved by Alex Wilber: Bad config pushed to EU; reverted',
    // Issue #14: the export carries the review facts (durations, attendance) before the summary.
    '',
    '**Review**',
    '',
    '- **Start → bridge ready:** not reached',
    '- **Start → first responder in the call:** not reached',
    '- **Start → commander:** not reached',
    '- **Start → resolved:** 1 h 25 min',
    '',
    '**Attendance (meeting attendance report, UTC)**',
    '',
    '_Not read yet (the bot reads it when the incident is resolved)._',
    '',
    '**Summary**',
    '',
    'Bad config pushed to EU; reverted',
  ].join('\n'));
});

test('an open incident: duration so far, no resolve time, no summary, nobody in the call', () => {
  const md = exportMarkdown(incident(), NOW);
  assert.match(md, /- \*\*State:\*\* open/);
  assert.match(md, /- \*\*Resolved \(UTC\):\*\* not resolved/);
  assert.match(md, /- \*\*Duration:\*\* 2 h 57 min so far/);
  assert.match(md, /- \*\*Commander:\*\* none/);
  assert.match(md, /- \*\*Joined the call:\*\* none/);
  assert.match(md, /_No summary given\._$/);
  assert.doesNotMatch(md, /Resolved by/);
});

test('user text cannot inject Markdown or break the list', () => {
  assert.equal(escapeMarkdown('a*b_c`d[e](f) <at>x</at> | ~'), 'a\\*b\\_c\\`d\\[e\\](f) \\<at\\>x\\</at\\> \\| \\~');
  assert.equal(escapeMarkdown('- not a list'), '\\- not a list');
  assert.equal(escapeMarkdown('1. not a list'), '1\\. not a list');
  assert.equal(escapeMarkdown('two\nlines'), 'two lines');
});

test('a very long timeline is shortened to fit one Teams message, saying how much was left out', () => {
  const timeline = Array.from({ length: 2000 }, (_, i) => ({ at: '2026-11-24T10:05:00.000Z', text: `Note by Megan Bowen: step ${i} of the rollback, all fine so far` }));
  const md = exportMarkdown(incident({ timeline }), NOW, 24_000);
  assert.ok(md.length <= 24_000, `${md.length} characters`);
  const left = /\((\d+) earlier entries left out to fit one message\)/.exec(md);
  assert.ok(left, 'says entries were left out');
  assert.match(md, /step 1999 of the rollback/, 'the latest entries are kept');
  assert.equal(md.split('\n').filter((l) => l.includes('of the rollback')).length + Number(left[1]), 2000);
});
