import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CardAction } from '../../src/cards/adaptive-card';
import { incidentCard } from '../../src/cards/incident-card';
import { incidentListCard, LIST_MAX_ENTRIES } from '../../src/cards/incident-list-card';
import { resolvedCard } from '../../src/cards/resolved-card';
import type { CallInfo, Incident } from '../../src/incidents/incident';
import { cardProblems } from '../support/adaptive-card-check';
import { incident, MEETING } from '../support/incident-fixtures';

const NOW = new Date('2026-11-24T11:30:00.000Z');
const MEGAN = { displayName: 'Megan Bowen', aadObjectId: 'ce728733-9298-45dc-96b5-7c46b030fc18' };
const CALL: CallInfo = {
  callId: 'c1', state: 'established', requestedAt: '2026-11-24T10:03:00.000Z', connectedAt: '2026-11-24T10:03:01.000Z',
  members: [{ participantId: 'p1', displayName: 'Megan Bowen' }], everJoined: ['Megan Bowen', 'Adele Vance'],
};

const resolved: Incident = incident({
  state: 'resolved',
  commander: MEGAN,
  resolvedAt: '2026-11-24T11:27:41.500Z',
  resolvedBy: { displayName: 'Alex Wilber' },
  summary: 'Bad *config* pushed to EU; reverted',
  call: { ...CALL, state: 'terminated', members: [] },
  timeline: Array.from({ length: 20 }, (_, i) => ({ at: '2026-11-24T10:05:00.000Z', text: `entry ${i}` })),
});

function titles(actions: readonly CardAction[] | undefined): string[] {
  return (actions ?? []).map((a) => a.title);
}

describe('the live card: commander line and lifecycle buttons', () => {
  test('shows the commander (or nobody yet) and offers "I\'m commander" and a Resolve form', () => {
    const none = incidentCard(incident());
    assert.deepEqual(cardProblems(none), []);
    assert.ok(JSON.stringify(none).includes('"title":"Commander","value":"nobody yet"'));
    assert.deepEqual(titles(none.actions), ['Join', 'Bring bot into call', 'Page people', "I'm commander", 'Resolve']);
    const take = none.actions!.find((a) => a.title === "I'm commander");
    assert.deepEqual(take, { type: 'Action.Execute', title: "I'm commander", verb: 'takeCommand', data: { incidentId: 'INC-ABCDEFG' } });
    const form = none.actions!.find((a) => a.title === 'Resolve');
    assert.equal(form?.type, 'Action.ShowCard');
    const inner = form!.type === 'Action.ShowCard' ? form!.card : undefined;
    assert.deepEqual(cardProblems(inner), []);
    assert.deepEqual(inner?.actions?.map((a) => a.type === 'Action.Execute' ? [a.verb, a.associatedInputs] : []), [['resolve', 'auto']]);
    assert.ok(JSON.stringify(inner).includes('"id":"resolveSummary"'));

    const withCommander = incidentCard(incident({ commander: MEGAN, call: CALL, state: 'botConnected' }));
    assert.deepEqual(cardProblems(withCommander), []);
    assert.ok(JSON.stringify(withCommander).includes('"title":"Commander","value":"Megan Bowen"'));
    assert.deepEqual(titles(withCommander.actions), ['Join', 'Remove bot', 'Page people', "I'm commander", 'Resolve']);
  });
});

describe('the resolved card', () => {
  test('is what the incident card becomes once resolved, and parses', () => {
    assert.deepEqual(incidentCard(resolved), resolvedCard(resolved));
    assert.deepEqual(cardProblems(resolvedCard(resolved)), []);
    assert.deepEqual(cardProblems(resolvedCard(incident({ state: 'resolved' }))), [], 'minimal: no summary, no call, no commander');
  });

  test('says Resolved, with duration, severity, commander, invited, who joined, summary and the latest timeline', () => {
    const s = JSON.stringify(resolvedCard(resolved));
    for (const needle of ['Resolved · SEV2', '"title":"Duration","value":"1 h 25 min"', '"title":"Commander","value":"Megan Bowen"',
      '**Invited:** Megan Bowen', '**Joined the call:** Megan Bowen, Adele Vance', 'Bad \\\\*config\\\\* pushed to EU; reverted',
      'by Alex Wilber', 'entry 19', '5 earlier entries: type \\"export INC-ABCDEFG\\"']) {
      assert.ok(s.includes(needle), `lacks ${needle}`);
    }
    assert.ok(!s.includes('entry 4"'), 'older entries are left to the export');
  });

  test('has no join link and only a Reopen button', () => {
    const c = resolvedCard(resolved);
    assert.deepEqual(c.actions, [{ type: 'Action.Execute', title: 'Reopen', verb: 'reopen', data: { incidentId: 'INC-ABCDEFG' } }]);
    assert.ok(!JSON.stringify(c).includes(MEETING.joinWebUrl));
    assert.ok(!JSON.stringify(c).includes('Action.OpenUrl'));
  });
});

describe('the list card', () => {
  const incidents: Incident[] = [
    incident({ id: 'INC-2222222', severity: 'sev1', title: 'Payments *down*', createdAt: '2026-11-24T11:00:00.000Z', commander: MEGAN, state: 'botConnected', call: CALL }),
    incident({ id: 'INC-1111111', severity: 'sev3', createdAt: '2026-11-24T08:15:00.000Z' }),
    incident({ id: 'INC-3333333', state: 'meetingFailed', meeting: undefined }),
  ];

  test('parses, in the order given, with severity, title, age, commander, bot state and join link', () => {
    const c = incidentListCard(incidents, NOW, 'team');
    assert.deepEqual(cardProblems(c), []);
    const s = JSON.stringify(c);
    assert.ok(s.includes('3 active incidents in this team'));
    assert.ok(s.indexOf('INC-2222222') < s.indexOf('INC-1111111'));
    for (const needle of ['SEV1 · critical · Payments \\\\*down\\\\*', 'INC-2222222 · 30 min old · commander: Megan Bowen', 'Bot in the call · 1 person',
      'INC-1111111 · 3 h 15 min old · commander: nobody yet', 'Bot not in the call', 'No meeting: it could not be created']) {
      assert.ok(s.includes(needle), `lacks ${needle}`);
    }
    assert.equal(s.split(MEETING.joinWebUrl).length - 1, 2, 'one join link per incident with a meeting');
    assert.ok(JSON.stringify(incidentListCard(incidents.slice(1, 2), NOW, 'conversation')).includes('1 active incident here'));
  });

  test('stays within a card\'s size: at most LIST_MAX_ENTRIES entries, then a count of the rest', () => {
    const many = Array.from({ length: LIST_MAX_ENTRIES + 4 }, (_, i) => incident({ id: `INC-${String(i).padStart(7, '0')}` }));
    const c = incidentListCard(many, NOW, 'conversation');
    assert.deepEqual(cardProblems(c), []);
    const s = JSON.stringify(c);
    assert.ok(s.includes('…and 4 older ones'));
    assert.ok(s.length < 28_000, `${s.length} bytes`);
  });
});
