/** The command registry and dispatch: one rule refuses a resolved incident; forms share one attendee shape; one error reply. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryStorage } from 'botbuilder';
import { errorReply } from '../../src/cards/error-card';
import { CallService } from '../../src/calls/call-service';
import type { CommandContext } from '../../src/commands/command-context';
import type { CommandServices } from '../../src/commands/command-services';
import { dispatchCommand, runCardAction } from '../../src/commands/dispatch';
import { formAttendees } from '../../src/commands/form-input';
import { parseCommand } from '../../src/commands/parse-command';
import { COMMAND_MODULES } from '../../src/commands/registry';
import { AppError } from '../../src/errors/app-error';
import type { Person } from '../../src/incidents/incident';
import { IncidentService } from '../../src/incidents/incident-service';
import type { CallGateway, Clock } from '../../src/incidents/ports';
import { silentLogger } from '../../src/log';
import { StorageIncidentRepository } from '../../src/storage/storage-incident-repository';
import { incident } from '../support/incident-fixtures';

const clock: Clock = { now: () => new Date('2026-11-24T11:00:00.000Z') };
const ALEX: Person = { displayName: 'Alex Wilber', aadObjectId: '170c7d5a-a64e-43f2-b171-5cf0bdf2966b' };
const RESOLVED = incident({ state: 'resolved', resolvedAt: '2026-11-24T10:30:00.000Z', resolvedBy: ALEX });

async function setup() {
  const repository = new StorageIncidentRepository(new MemoryStorage());
  await repository.createIfAbsent(RESOLVED);
  const joins: string[] = [];
  const gateway: CallGateway = {
    join: async () => { joins.push('join'); return { callId: 'call-1', state: 'establishing' }; },
    hangUp: async () => {},
    invite: async () => {},
    playPrompt: async () => {},
    keepAlive: async () => 'ok',
  };
  const cards = { update: async () => {} };
  const services: CommandServices = {
    incidents: new IncidentService({ repository, meetings: { createOrGet: async () => { throw new Error('unused'); } }, directory: { lookupByUpn: async () => new Map() }, clock }),
    calls: new CallService({ repository, calls: gateway, cards, clock, callbackUri: 'https://bot/api/calls', onError: () => {} }),
    directory: { lookupByUpn: async () => new Map() },
    cards,
    clock,
    meetingDurationMinutes: 60,
  };
  const sent: string[] = [];
  const ctx: CommandContext = {
    activityId: 'a1', tenantId: RESOLVED.tenantId, conversationId: RESOLVED.conversationId, conversationType: 'groupChat', from: ALEX,
    members: async () => ({ found: false, reason: 'unused' }),
    log: silentLogger(),
    sendTyping: async () => {},
    sendText: async (t) => { sent.push(t); },
    sendMarkdown: async (t) => { sent.push(t); },
    sendCard: async () => 'card-1',
    updateCard: async () => {},
    conversationReference: () => ({}),
  };
  return { services, ctx, sent, joins };
}

const resolvedRefusal = (e: unknown): boolean =>
  e instanceof AppError && e.code === 'INCIDENT_RESOLVED' && e.message === `${RESOLVED.id} is resolved, so it cannot be changed.`;

describe('a resolved incident refuses changes: one rule, one code', () => {
  for (const text of [`join ${RESOLVED.id}`, `note ${RESOLVED.id} rolled back`, `sev1 ${RESOLVED.id}`, `commander me ${RESOLVED.id}`, `page patti@contoso.com ${RESOLVED.id}`]) {
    test(`typed: ${text.split(' ')[0]}`, async () => {
      const { services, ctx, joins } = await setup();
      await assert.rejects(dispatchCommand(parseCommand({ text, mentions: [], botId: '28:bot' }), ctx, services), resolvedRefusal);
      assert.deepEqual(joins, []);
    });
  }

  for (const verb of ['joinCall', 'page', 'retryMeeting', 'takeCommand'] as const) {
    test(`button: ${verb}`, async () => {
      const { services, ctx } = await setup();
      await assert.rejects(runCardAction(verb, RESOLVED, { pagePeople: ALEX.aadObjectId }, ctx, services), resolvedRefusal);
    });
  }

  test('CallService.join applies the same rule inside its update (an incident resolved meanwhile)', async () => {
    const { services } = await setup();
    await assert.rejects(services.calls.join(RESOLVED.id, ALEX), resolvedRefusal);
  });

  test('export and status still read a resolved incident', async () => {
    const { services, ctx, sent } = await setup();
    await dispatchCommand(parseCommand({ text: `export ${RESOLVED.id}`, mentions: [], botId: '28:bot' }), ctx, services);
    assert.match(sent.join('\n'), /Checkout API returning 500s/);
  });

  test('the modules that declare the rule', () => {
    assert.deepEqual(COMMAND_MODULES.filter((m) => m.refusesResolved).map((m) => m.name), ['page', 'join', 'commander', 'severity', 'note']);
    const buttons = COMMAND_MODULES.flatMap((m) => Object.entries(m.cardActions ?? {}).filter(([, a]) => a?.refusesResolved).map(([v]) => v));
    assert.deepEqual(buttons.sort(), ['joinCall', 'page', 'retryMeeting', 'takeCommand']);
  });
});

describe('forms: the Start and Page forms read people the same way', () => {
  test('picked ids are directory users, typed addresses e-mails', () => {
    const data = { picked: 'ce728733-9298-45dc-96b5-7c46b030fc18, 170c7d5a-a64e-43f2-b171-5cf0bdf2966b', typed: 'patti@contoso.com; isaiahl@contoso.com' };
    assert.deepEqual(formAttendees(data, { picked: 'picked', typed: 'typed' }), [
      { kind: 'directoryUser', aadObjectId: 'ce728733-9298-45dc-96b5-7c46b030fc18' },
      { kind: 'directoryUser', aadObjectId: '170c7d5a-a64e-43f2-b171-5cf0bdf2966b' },
      { kind: 'email', address: 'patti@contoso.com' },
      { kind: 'email', address: 'isaiahl@contoso.com' },
    ]);
  });

  test('a typed word that is no address is refused with a hint', () => {
    assert.throws(() => formAttendees({ typed: 'patti@contoso.com nobody' }, { picked: 'picked', typed: 'typed' }),
      (e: unknown) => e instanceof AppError && e.code === 'COMMAND_INVALID' && e.message === 'Not an e-mail address: nobody.' && e.hint !== undefined);
  });
});

describe('errorReply', () => {
  test('an AppError is shown as it is; anything else is INTERNAL without internals', () => {
    const refused = errorReply(new AppError('NOT_ALLOWED', 'No.', { hint: 'Ask.' }));
    assert.equal(refused.unexpected, false);
    assert.equal(refused.text, 'No.');
    const crashed = errorReply(new TypeError('secret stack detail'));
    assert.equal(crashed.error.code, 'INTERNAL');
    assert.equal(crashed.unexpected, true);
    assert.doesNotMatch(JSON.stringify(crashed.card), /secret stack detail/);
  });
});
