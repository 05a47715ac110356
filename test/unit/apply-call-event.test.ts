import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyCallEvent } from '../../src/calls/apply-call-event';
import type { CallParticipant } from '../../src/calls/call-events';
import type { Incident } from '../../src/incidents/incident';
import { incident } from '../support/incident-fixtures';

const NOW = new Date('2026-11-24T10:05:00Z');
const joining = (over: Partial<Incident> = {}): Incident => incident({
  state: 'botJoining',
  joinClaim: { at: NOW.toISOString(), token: 't', by: 'Alex Wilber' },
  call: { callId: 'call-1', state: 'establishing', requestedAt: NOW.toISOString(), members: [], everJoined: [] },
  ...over,
});
const person = (id: string, name: string, over: Partial<CallParticipant> = {}): CallParticipant => ({ participantId: `p-${id}`, displayName: name, aadObjectId: id, isApplication: false, isInLobby: false, isMuted: false, ...over });
const bot: CallParticipant = { participantId: 'p-bot', displayName: 'IncidentBridge', isApplication: true, isInLobby: false, isMuted: false };

describe('call state', () => {
  test('established connects the bot once, asks for the prompt and flushes pending invites', () => {
    const r = applyCallEvent(joining({ pendingInvites: ['u-1'] }), { kind: 'callState', callId: 'call-1', state: 'established', deleted: false }, NOW);
    assert.equal(r.incident.state, 'botConnected');
    assert.equal(r.incident.call?.state, 'established');
    assert.equal(r.incident.joinClaim, undefined);
    assert.deepEqual(r.effects, [{ kind: 'playPrompt', callId: 'call-1' }, { kind: 'invite', callId: 'call-1', aadObjectIds: ['u-1'] }]);
    assert.deepEqual(r.incident.pendingInvites, []);
    const again = applyCallEvent(r.incident, { kind: 'callState', callId: 'call-1', state: 'established', deleted: false }, NOW);
    assert.equal(again.changed, false, 'a duplicate changes nothing');
    assert.deepEqual(again.effects, []);
  });

  test('establishing after established (out of order) is ignored', () => {
    const up = applyCallEvent(joining(), { kind: 'callState', callId: 'call-1', state: 'established', deleted: false }, NOW).incident;
    const late = applyCallEvent(up, { kind: 'callState', callId: 'call-1', state: 'establishing', deleted: false }, NOW);
    assert.equal(late.changed, false);
    assert.equal(late.incident.call?.state, 'established');
  });

  test('terminated ends the call with the explained reason; later events are ignored', () => {
    const up = applyCallEvent(joining(), { kind: 'callState', callId: 'call-1', state: 'established', deleted: false }, NOW).incident;
    const end = applyCallEvent(up, { kind: 'callState', callId: 'call-1', state: 'terminated', deleted: true, resultInfo: { code: 200, subcode: 5002, message: 'all left' } }, NOW);
    assert.equal(end.incident.state, 'callEnded');
    assert.match(end.incident.call?.end?.explanation ?? '', /Everyone left/);
    assert.equal(end.incident.callFailure, undefined);
    const late = applyCallEvent(end.incident, { kind: 'roster', callId: 'call-1', participants: [person('u-1', 'Megan Bowen')] }, NOW);
    assert.equal(late.changed, false);
  });

  test('a failed join (7504) is a failure with the admin\'s fix', () => {
    const r = applyCallEvent(joining(), { kind: 'callState', callId: 'call-1', state: 'terminated', deleted: true, resultInfo: { code: 403, subcode: 7504, message: 'Insufficient enterprise tenant permissions' } }, NOW);
    assert.equal(r.incident.state, 'callEnded');
    assert.equal(r.incident.callFailure?.code, 'CALL_7504');
    assert.match(r.incident.callFailure?.hint ?? '', /admin consent/);
    assert.match(r.incident.timeline.at(-1)?.text ?? '', /Bot could not join/);
  });

  test('events for another call of the same meeting are ignored', () => {
    const r = applyCallEvent(joining(), { kind: 'callState', callId: 'call-0', state: 'terminated', deleted: true }, NOW);
    assert.equal(r.changed, false);
  });
});

describe('roster', () => {
  test('joins and leaves are diffed, bots and lobby are not people', () => {
    const up = applyCallEvent(joining(), { kind: 'callState', callId: 'call-1', state: 'established', deleted: false }, NOW).incident;
    const r1 = applyCallEvent(up, { kind: 'roster', callId: 'call-1', participants: [bot, person('u-1', 'Megan Bowen'), person('u-2', 'Adele Vance', { isInLobby: true })] }, NOW);
    assert.deepEqual(r1.incident.call?.members.map((m) => m.displayName), ['Megan Bowen']);
    assert.equal(r1.incident.timeline.at(-1)?.text, 'Megan Bowen joined the call');
    const r2 = applyCallEvent(r1.incident, { kind: 'roster', callId: 'call-1', participants: [bot, person('u-2', 'Adele Vance')] }, NOW);
    assert.deepEqual(r2.incident.call?.members.map((m) => m.displayName), ['Adele Vance']);
    assert.deepEqual(r2.incident.timeline.slice(-2).map((t) => t.text), ['Adele Vance joined the call', 'Megan Bowen left the call']);
    assert.deepEqual(r2.incident.call?.everJoined, ['Megan Bowen', 'Adele Vance']);
    const dup = applyCallEvent(r2.incident, { kind: 'roster', callId: 'call-1', participants: [bot, person('u-2', 'Adele Vance')] }, NOW);
    assert.equal(dup.changed, false);
  });
});

test('the announcement finishing changes the record but not the card (no card update)', () => {
  const up = applyCallEvent(joining(), { kind: 'callState', callId: 'call-1', state: 'established', deleted: false }, NOW).incident;
  const r = applyCallEvent(up, { kind: 'operation', callId: 'call-1', operationId: 'op-1', operationType: 'playPromptOperation', status: 'completed' }, NOW);
  assert.equal(r.changed, true);
  assert.equal(r.quiet, true);
  assert.equal(r.incident.call?.promptPlayed, true);
});
