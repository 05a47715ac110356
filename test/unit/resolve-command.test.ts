import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStorage } from 'botbuilder';
import type { CommandContext } from '../../src/commands/command-context';
import type { CommandServices } from '../../src/commands/command-services';
import { resolveAndHangUp } from '../../src/commands/resolve';
import { AppError } from '../../src/errors/app-error';
import { CallService } from '../../src/calls/call-service';
import type { Person } from '../../src/incidents/incident';
import { IncidentService } from '../../src/incidents/incident-service';
import type { CallGateway, Clock } from '../../src/incidents/ports';
import { silentLogger } from '../../src/log';
import { StorageIncidentRepository } from '../../src/storage/storage-incident-repository';
import { incident } from '../support/incident-fixtures';

const clock: Clock = { now: () => new Date('2026-11-24T11:00:00.000Z') };
const ALEX = { displayName: 'Alex Wilber', aadObjectId: '170c7d5a-a64e-43f2-b171-5cf0bdf2966b' };

function gateway(hangUp: (id: string) => Promise<void>): CallGateway {
  return {
    join: async () => ({ callId: 'call-1', state: 'establishing' }),
    hangUp,
    invite: async () => {},
    playPrompt: async () => {},
    keepAlive: async () => 'ok',
  };
}

async function setup(calls: CallGateway, live: boolean) {
  const repository = new StorageIncidentRepository(new MemoryStorage());
  await repository.createIfAbsent(incident(live ? {
    state: 'botConnected',
    call: { callId: 'call-1', state: 'established', requestedAt: '2026-11-24T10:03:00.000Z', members: [], everJoined: [] },
  } : {}));
  const cards = { update: async () => {} };
  const services: CommandServices = {
    incidents: new IncidentService({ repository, meetings: { createOrGet: async () => { throw new Error('unused'); } }, directory: { lookupByUpn: async () => new Map() }, clock }),
    calls: new CallService({ repository, calls, cards, clock, callbackUri: 'https://bot/api/calls', onError: () => {} }),
    directory: { lookupByUpn: async () => new Map() },
    cards,
    clock,
    meetingDurationMinutes: 60,
  };
  return { repository, services, ctx: context(ALEX) };
}

function context(from: Person): CommandContext {
  return {
    activityId: 'a1', tenantId: 't', conversationId: '19:c3e7@thread.v2', conversationType: 'groupChat', from,
    members: async () => ({ found: false, reason: 'unused' }),
    log: silentLogger(),
    sendTyping: async () => {},
    sendText: async () => {},
    sendMarkdown: async () => {},
    sendCard: async () => 'card-1',
    updateCard: async () => {},
    conversationReference: () => ({}),
  };
}

test('resolving with the bot in the call hangs it up through the call gateway', async () => {
  const hungUp: string[] = [];
  const { services, ctx } = await setup(gateway(async (id) => { hungUp.push(id); }), true);
  const outcome = await resolveAndHangUp('INC-ABCDEFG', 'done', ctx, services);
  assert.deepEqual(hungUp, ['call-1']);
  assert.equal(outcome.leftCall, true);
  assert.equal(outcome.incident.state, 'resolved');
  assert.equal(outcome.incident.call?.state, 'terminating');
  assert.deepEqual(outcome.incident.timeline.slice(-2).map((t) => t.text), ['Resolved by Alex Wilber: done', 'Alex Wilber removed the bot from the call']);
});

test('without a call nothing is hung up', async () => {
  const hungUp: string[] = [];
  const { services, ctx } = await setup(gateway(async (id) => { hungUp.push(id); }), false);
  const outcome = await resolveAndHangUp('INC-ABCDEFG', undefined, ctx, services);
  assert.deepEqual(hungUp, []);
  assert.equal(outcome.leftCall, false);
  assert.equal(outcome.incident.state, 'resolved');
});

test('a failed hang-up keeps the incident resolved and reports the failure', async () => {
  const { services, ctx, repository } = await setup(gateway(async () => { throw new AppError('GRAPH_UNAVAILABLE', 'Graph is down'); }), true);
  const outcome = await resolveAndHangUp('INC-ABCDEFG', undefined, ctx, services);
  assert.equal(outcome.hangUpFailed?.code, 'GRAPH_UNAVAILABLE');
  assert.equal(outcome.leftCall, false);
  assert.equal((await repository.get('INC-ABCDEFG'))?.state, 'resolved');
});

test('a refused resolve does not touch the call', async () => {
  const hungUp: string[] = [];
  const { services } = await setup(gateway(async (id) => { hungUp.push(id); }), true);
  const stranger = context({ displayName: 'Isaiah Langer', aadObjectId: 'x' });
  await assert.rejects(resolveAndHangUp('INC-ABCDEFG', undefined, stranger, services), { code: 'NOT_ALLOWED' });
  assert.deepEqual(hungUp, []);
});
