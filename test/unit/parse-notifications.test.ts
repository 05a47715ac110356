/**
 * parseNotifications against Graph's own notification samples.
 *
 * Fixtures (test/fixtures/graph-notifications/), copied from microsoftgraph/microsoft-graph-docs-contrib
 * (api-reference/v1.0/api unless noted) and MicrosoftDocs/msteams-docs:
 *  - join-meeting-establishing / -established / -roster: application-post-calls.md, "Example 5: Join scheduled
 *    meeting with service hosted media" (Notification - establishing / established / roster), verbatim.
 *  - guest-join-roster-in-lobby: application-post-calls.md (beta / older v1.0), "Example 8: Join channel meeting as
 *    a guest" (Notification - roster, the guest is in the lobby), verbatim.
 *  - playprompt-completed: call-playprompt.md (Notification - operation completed), verbatim — note the call and
 *    operation ids in UPPERCASE-without-dashes, unlike the API response.
 *  - invite-completed / invite-roster-updated: participant-invite.md Example 1 (both `resource` and `resourceUrl`;
 *    the roster entry has "id": null), verbatim.
 *  - invite-multiple-completed: participant-invite.md Example 2 (path …/operations/participants, "id": null), verbatim.
 *  - mute-roster-updated: participant-mute.md (Notification - roster updated with participant muted), verbatim except
 *    the inline `// will be set to true on mute` comment, removed to make it JSON.
 *  - call-terminating / call-terminated: call-delete.md (resultInfo code/subcode as strings "200"/"5001"), verbatim.
 *  - legacy-resource-established: msteams-docs bots/calls-and-meetings/call-notifications.md, "Authenticating the
 *    callback" (only `resource` /app/calls/…, state "Established", subscriptionId fields). The doc's snippet is not
 *    valid JSON (`"value": [ "subscriptionId": … ]`); the item was wrapped in braces and the envelope in an object.
 *  - incoming-call-created: beta resources/commsnotifications.md, "Example incoming call notifications", verbatim.
 *  - meeting-roster-mixed (composed): participant objects in the shapes of the samples above — the bot
 *    (application), users, a guest in the lobby, a PSTN phone identity (shape of identity.phone in the PSTN call
 *    example), and a user identity without an id.
 *  - meeting-batch (composed): several items in one envelope — a resource-only call update, a roster, a playPrompt
 *    completion and a contentSharingSession collection (application-post-calls.md Example 1).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { callIdOf, parseResourcePath, sameGraphId } from '../../src/calls/notification-paths';
import { parseNotifications } from '../../src/calls/parse-notifications';
import { UNKNOWN_PARTICIPANT_NAME } from '../../src/calls/parse-roster';
import type { CallEvent, CallParticipant } from '../../src/calls/call-events';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'graph-notifications');

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as unknown;
}

type Kind = CallEvent['kind'];
function only<K extends Kind>(events: readonly CallEvent[], kind: K): Extract<CallEvent, { kind: K }> {
  assert.equal(events.length, 1, `exactly one event, got ${JSON.stringify(events)}`);
  const [e] = events;
  assert.equal(e.kind, kind);
  return e as Extract<CallEvent, { kind: K }>;
}

describe('call state notifications (docs samples)', () => {
  test('establishing (join meeting, service-hosted media)', () => {
    const { events, problems } = parseNotifications(fixture('join-meeting-establishing'));
    assert.deepEqual(problems, []);
    assert.deepEqual(events, [{ kind: 'callState', callId: '2f1a1100-b174-40a0-aba7-0b405e01ed92', state: 'establishing', deleted: false }]);
  });

  test('established', () => {
    const { events, problems } = parseNotifications(fixture('join-meeting-established'));
    assert.deepEqual(problems, []);
    assert.deepEqual(events, [{ kind: 'callState', callId: '2f1a1100-b174-40a0-aba7-0b405e01ed92', state: 'established', deleted: false }]);
  });

  test('terminating, then terminated (deleted) with resultInfo given as strings', () => {
    const terminating = parseNotifications(fixture('call-terminating'));
    assert.deepEqual(terminating.problems, []);
    assert.deepEqual(terminating.events, [{ kind: 'callState', callId: '57dab8b1-894c-409a-b240-bd8beae78896', state: 'terminating', deleted: false }]);

    const terminated = parseNotifications(fixture('call-terminated'));
    assert.deepEqual(terminated.problems, []);
    assert.deepEqual(terminated.events, [{
      kind: 'callState',
      callId: '57dab8b1-894c-409a-b240-bd8beae78896',
      state: 'terminated',
      deleted: true,
      resultInfo: { code: 200, subcode: 5001, message: 'The conversation has ended.' },
    }]);
  });

  test('incoming (changeType created)', () => {
    const { events, problems } = parseNotifications(fixture('incoming-call-created'));
    assert.deepEqual(problems, []);
    assert.deepEqual(events, [{ kind: 'callState', callId: 'f13f9755-9b05-4f27-b8a9-b071ed29c731', state: 'incoming', deleted: false }]);
  });

  test('legacy payload: only `resource` (/app/calls/…), capitalised state, no envelope @odata.type', () => {
    const { events, problems } = parseNotifications(fixture('legacy-resource-established'));
    assert.deepEqual(problems, []);
    assert.deepEqual(events, [{ kind: 'callState', callId: '8A934F51F25B4EE19613D4049491857B', state: 'established', deleted: false }]);
  });

  test('a deleted call without a state is terminated; without resourceData too', () => {
    const withData = parseNotifications({
      value: [{ changeType: 'deleted', resourceUrl: '/communications/calls/c1', resourceData: { '@odata.type': '#microsoft.graph.call', resultInfo: { code: 408, subcode: 8537, message: 'Keep Alive timeout, cleaned up inactive call.' } } }],
    });
    assert.deepEqual(withData.problems, []);
    assert.deepEqual(withData.events, [{ kind: 'callState', callId: 'c1', state: 'terminated', deleted: true, resultInfo: { code: 408, subcode: 8537, message: 'Keep Alive timeout, cleaned up inactive call.' } }]);

    const bare = parseNotifications({ value: [{ changeType: 'deleted', resource: '/app/calls/c2' }] });
    assert.deepEqual(bare.problems, []);
    assert.deepEqual(bare.events, [{ kind: 'callState', callId: 'c2', state: 'terminated', deleted: true }]);
  });

  test('both resource forms give the same call id; resourceUrl wins when both are present', () => {
    const data = { '@odata.type': '#microsoft.graph.call', state: 'established' };
    const a = parseNotifications({ value: [{ changeType: 'updated', resourceUrl: '/communications/calls/abc', resourceData: data }] });
    const b = parseNotifications({ value: [{ changeType: 'updated', resource: '/app/calls/abc', resourceData: data }] });
    const c = parseNotifications({ value: [{ changeType: 'updated', resource: '/app/calls/old', resourceUrl: '/communications/calls/abc', resourceData: data }] });
    for (const r of [a, b, c]) assert.deepEqual(r.events, [{ kind: 'callState', callId: 'abc', state: 'established', deleted: false }]);
  });

  test('no path at all: the call id comes from resourceData.id', () => {
    const { events, problems } = parseNotifications({ value: [{ changeType: 'updated', resourceData: { '@odata.type': '#microsoft.graph.call', id: 'c3', state: 'establishing' } }] });
    assert.deepEqual(problems, []);
    assert.deepEqual(events, [{ kind: 'callState', callId: 'c3', state: 'establishing', deleted: false }]);
  });

  test('an update without a state (e.g. a media change) and an unknown state are skipped with a problem', () => {
    const { events, problems } = parseNotifications({
      value: [
        { changeType: 'updated', resourceUrl: '/communications/calls/c4', resourceData: { '@odata.type': '#microsoft.graph.call', mediaState: { audio: 'active' } } },
        { changeType: 'updated', resourceUrl: '/communications/calls/c4', resourceData: { '@odata.type': '#microsoft.graph.call', state: 'levitating' } },
      ],
    });
    assert.deepEqual(events, []);
    assert.equal(problems.length, 2);
    assert.match(problems[0], /^value\[0\]: call c4 update without a state/);
    assert.match(problems[1], /^value\[1\]: call c4 has unknown state "levitating"/);
  });
});

describe('roster notifications', () => {
  test('join meeting roster: a user (muted) and the bot (application)', () => {
    const { events, problems } = parseNotifications(fixture('join-meeting-roster'));
    assert.deepEqual(problems, []);
    const roster = only(events, 'roster');
    assert.equal(roster.callId, '2f1a1100-b174-40a0-aba7-0b405e01ed92');
    assert.deepEqual(roster.participants, [
      { participantId: '0d7664b6-6432-43ed-8d27-d9e7adec188c', displayName: 'John', aadObjectId: '112f7296-5fa4-42ca-bae8-6a692b15d4b8', isApplication: false, isInLobby: false, isMuted: true },
      { participantId: '05491616-385f-44a8-9974-18cc5f9933c1', displayName: 'Calling Bot', isApplication: true, isInLobby: false, isMuted: false },
    ]);
  });

  test('guest in the lobby (identity.guest)', () => {
    const { events, problems } = parseNotifications(fixture('guest-join-roster-in-lobby'));
    assert.deepEqual(problems, []);
    const roster = only(events, 'roster');
    assert.equal(roster.callId, '2f1a1100-726f-4705-a071-30fb8f6b568f');
    assert.deepEqual(roster.participants, [
      { participantId: '05491616-385f-44a8-9974-18cc5f9933c1', displayName: 'Guest User', isApplication: false, isInLobby: true, isMuted: false },
    ]);
  });

  test('mixed meeting roster: bot, users, guest in lobby, phone, user without id', () => {
    const { events, problems } = parseNotifications(fixture('meeting-roster-mixed'));
    assert.deepEqual(problems, []);
    const roster = only(events, 'roster');
    assert.equal(roster.callId, '491f0b00-6a2c-4c36-9d3f-1a2b3c4d5e6f');
    const byName = new Map<string, CallParticipant>(roster.participants.map((p) => [p.displayName, p]));
    assert.equal(roster.participants.length, 6);
    assert.deepEqual(byName.get('Incident Bridge'), { participantId: '05491616-385f-44a8-9974-18cc5f9933c1', displayName: 'Incident Bridge', isApplication: true, isInLobby: false, isMuted: false });
    assert.deepEqual(byName.get('Adele Vance'), { participantId: '0d7664b6-6432-43ed-8d27-d9e7adec188c', displayName: 'Adele Vance', aadObjectId: '112f7296-5fa4-42ca-bae8-6a692b15d4b8', isApplication: false, isInLobby: false, isMuted: true });
    assert.deepEqual(byName.get('Bob'), { participantId: '2765eb15-01f8-47c6-b12b-c32111a4a86f', displayName: 'Bob', aadObjectId: '5810cede-f3cc-42eb-b2c1-e9bd5d53ec96', isApplication: false, isInLobby: false, isMuted: false });
    assert.deepEqual(byName.get('Guest User'), { participantId: '8a1c6b2e-3f4d-4e5a-9b6c-7d8e9f0a1b2c', displayName: 'Guest User', isApplication: false, isInLobby: true, isMuted: false });
    assert.deepEqual(byName.get('+12345678901'), { participantId: 'b3d2f1e0-5a6b-4c7d-8e9f-0a1b2c3d4e5f', displayName: '+12345678901', isApplication: false, isInLobby: false, isMuted: false });
    assert.deepEqual(byName.get('Contractor (Unverified)'), { participantId: 'c4e3a2b1-6b7c-4d8e-9f0a-1b2c3d4e5f60', displayName: 'Contractor (Unverified)', isApplication: false, isInLobby: false, isMuted: true });
    const inRoom = roster.participants.filter((p) => !p.isApplication && !p.isInLobby).map((p) => p.displayName);
    assert.deepEqual(inRoom, ['Adele Vance', 'Bob', '+12345678901', 'Contractor (Unverified)']);
  });

  test('mute: roster with isMuted true (participant without @odata.type on info/identity)', () => {
    const { events, problems } = parseNotifications(fixture('mute-roster-updated'));
    assert.deepEqual(problems, []);
    const roster = only(events, 'roster');
    assert.deepEqual(roster.participants, [
      { participantId: '2765eb15-01f8-47c6-b12b-c32111a4a86f', displayName: 'Bob', aadObjectId: '5810cede-f3cc-42eb-b2c1-e9bd5d53ec96', isApplication: false, isInLobby: false, isMuted: true },
    ]);
  });

  test('invite roster entry with "id": null keeps the participant under its identity id, noted as a problem', () => {
    const { events, problems } = parseNotifications(fixture('invite-roster-updated'));
    const roster = only(events, 'roster');
    assert.equal(roster.callId, 'ab6233a5-20b7-4c5e-bea2-ce56c9776429');
    assert.deepEqual(roster.participants, [
      { participantId: '278405a3-f568-4b3e-b684-009193463064', displayName: UNKNOWN_PARTICIPANT_NAME, isApplication: true, isInLobby: false, isMuted: false },
    ]);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /value\[0\]\.resourceData\[0\]: participant without id; used its application id/);
  });

  test('an empty roster is a roster (everyone left)', () => {
    const { events, problems } = parseNotifications({ value: [{ changeType: 'updated', resourceUrl: '/communications/calls/c5/participants', resourceData: [] }] });
    assert.deepEqual(problems, []);
    assert.deepEqual(events, [{ kind: 'roster', callId: 'c5', participants: [] }]);
  });

  test('bad participants are skipped one by one; the rest of the roster survives', () => {
    const { events, problems } = parseNotifications({
      value: [{
        changeType: 'updated',
        resource: '/app/calls/c6/participants',
        resourceData: [
          'nope',
          { '@odata.type': '#microsoft.graph.participant', isMuted: true },
          { id: 'p-ok', info: { identity: { user: { id: 'u1', displayName: 'Ann' } } }, isMuted: 'yes', isInLobby: 1 },
          { id: 'p-noinfo' },
        ],
      }],
    });
    const roster = only(events, 'roster');
    assert.deepEqual(roster.participants, [
      { participantId: 'p-ok', displayName: 'Ann', aadObjectId: 'u1', isApplication: false, isInLobby: false, isMuted: false },
      { participantId: 'p-noinfo', displayName: UNKNOWN_PARTICIPANT_NAME, isApplication: false, isInLobby: false, isMuted: false },
    ]);
    assert.equal(problems.length, 3);
    assert.match(problems[0], /resourceData\[0\]: participant is string; skipped/);
    assert.match(problems[1], /resourceData\[1\]: participant without id or identity; skipped/);
    assert.match(problems[2], /resourceData\[3\]: participant p-noinfo has no identity/);
  });

  test('a "deleted" participants change lists who left (removed: true), not the roster', () => {
    const { events, problems } = parseNotifications({
      value: [{ changeType: 'deleted', resourceUrl: '/communications/calls/c7/participants', resourceData: [{ '@odata.type': '#microsoft.graph.participant', id: 'p1', info: { identity: { user: { id: 'u1', displayName: 'Ann' } } } }] }],
    });
    assert.deepEqual(problems, []);
    assert.equal(events.length, 1);
    const roster = only(events, 'roster');
    assert.equal(roster.removed, true);
    assert.deepEqual(roster.participants.map((p) => p.participantId), ['p1']);
  });
});

describe('operation notifications', () => {
  test('playPrompt completed (ids only in the path, uppercase)', () => {
    const { events, problems } = parseNotifications(fixture('playprompt-completed'));
    assert.deepEqual(problems, []);
    assert.deepEqual(only(events, 'operation'), {
      kind: 'operation',
      callId: '57DAB8B1894C409AB240BD8BEAE78896',
      operationId: '0FE0623FD62842EDB4BD8AC290072CC5',
      operationType: 'playPromptOperation',
      status: 'completed',
      clientContext: 'd45324c1-fcb5-430a-902c-f20af696537c',
      resultInfo: { code: 200, subcode: 0, message: 'Action completed successfully.' },
    });
    // …and the ids match the API response's form only when compared loosely.
    assert.ok(sameGraphId('0FE0623FD62842EDB4BD8AC290072CC5', '0fe0623f-d628-42ed-b4bd-8ac290072cc5'));
    assert.ok(sameGraphId('57DAB8B1894C409AB240BD8BEAE78896', '57dab8b1-894c-409a-b240-bd8beae78896'));
    assert.ok(!sameGraphId('57DAB8B1894C409AB240BD8BEAE78896', '57dab8b1-894c-409a-b240-bd8beae78897'));
  });

  test('invite completed (resource and resourceUrl, id in resourceData)', () => {
    const { events, problems } = parseNotifications(fixture('invite-completed'));
    assert.deepEqual(problems, []);
    assert.deepEqual(only(events, 'operation'), {
      kind: 'operation',
      callId: 'ab6233a5-20b7-4c5e-bea2-ce56c9776429',
      operationId: 'eec3812a-fdc3-4fb4-825c-a06c9f35414e',
      operationType: 'inviteParticipantsOperation',
      status: 'completed',
      clientContext: 'f2fa86af-3c51-4bc2-8fc0-475452d9764f',
    });
  });

  test('invite of several people: path …/operations/participants and "id": null', () => {
    const { events, problems } = parseNotifications(fixture('invite-multiple-completed'));
    assert.deepEqual(problems, []);
    const op = only(events, 'operation');
    assert.equal(op.callId, '7531d31f-d10d-44de-802f-c569dbca451c');
    assert.equal(op.operationId, 'participants');
    assert.equal(op.operationType, 'inviteParticipantsOperation');
    assert.equal(op.status, 'completed');
    assert.equal(op.clientContext, 'f2fa86af-3c51-4bc2-8fc0-475452d9764f');
  });

  test('failed mute operation, status casing normalised, no @odata.type', () => {
    const { events, problems } = parseNotifications({
      value: [
        {
          changeType: 'deleted',
          resource: '/app/calls/c8/operations/op-1',
          resourceData: { '@odata.type': '#microsoft.graph.muteParticipantOperation', status: 'Failed', clientContext: 'mute:1', resultInfo: { code: 404, subcode: 0, message: 'Participant not found' } },
        },
        { changeType: 'updated', resourceUrl: '/communications/calls/c8/operations/op-2', resourceData: { status: 'Running' } },
        { changeType: 'updated', resourceUrl: '/communications/calls/c8/operations/op-3', resourceData: { '@odata.type': '#microsoft.graph.commsOperation', status: 'someFutureStatus' } },
      ],
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(events, [
      { kind: 'operation', callId: 'c8', operationId: 'op-1', operationType: 'muteParticipantOperation', status: 'failed', clientContext: 'mute:1', resultInfo: { code: 404, subcode: 0, message: 'Participant not found' } },
      { kind: 'operation', callId: 'c8', operationId: 'op-2', status: 'running' },
      { kind: 'operation', callId: 'c8', operationId: 'op-3', operationType: 'commsOperation', status: 'someFutureStatus' },
    ]);
  });

  test('operations without status, without call path, or with a bad resultInfo', () => {
    const { events, problems } = parseNotifications({
      value: [
        { changeType: 'deleted', resourceUrl: '/communications/calls/c9/operations/op-1', resourceData: { '@odata.type': '#microsoft.graph.playPromptOperation' } },
        { changeType: 'deleted', resourceData: { '@odata.type': '#microsoft.graph.playPromptOperation', id: 'op-2', status: 'completed' } },
        { changeType: 'deleted', resourceUrl: '/communications/calls/c9/operations/op-3', resourceData: { '@odata.type': '#microsoft.graph.playPromptOperation', status: 'failed', resultInfo: { code: 'boom' } } },
      ],
    });
    assert.deepEqual(events, [{ kind: 'operation', callId: 'c9', operationId: 'op-3', operationType: 'playPromptOperation', status: 'failed' }]);
    assert.equal(problems.length, 3);
    assert.match(problems[0], /value\[0\]: operation op-1 on call c9 has no status/);
    assert.match(problems[1], /value\[1\]: operation without a call resource path/);
    assert.match(problems[2], /value\[2\]: operation op-3: resultInfo without a numeric code/);
  });
});

describe('envelopes', () => {
  test('several items in one envelope, in order; a content-sharing collection is skipped and described', () => {
    const { events, problems } = parseNotifications(fixture('meeting-batch'));
    assert.deepEqual(events.map((e) => e.kind), ['callState', 'roster', 'operation']);
    for (const e of events) assert.equal(e.callId, '421f4c00-4436-4c3a-9d9a-c4924cf98e67');
    const op = events[2];
    assert.ok(op.kind === 'operation');
    assert.equal(op.clientContext, 'prompt:INC-0042');
    assert.equal(op.operationId, '0fe0623f-d628-42ed-b4bd-8ac290072cc5');
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^value\[3\]: collection "contentsharingsessions" of call 421f4c00-4436-4c3a-9d9a-c4924cf98e67 is not a participant roster; skipped$/);
  });

  test('all fixtures parse without throwing and only into known event kinds', () => {
    for (const name of ['join-meeting-establishing', 'join-meeting-established', 'join-meeting-roster', 'guest-join-roster-in-lobby', 'playprompt-completed', 'invite-completed', 'invite-roster-updated', 'invite-multiple-completed', 'mute-roster-updated', 'call-terminating', 'call-terminated', 'legacy-resource-established', 'incoming-call-created', 'meeting-roster-mixed', 'meeting-batch']) {
      const { events } = parseNotifications(fixture(name));
      assert.ok(events.length > 0, name);
      for (const e of events) assert.ok(['callState', 'roster', 'operation'].includes(e.kind), name);
    }
  });

  test('a bare commsNotification (no envelope) and a JSON string body are accepted', () => {
    const item = { '@odata.type': '#microsoft.graph.commsNotification', changeType: 'updated', resourceUrl: '/communications/calls/c10', resourceData: { '@odata.type': '#microsoft.graph.call', state: 'established' } };
    assert.deepEqual(parseNotifications(item).events, [{ kind: 'callState', callId: 'c10', state: 'established', deleted: false }]);
    assert.deepEqual(parseNotifications(JSON.stringify({ value: [item] })).events, [{ kind: 'callState', callId: 'c10', state: 'established', deleted: false }]);
  });

  test('garbage never throws: each input gives no events and at least one problem', () => {
    const cyclic: Record<string, unknown> = { value: [] };
    (cyclic.value as unknown[]).push(cyclic);
    const garbage: unknown[] = [
      undefined, null, 42, true, 'not json', '{"value":', [], [1, 2], {}, { value: 'x' }, { value: {} }, { value: [] },
      { value: [null, 7, 'x', []] },
      { value: [{}] },
      { value: [{ resourceUrl: 42, resourceData: 'x' }] },
      { value: [{ resourceUrl: '/users/123', resourceData: { '@odata.type': '#microsoft.graph.call', state: 'established' } }] },
      { value: [{ resourceUrl: '/communications/calls/', resourceData: { '@odata.type': '#microsoft.graph.call', state: 'established' } }] },
      { value: [{ resourceUrl: '/communications/calls/c1', resourceData: { '@odata.type': '#microsoft.graph.chatMessage' } }] },
      { value: [{ '@odata.type': '#microsoft.graph.changeNotification', resource: '/app/calls/c1' }] },
      { value: [{ resourceUrl: '/communications/calls/c1/participants/p1', resourceData: { '@odata.type': '#microsoft.graph.participant', id: 'p1' } }] },
      { value: [{ resourceUrl: '/communications/calls/c1/audioRoutingGroups/g1', resourceData: { id: 'g1' } }] },
      { value: [{ resourceUrl: '/communications/calls/c1', resourceData: { '@odata.type': '#microsoft.graph.call', state: 42 } }] },
      { value: [{ resourceUrl: '/communications/calls/c1/operations/o1' }] },
      { value: [{ resourceUrl: '/communications/calls/%E0%A4%A/operations/o1', resourceData: { status: 5 } }] },
      { value: [{ resourceData: [{ id: 'p1' }] }] },
      { value: [cyclic] },
      new Uint8Array([0xff, 0xfe]),
    ];
    for (const input of garbage) {
      let result: ReturnType<typeof parseNotifications> | undefined;
      assert.doesNotThrow(() => {
        result = parseNotifications(input);
      }, `input ${String(input)}`);
      assert.ok(result);
      assert.deepEqual(result.events, [], `no events for ${safeJson(input)}`);
      assert.ok(result.problems.length > 0, `a problem for ${safeJson(input)}`);
      for (const p of result.problems) assert.ok(p.length < 400, 'problem lines stay short');
    }
  });

  test('problem lines quote payload values boundedly and on one line', () => {
    const long = `x\n${'y'.repeat(5000)}`;
    const { problems } = parseNotifications({ value: [{ resourceUrl: '/communications/calls/c1', resourceData: { '@odata.type': long } }] });
    assert.equal(problems.length, 1);
    assert.ok(!problems[0].includes('\n'));
    assert.ok(problems[0].length < 200);

    const longId = `${'c'.repeat(2000)}\r\nforged log line`;
    const second = parseNotifications({ value: [{ resourceUrl: `/communications/calls/${longId}`, resourceData: { '@odata.type': '#microsoft.graph.call' } }] });
    assert.equal(second.problems.length, 1);
    assert.ok(!/[\r\n]/.test(second.problems[0]));
    assert.ok(second.problems[0].length <= 301);
  });
});

describe('resource paths', () => {
  test('callIdOf / parseResourcePath accept both forms and the sub-resources', () => {
    assert.equal(callIdOf('/communications/calls/2f1a1100-b174-40a0-aba7-0b405e01ed92'), '2f1a1100-b174-40a0-aba7-0b405e01ed92');
    assert.equal(callIdOf('/app/calls/8A934F51F25B4EE19613D4049491857B'), '8A934F51F25B4EE19613D4049491857B');
    assert.equal(callIdOf('https://graph.microsoft.com/v1.0/communications/calls/abc/participants?x=1'), 'abc');
    assert.equal(callIdOf('communications/calls/abc/'), 'abc');
    assert.equal(callIdOf('/users/abc'), undefined);
    assert.equal(callIdOf('/communications/calls'), undefined);
    assert.equal(callIdOf(''), undefined);
    assert.deepEqual(parseResourcePath('/app/calls/c/participants'), { kind: 'participants', callId: 'c' });
    assert.deepEqual(parseResourcePath('/communications/calls/c/participants/p'), { kind: 'participant', callId: 'c', participantId: 'p' });
    assert.deepEqual(parseResourcePath('/communications/calls/c/operations/o'), { kind: 'operation', callId: 'c', operationId: 'o' });
    assert.deepEqual(parseResourcePath('/communications/calls/c/contentsharingsessions'), { kind: 'other', callId: 'c', subResource: 'contentsharingsessions' });
    assert.deepEqual(parseResourcePath('/Communications/Calls/c'), { kind: 'call', callId: 'c' });
  });
});

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch (e: unknown) {
    return `<${e instanceof Error ? e.name : 'unserialisable'}>`;
  }
}
