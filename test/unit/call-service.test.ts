import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStorage } from 'botbuilder';
import { CallService } from '../../src/calls/call-service';
import type { CallGateway, CardNotifier, JoinCallRequest } from '../../src/incidents/ports';
import { StorageIncidentRepository } from '../../src/storage/storage-incident-repository';
import { incident } from '../support/incident-fixtures';

function fakeCalls(delayMs = 20): CallGateway & { joins: JoinCallRequest[]; invites: string[][] } {
  const joins: JoinCallRequest[] = [];
  const invites: string[][] = [];
  return {
    joins,
    invites,
    async join(req) {
      joins.push(req);
      await new Promise((r) => setTimeout(r, delayMs));
      return { callId: `call-${joins.length}`, state: 'establishing' };
    },
    async hangUp() {},
    async invite(_id, people) { invites.push(people.map((p) => p.aadObjectId)); },
    async playPrompt() {},
    async keepAlive() { return 'ok'; },
  };
}

const noCards: CardNotifier = { update: async () => {} };

async function setup(calls: CallGateway) {
  const repository = new StorageIncidentRepository(new MemoryStorage());
  await repository.createIfAbsent(incident());
  const errors: unknown[] = [];
  const service = new CallService({ repository, calls, cards: noCards, clock: { now: () => new Date() }, callbackUri: 'https://bot.contoso.com/api/calls', onError: (e) => errors.push(e), sleep: async () => {} });
  return { repository, service, errors };
}

test('ten concurrent join requests make one call', async () => {
  const calls = fakeCalls();
  const { service, repository } = await setup(calls);
  const outcomes = await Promise.all(Array.from({ length: 10 }, () => service.join('INC-ABCDEFG', { displayName: 'Alex Wilber' })));
  assert.equal(calls.joins.length, 1);
  assert.equal(outcomes.filter((o) => o.started).length, 1);
  assert.equal((await repository.incidentIdForCall('call-1')), 'INC-ABCDEFG');
  const req = calls.joins[0]!;
  assert.equal(req.meeting.chatInfo.threadId, '19:meeting_N2Ni@thread.v2', 'chatInfo comes from the stored meeting');
  assert.equal(req.callbackUri, 'https://bot.contoso.com/api/calls');
});

test('a failing join is recorded on the incident and releases the claim', async () => {
  const calls = fakeCalls();
  calls.join = async () => { throw Object.assign(new Error('forbidden'), { statusCode: 403 }); };
  const { service } = await setup(calls);
  const r = await service.join('INC-ABCDEFG', { displayName: 'Alex Wilber' });
  assert.equal(r.started, false);
  assert.equal(r.incident.joinClaim, undefined);
  assert.equal(r.incident.state, 'meetingReady');
  assert.ok(r.incident.callFailure);
});

test('paging before the call is established queues the invitations until it is', async () => {
  const calls = fakeCalls();
  const { service, repository } = await setup(calls);
  await service.page('INC-ABCDEFG', [{ aadObjectId: 'u-9', displayName: 'Isaiah Langer' }], { displayName: 'Alex Wilber' });
  assert.equal(calls.joins.length, 1, 'paging brought the bot in');
  assert.deepEqual(calls.invites, []);
  assert.deepEqual((await repository.get('INC-ABCDEFG'))?.pendingInvites, ['u-9']);
  await service.handle([{ kind: 'callState', callId: 'call-1', state: 'established', deleted: false }]);
  assert.deepEqual(calls.invites, [['u-9']]);
});

test('notifications for a call the bot never made are ignored', async () => {
  const { service, errors } = await setup(fakeCalls());
  await service.handle([{ kind: 'callState', callId: 'nope', state: 'established', deleted: false }]);
  assert.deepEqual(errors, []);
});

test('keep-alive: live calls are kept alive; a call Graph no longer knows is ended on the card', async () => {
  const calls = fakeCalls();
  const kept: string[] = [];
  calls.keepAlive = async (id) => { kept.push(id); return id === 'call-1' ? 'gone' : 'ok'; };
  const { service, repository } = await setup(calls);
  await service.join('INC-ABCDEFG', { displayName: 'Alex Wilber' });
  await service.handle([{ kind: 'callState', callId: 'call-1', state: 'established', deleted: false }]);
  assert.deepEqual([...(await repository.liveCalls()).keys()], ['call-1']);
  await service.keepAliveAll();
  assert.deepEqual(kept, ['call-1']);
  const after = await repository.get('INC-ABCDEFG');
  assert.equal(after?.state, 'callEnded');
  assert.equal(after?.call?.state, 'terminated');
  assert.equal((await repository.liveCalls()).size, 0);
});

test('an "established" notification that overtakes the join\'s own bookkeeping is not lost', async () => {
  const repository = new StorageIncidentRepository(new MemoryStorage());
  await repository.createIfAbsent(incident());
  let service!: CallService;
  let delivered: Promise<void> | undefined;
  const calls = fakeCalls(0);
  calls.join = async () => {
    // Graph answers 201 and, at the same moment, its first notifications are already on their way.
    delivered = new Promise((r) => setTimeout(r, 0)).then(() => service.handle([
      { kind: 'callState', callId: 'CALL-1', state: 'establishing', deleted: false },
      { kind: 'callState', callId: 'call-1', state: 'established', deleted: false },
    ]));
    return { callId: 'call-1', state: 'establishing' };
  };
  service = new CallService({ repository, calls, cards: noCards, clock: { now: () => new Date() }, callbackUri: 'https://bot/api/calls', onError: (e) => { throw e; } });
  await service.join('INC-ABCDEFG', { displayName: 'Alex Wilber' });
  await delivered;
  const after = await repository.get('INC-ABCDEFG');
  assert.equal(after?.state, 'botConnected');
  assert.equal(after?.call?.state, 'established');
  assert.equal(after?.joinClaim, undefined);
});

test('resolved while the join was in flight: the bot hangs up right away', async () => {
  const calls = fakeCalls(0);
  const hungUp: string[] = [];
  calls.hangUp = async (id) => { hungUp.push(id); };
  const { service, repository } = await setup(calls);
  const original = calls.join.bind(calls);
  calls.join = async (req) => {
    await repository.update('INC-ABCDEFG', (cur) => ({ ...cur, state: 'resolved' }));
    return original(req);
  };
  await service.join('INC-ABCDEFG', { displayName: 'Alex Wilber' });
  assert.deepEqual(hungUp, ['call-1']);
});
