import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorCard } from '../../src/cards/error-card';
import { helpCard } from '../../src/cards/help-card';
import { incidentCard } from '../../src/cards/incident-card';
import { AppError } from '../../src/errors/app-error';
import type { IncidentState } from '../../src/incidents/incident';
import { cardProblems } from '../support/adaptive-card-check';
import { incident, MEETING } from '../support/incident-fixtures';

const STATES: IncidentState[] = ['creating', 'meetingReady', 'meetingFailed', 'botJoining', 'botConnected', 'callEnded', 'resolved'];

function texts(card: unknown): string {
  return JSON.stringify(card);
}

describe('cards parse as Adaptive Cards 1.5 with no unknown elements', () => {
  for (const state of STATES) {
    test(`incident card in state ${state}`, () => {
      const c = incidentCard(incident({ state, failure: state === 'meetingFailed' ? { code: 'ACCESS_POLICY_MISSING', message: 'm', hint: 'h', details: ['Grant-CsApplicationAccessPolicy …'] } : undefined }));
      assert.deepEqual(cardProblems(c), []);
    });
  }
  test('help card', () => assert.deepEqual(cardProblems(helpCard()), []));
  test('help card for unrecognised text', () => assert.deepEqual(cardProblems(helpCard('do the thing')), []));
  test('error card', () => assert.deepEqual(cardProblems(errorCard(new AppError('GRAPH_FAILED', 'x', { hint: 'y', details: ['a', 'b'] }))), []));
  test('the checker really catches problems', () => {
    assert.notDeepEqual(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Carousel2' }] }), []);
    assert.notDeepEqual(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [], actions: [{ type: 'Action.OpenUrl', title: 'x' }] }), []);
  });
});

describe('incident card content', () => {
  test('shows title, severity, id, join link, meeting id, passcode, dial-in, attendees, state', () => {
    const c = incidentCard(incident());
    const s = texts(c);
    for (const needle of ['Checkout API returning 500s', 'SEV2', 'INC-ABCDEFG', 'Meeting ready', '123 456 789 012', 'Ab3dEf', '+1 425-555-0100', '987654321#', 'Megan Bowen', 'Alex Wilber']) {
      assert.ok(s.includes(needle), `card lacks ${needle}`);
    }
    assert.deepEqual(c.actions?.[0], { type: 'Action.OpenUrl', title: 'Join', url: MEETING.joinWebUrl, style: 'positive' });
  });
  test('says so when there is no dial-in', () => {
    const s = texts(incidentCard(incident({ meeting: { ...MEETING, dialIn: undefined } })));
    assert.match(s, /no Audio Conferencing licence/);
  });
  test('lists unresolved attendees clearly', () => {
    const s = texts(incidentCard(incident({ unresolved: [{ requestedAs: 'nobody@contoso.com', reason: 'not found in the directory' }] })));
    assert.match(s, /unknown: nobody@contoso.com \(not found in the directory\)/);
  });
  test('a failed meeting shows the reason, the fix and a retry button, and no join button', () => {
    const c = incidentCard(incident({ state: 'meetingFailed', meeting: undefined, failure: { code: 'ACCESS_POLICY_MISSING', message: 'No policy', hint: 'Run this', details: ['Grant-CsApplicationAccessPolicy -PolicyName P -Identity "x"'] } }));
    const s = texts(c);
    assert.match(s, /No policy/);
    assert.match(s, /Grant-CsApplicationAccessPolicy/);
    assert.equal(c.actions?.some((a) => a.type === 'Action.OpenUrl'), false);
    assert.deepEqual(c.actions?.map((a) => a.title), ['Try again']);
  });
  test('markdown in user text is shown literally', () => {
    const s = texts(incidentCard(incident({ title: '*bold* _x_ [link](http://evil)' })));
    assert.ok(s.includes('\\\\*bold\\\\*'));
  });
});
