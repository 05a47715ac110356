import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryStorage } from 'botbuilder';
import { AppError } from '../../src/errors/app-error';
import type { Incident, Person } from '../../src/incidents/incident';
import { IncidentService } from '../../src/incidents/incident-service';
import { addNote, assertNotResolved, changeSeverity, reopenedState, reopenIncident, resolveIncident, setCommander } from '../../src/incidents/incident-lifecycle';
import { assertMayClose, mayClose, needsAdminCheck, samePerson } from '../../src/incidents/incident-permissions';
import { durationText } from '../../src/incidents/duration-text';
import type { AdminCheck, MeetingGateway, UserDirectory } from '../../src/incidents/ports';
import { StorageIncidentRepository } from '../../src/storage/storage-incident-repository';
import { incident } from '../support/incident-fixtures';

const ALEX: Person = { displayName: 'Alex Wilber', aadObjectId: '170c7d5a-a64e-43f2-b171-5cf0bdf2966b' };
const MEGAN: Person = { displayName: 'Megan Bowen', aadObjectId: 'ce728733-9298-45dc-96b5-7c46b030fc18' };
const ISAIAH: Person = { displayName: 'Isaiah Langer', aadObjectId: '9b1c0a8e-7d6f-4e5a-b4c3-d2e1f0a9b8c7' };
const NOW = new Date('2026-11-24T11:30:00.000Z');

function refusedWith(code: string): (e: unknown) => boolean {
  return (e: unknown) => e instanceof AppError && e.code === code;
}

describe('permissions', () => {
  test('people are the same only by AAD object id (case-insensitive), never by display name', () => {
    assert.equal(samePerson(ALEX, { displayName: 'someone', aadObjectId: ALEX.aadObjectId!.toUpperCase() }), true);
    assert.equal(samePerson({ displayName: 'Alex Wilber' }, { displayName: 'Alex Wilber' }), false);
    assert.equal(samePerson(undefined, ALEX), false);
  });

  test('requester, commander and admins may resolve; others may not', () => {
    const inc = incident({ commander: MEGAN });
    assert.equal(mayClose(inc, ALEX, false), true, 'requester');
    assert.equal(mayClose(inc, MEGAN, false), true, 'commander');
    assert.equal(mayClose(inc, ISAIAH, false), false, 'someone else');
    assert.equal(mayClose(inc, ISAIAH, true), true, 'admin');
    assert.equal(mayClose(inc, { displayName: 'Alex Wilber' }, false), false, 'a name alone proves nothing');
  });

  test('the admin check is only needed for people who are neither requester nor commander', () => {
    const inc = incident({ commander: MEGAN });
    assert.equal(needsAdminCheck(inc, ALEX), false);
    assert.equal(needsAdminCheck(inc, MEGAN), false);
    assert.equal(needsAdminCheck(inc, ISAIAH), true);
  });

  test('the refusal is polite, names who may and how to take command', () => {
    assert.throws(() => assertMayClose(incident({ commander: MEGAN }), ISAIAH, false, 'resolve'), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, 'NOT_ALLOWED');
      assert.match(e.message, /^Sorry, only the person who started INC-ABCDEFG \(Alex Wilber\), its commander \(Megan Bowen\) or an incident admin can resolve it\.$/);
      assert.match(e.hint ?? '', /Ask Alex Wilber or Megan Bowen to resolve it/);
      assert.match(e.hint ?? '', /commander me/);
      return true;
    });
  });
});

describe('lifecycle transitions', () => {
  test('commander: set with a timeline entry; taking command yourself reads so; the same person again changes nothing', () => {
    const named = setCommander(incident(), MEGAN, { by: ALEX, now: NOW });
    assert.equal(named.changed, true);
    assert.deepEqual(named.incident.commander, MEGAN);
    assert.equal(named.incident.timeline.at(-1)?.text, 'Megan Bowen is now incident commander (named by Alex Wilber)');
    assert.equal(named.incident.timeline.at(-1)?.at, NOW.toISOString());
    const again = setCommander(named.incident, { ...MEGAN, displayName: 'Megan B.' }, { by: ALEX, now: NOW });
    assert.equal(again.changed, false);
    assert.equal(again.incident, named.incident);
    const took = setCommander(named.incident, ISAIAH, { by: ISAIAH, now: NOW });
    assert.equal(took.incident.timeline.at(-1)?.text, 'Isaiah Langer took command');
  });

  test('severity: "Severity changed from SEV3 to SEV1 by …"; the same severity changes nothing', () => {
    const r = changeSeverity(incident({ severity: 'sev3' }), 'sev1', { by: MEGAN, now: NOW });
    assert.equal(r.changed, true);
    assert.equal(r.incident.severity, 'sev1');
    assert.equal(r.incident.timeline.at(-1)?.text, 'Severity changed from SEV3 to SEV1 by Megan Bowen');
    assert.equal(changeSeverity(r.incident, 'sev1', { by: MEGAN, now: NOW }).changed, false);
  });

  test('note: "Note by X: …"; empty notes are refused', () => {
    const n = addNote(incident(), '  Rolled back deploy 2024.11.3 ', { by: MEGAN, now: NOW });
    assert.equal(n.timeline.at(-1)?.text, 'Note by Megan Bowen: Rolled back deploy 2024.11.3');
    assert.throws(() => addNote(incident(), '   ', { by: MEGAN, now: NOW }), refusedWith('COMMAND_INVALID'));
  });

  test('resolve: state, resolvedAt, resolvedBy, summary and a timeline entry', () => {
    const r = resolveIncident(incident({ pendingInvites: ['x'] }), { by: ALEX, now: NOW, summary: ' Bad config; reverted ' });
    assert.equal(r.state, 'resolved');
    assert.equal(r.resolvedAt, NOW.toISOString());
    assert.deepEqual(r.resolvedBy, ALEX);
    assert.equal(r.summary, 'Bad config; reverted');
    assert.deepEqual(r.pendingInvites, []);
    assert.equal(r.timeline.at(-1)?.text, 'Resolved by Alex Wilber: Bad config; reverted');
    assert.equal(resolveIncident(incident(), { by: ALEX, now: NOW }).timeline.at(-1)?.text, 'Resolved by Alex Wilber');
    assert.equal(resolveIncident(incident(), { by: ALEX, now: NOW, summary: '  ' }).summary, undefined);
  });

  test('resolve: refused for others (NOT_ALLOWED), allowed for the commander and for admins', () => {
    assert.throws(() => resolveIncident(incident(), { by: ISAIAH, now: NOW }), refusedWith('NOT_ALLOWED'));
    assert.equal(resolveIncident(incident({ commander: ISAIAH }), { by: ISAIAH, now: NOW }).state, 'resolved');
    assert.equal(resolveIncident(incident(), { by: ISAIAH, now: NOW, isAdmin: true }).state, 'resolved');
  });

  test('a resolved incident refuses every change but reopen, saying how to reopen', () => {
    const resolved = resolveIncident(incident(), { by: ALEX, now: NOW });
    for (const change of [
      () => setCommander(resolved, MEGAN, { by: MEGAN, now: NOW }),
      () => changeSeverity(resolved, 'sev1', { by: MEGAN, now: NOW }),
      () => addNote(resolved, 'more', { by: MEGAN, now: NOW }),
      () => resolveIncident(resolved, { by: ALEX, now: NOW }),
      () => assertNotResolved(resolved),
    ]) {
      assert.throws(change, (e: unknown) => e instanceof AppError && e.code === 'INCIDENT_RESOLVED' && /reopen INC-ABCDEFG/.test(`${e.message} ${e.hint}`));
    }
  });

  test('reopen: back to where the meeting and call stand, resolution cleared, timeline entry; permission as for resolve', () => {
    const resolved = resolveIncident(incident(), { by: ALEX, now: NOW, summary: 's' });
    const reopened = reopenIncident(resolved, { by: ALEX, now: NOW });
    assert.equal(reopened.state, 'meetingReady');
    assert.equal(reopened.resolvedAt, undefined);
    assert.equal(reopened.resolvedBy, undefined);
    assert.equal(reopened.summary, undefined);
    assert.equal(reopened.timeline.at(-1)?.text, 'Reopened by Alex Wilber');
    assert.throws(() => reopenIncident(resolved, { by: ISAIAH, now: NOW }), refusedWith('NOT_ALLOWED'));
    assert.equal(reopenIncident(resolved, { by: ISAIAH, now: NOW, isAdmin: true }).state, 'meetingReady');
    assert.throws(() => reopenIncident(incident(), { by: ALEX, now: NOW }), refusedWith('COMMAND_INVALID'));
  });

  test('reopened state: meetingReady, callEnded after a call, botConnected if the call is somehow still up, meetingFailed without a meeting', () => {
    const call = { callId: 'c1', state: 'terminated' as const, requestedAt: NOW.toISOString(), members: [], everJoined: [] };
    assert.equal(reopenedState(incident({ state: 'resolved' })), 'meetingReady');
    assert.equal(reopenedState(incident({ state: 'resolved', call })), 'callEnded');
    assert.equal(reopenedState(incident({ state: 'resolved', call: { ...call, state: 'established' } })), 'botConnected');
    assert.equal(reopenedState(incident({ state: 'resolved', meeting: undefined })), 'meetingFailed');
  });
});

test('durations read like people write them', () => {
  assert.equal(durationText(0), '< 1 min');
  assert.equal(durationText(59_999), '< 1 min');
  assert.equal(durationText(45 * 60_000), '45 min');
  assert.equal(durationText(60 * 60_000), '1 h');
  assert.equal(durationText(125 * 60_000), '2 h 5 min');
  assert.equal(durationText(26 * 3_600_000), '1 d 2 h');
});

describe('IncidentService lifecycle over a repository', () => {
  const unused: MeetingGateway & UserDirectory = {
    createOrGet: async () => { throw new Error('not used'); },
    lookupByUpn: async () => new Map(),
  };

  async function setup(base: Partial<Incident> = {}) {
    const repository = new StorageIncidentRepository(new MemoryStorage());
    await repository.createIfAbsent(incident(base));
    const service = new IncidentService({ repository, meetings: unused, directory: unused, clock: { now: () => NOW } });
    return { repository, service };
  }

  function admins(ids: readonly string[]): AdminCheck & { asked: string[] } {
    const asked: string[] = [];
    return { asked, isAdmin: async (id) => { asked.push(id); return ids.includes(id); } };
  }

  test('others are refused; an admin may resolve; the admin check is skipped for the requester', async () => {
    const { service } = await setup();
    const check = admins([ISAIAH.aadObjectId!]);
    await assert.rejects(service.resolve('INC-ABCDEFG', MEGAN, { admins: check }), refusedWith('NOT_ALLOWED'));
    await assert.rejects(service.resolve('INC-ABCDEFG', ISAIAH), refusedWith('NOT_ALLOWED'), 'no AdminCheck: nobody is admin');
    const done = await service.resolve('INC-ABCDEFG', ISAIAH, { admins: check, summary: 'ok' });
    assert.equal(done.state, 'resolved');
    assert.deepEqual(check.asked, [MEGAN.aadObjectId, ISAIAH.aadObjectId]);
    await service.reopen('INC-ABCDEFG', ALEX, { admins: check });
    assert.equal(check.asked.length, 2, 'the requester is not looked up');
  });

  test('commander, severity, note and their stored timeline; unchanged commander reported as such', async () => {
    const { service, repository } = await setup();
    assert.equal((await service.setCommander('INC-ABCDEFG', MEGAN, ALEX)).changed, true);
    assert.equal((await service.setCommander('INC-ABCDEFG', MEGAN, ISAIAH)).changed, false);
    await service.changeSeverity('INC-ABCDEFG', 'sev1', MEGAN);
    await service.addNote('INC-ABCDEFG', 'Rolled back', ISAIAH);
    const stored = (await repository.get('INC-ABCDEFG'))!;
    assert.equal(stored.severity, 'sev1');
    assert.deepEqual(stored.timeline.slice(1).map((t) => t.text), [
      'Megan Bowen is now incident commander (named by Alex Wilber)',
      'Severity changed from SEV2 to SEV1 by Megan Bowen',
      'Note by Isaiah Langer: Rolled back',
    ]);
    // the commander may now resolve
    assert.equal((await service.resolve('INC-ABCDEFG', MEGAN)).state, 'resolved');
    assert.equal(await service.latestActive(stored), undefined);
    assert.equal((await service.latestResolved(stored))?.id, 'INC-ABCDEFG');
  });

  test('listActive: the conversation, or the whole team (every channel), newest first, without resolved ones', async () => {
    const repository = new StorageIncidentRepository(new MemoryStorage());
    const team = '19:team@thread.tacv2';
    await repository.createIfAbsent(incident({ id: 'INC-1', teamId: team, conversationId: '19:a@thread.tacv2;messageid=1', createdAt: '2026-11-24T10:00:00.000Z' }));
    await repository.createIfAbsent(incident({ id: 'INC-3', teamId: team, conversationId: '19:b@thread.tacv2;messageid=3', createdAt: '2026-11-24T10:30:00.000Z' }));
    await repository.createIfAbsent(incident({ id: 'INC-2', teamId: team, conversationId: '19:a@thread.tacv2;messageid=2', createdAt: '2026-11-24T10:10:00.000Z' }));
    await repository.createIfAbsent(incident({ id: 'INC-4', teamId: team, conversationId: '19:c@thread.tacv2;messageid=4', state: 'resolved' }));
    await repository.createIfAbsent(incident({ id: 'INC-5', teamId: '19:other@thread.tacv2', conversationId: '19:d@thread.tacv2;messageid=5' }));
    await repository.createIfAbsent(incident({ id: 'INC-6', conversationId: '19:chat@thread.v2' }));
    const service = new IncidentService({ repository, meetings: unused, directory: unused, clock: { now: () => NOW } });
    assert.deepEqual((await service.listActive({ tenantId: incident().tenantId, conversationId: '19:x@thread.tacv2', teamId: team })).map((i) => i.id), ['INC-3', 'INC-2', 'INC-1']);
    assert.deepEqual((await service.listActive({ tenantId: incident().tenantId, conversationId: '19:a@thread.tacv2;messageid=9' })).map((i) => i.id), ['INC-2', 'INC-1']);
    assert.deepEqual((await service.listActive({ tenantId: incident().tenantId, conversationId: '19:chat@thread.v2' })).map((i) => i.id), ['INC-6']);
    assert.deepEqual((await repository.listByTeam('19:nothing@thread.tacv2')), []);
  });
});
