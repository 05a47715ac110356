/** StorageAlertRepository over botbuilder's MemoryStorage: subscriptions + index, eTag claims, links, rate state, the inbox. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStorage } from 'botbuilder';
import type { AlertIncidentLink } from '../../src/alerts/alert-ports';
import type { AlertSubscription } from '../../src/alerts/subscription';
import { AppError } from '../../src/errors/app-error';
import { StorageAlertRepository } from '../../src/storage/storage-alert-repository';

const sub = (id: string, conversationId = '19:chan@thread.tacv2'): AlertSubscription => ({
  id, tenantId: 't', conversationReference: { conversation: { id: conversationId } }, conversationId, minSeverity: 'sev2', labelFilter: {}, page: [],
  autoresolve: false, secretHash: 'a'.repeat(64), createdBy: { displayName: 'Alex' }, createdAt: '2026-11-24T10:00:00Z',
});

const link: AlertIncidentLink = { subscriptionId: 'al_one12345', source: 'alertmanager', dedupKey: '{}:{alertname="X"}', incidentId: 'INC-ABCDEFG', seen: ['k1'], lastStatus: 'firing', updatedAt: '2026-11-24T10:00:00Z' };

const isConflict = (e: unknown): boolean => e instanceof AppError && e.code === 'STORAGE_CONFLICT';

test('subscriptions: save, get, list by conversation (threads belong to their channel), delete', async () => {
  const repo = new StorageAlertRepository(new MemoryStorage());
  await repo.save(sub('al_one12345'));
  await repo.save(sub('al_two12345'));
  await repo.save(sub('al_other1234', '19:elsewhere@thread.tacv2'));
  assert.equal((await repo.get('al_one12345'))?.value.id, 'al_one12345');
  assert.deepEqual((await repo.listByConversation('19:chan@thread.tacv2;messageid=42')).map((s) => s.id), ['al_one12345', 'al_two12345']);
  await repo.delete('al_one12345');
  assert.equal(await repo.get('al_one12345'), undefined);
  assert.deepEqual((await repo.listByConversation('19:chan@thread.tacv2')).map((s) => s.id), ['al_two12345']);
  await repo.delete('al_missing123'); // nothing to do
});

test('a stale eTag is a STORAGE_CONFLICT; the current one writes', async () => {
  const repo = new StorageAlertRepository(new MemoryStorage());
  await repo.save(sub('al_one12345'));
  const a = await repo.get('al_one12345');
  await repo.save({ ...a!.value, autoresolve: true }, a!.eTag);
  await assert.rejects(repo.save({ ...a!.value, minSeverity: 'sev1' }, a!.eTag), isConflict);
  assert.equal((await repo.get('al_one12345'))?.value.autoresolve, true);
});

test('links: the first write is create-only (two first writers never both win), updates need the eTag', async () => {
  const repo = new StorageAlertRepository(new MemoryStorage());
  await repo.saveLink(link);
  await assert.rejects(repo.saveLink({ ...link, incidentId: 'INC-ZZZZZZZ' }), isConflict);
  const stored = await repo.getLink(link.subscriptionId, link.dedupKey);
  assert.equal(stored?.value.incidentId, 'INC-ABCDEFG');
  await repo.saveLink({ ...stored!.value, seen: ['k1', 'k2'] }, stored!.eTag);
  await assert.rejects(repo.saveLink({ ...stored!.value, seen: [] }, stored!.eTag), isConflict);
  assert.deepEqual((await repo.getLink(link.subscriptionId, link.dedupKey))?.value.seen, ['k1', 'k2']);
  assert.equal(await repo.getLink(link.subscriptionId, 'other'), undefined);
});

test('rate state and the inbox of accepted alerts (oldest first, attempts counted, removed when done)', async () => {
  const repo = new StorageAlertRepository(new MemoryStorage());
  assert.equal(await repo.rate('al_one12345'), undefined);
  await repo.updateRate('al_one12345', () => ({ tokens: 2, at: '2026-11-24T10:00:00Z' }));
  assert.equal((await repo.rate('al_one12345'))?.tokens, 2);

  const alert = { source: 'generic', dedupKey: 'd', occurrenceKey: 'o', status: 'firing', title: 'T', labels: {}, summary: {} } as const;
  await repo.addPending({ id: 'p1', subscriptionId: 'al_one12345', alert, receivedAt: '2026-11-24T10:00:00Z', attempts: 0 });
  await repo.addPending({ id: 'p2', subscriptionId: 'al_one12345', alert, receivedAt: '2026-11-24T10:00:01Z', attempts: 0 });
  assert.deepEqual(await repo.pendingIds(), ['p1', 'p2']);
  assert.equal((await repo.countAttempt('p1'))?.attempts, 1);
  assert.equal((await repo.getPending('p1'))?.attempts, 1);
  await repo.removePending('p1');
  assert.deepEqual(await repo.pendingIds(), ['p2']);
  assert.equal(await repo.getPending('p1'), undefined);
  assert.equal(await repo.countAttempt('p1'), undefined);
});
