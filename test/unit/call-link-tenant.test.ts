import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStorage } from 'botbuilder';
import { CallService } from '../../src/calls/call-service';
import { CallLinkCache } from '../../src/calls/call-links';
import type { CallGateway } from '../../src/incidents/ports';
import { StorageIncidentRepository } from '../../src/storage/storage-incident-repository';
import { incident } from '../support/incident-fixtures';

const calls: CallGateway = {
  async join() { return { callId: 'call-1', state: 'establishing' }; },
  async hangUp() {},
  async invite() {},
  async playPrompt() {},
  async keepAlive() { return 'ok'; },
};

test('the call link cache keeps the tenant with the link, and drops it when the link changes or is forgotten', () => {
  const links = new CallLinkCache();
  links.remember('call-1', 'INC-A', 'tenant-a');
  assert.equal(links.tenantOf('CALL-1'), 'tenant-a');
  links.remember('call-1', 'INC-B');
  assert.equal(links.tenantOf('call-1'), undefined, 'another incident: its tenant is read again');
  links.remember('call-1', 'INC-B', 'tenant-b');
  links.forget('call-1');
  assert.equal(links.tenantOf('call-1'), undefined);
});

test('tenantOfCall reads the incident once per call, not once per notification', async () => {
  const repository = new StorageIncidentRepository(new MemoryStorage());
  await repository.createIfAbsent(incident());
  await repository.linkCall('call-9', 'INC-ABCDEFG');
  let reads = 0;
  const counting = Object.assign(Object.create(repository) as StorageIncidentRepository, {
    get: async (id: string) => { reads++; return repository.get(id); },
  });
  const service = new CallService({ repository: counting, calls, cards: { update: async () => {} }, clock: { now: () => new Date() }, callbackUri: 'https://bot.contoso.com/api/calls', onError: () => {}, sleep: async () => {} });
  const expected = (await repository.get('INC-ABCDEFG'))!;
  const tenant = expected.meeting?.organizer.tenantId ?? expected.tenantId;
  for (let i = 0; i < 5; i++) assert.equal(await service.tenantOfCall('call-9'), tenant);
  assert.equal(reads, 1);
});
