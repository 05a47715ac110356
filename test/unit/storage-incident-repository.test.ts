import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStorage } from 'botbuilder';
import { StorageIncidentRepository } from '../../src/storage/storage-incident-repository';
import { incident } from '../support/incident-fixtures';

test('createIfAbsent creates once and returns the stored incident afterwards', async () => {
  const repo = new StorageIncidentRepository(new MemoryStorage());
  const a = await repo.createIfAbsent(incident());
  const b = await repo.createIfAbsent(incident({ title: 'other' }));
  assert.equal(a.created, true);
  assert.equal(b.created, false);
  assert.equal(b.incident.title, 'Checkout API returning 500s');
});

test('50 concurrent updates to one incident all survive (eTag conflicts are retried)', async () => {
  const repo = new StorageIncidentRepository(new MemoryStorage());
  await repo.createIfAbsent(incident({ timeline: [] }));
  await Promise.all(Array.from({ length: 50 }, (_, i) =>
    repo.update('INC-ABCDEFG', (cur) => ({ ...cur, timeline: [...cur.timeline, { at: new Date(0).toISOString(), text: `entry ${i}` }] }))));
  const after = await repo.get('INC-ABCDEFG');
  assert.equal(after?.timeline.length, 50);
  assert.equal(new Set(after?.timeline.map((t) => t.text)).size, 50);
});

test('update of an unknown incident throws INCIDENT_NOT_FOUND', async () => {
  const repo = new StorageIncidentRepository(new MemoryStorage());
  await assert.rejects(repo.update('INC-NOPE', (c) => c), { code: 'INCIDENT_NOT_FOUND' });
});

test('listByConversation returns newest first and treats channel threads as their channel', async () => {
  const repo = new StorageIncidentRepository(new MemoryStorage());
  await repo.createIfAbsent(incident({ id: 'INC-1', conversationId: '19:ch@thread.tacv2;messageid=1' }));
  await repo.createIfAbsent(incident({ id: 'INC-2', conversationId: '19:ch@thread.tacv2;messageid=2' }));
  await repo.createIfAbsent(incident({ id: 'INC-3', conversationId: '19:other@thread.v2' }));
  const list = await repo.listByConversation('19:ch@thread.tacv2');
  assert.deepEqual(list.map((i) => i.id), ['INC-2', 'INC-1']);
});
