import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStorage } from 'botbuilder';
import { StorageIncidentRepository } from '../../src/storage/storage-incident-repository';
import { ConflictCounter } from '../support/counting-storage';
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

test('index repair: an incident whose index write was lost (crash) is put back when found again', async () => {
  const storage = new MemoryStorage();
  const repo = new StorageIncidentRepository(storage, 'p');
  const orphan = incident({ id: 'INC-ORPHAN', teamId: '19:team@thread.tacv2' });
  await storage.write({ 'p/incident/INC-ORPHAN': { incident: orphan } }); // the incident write, then the crash
  assert.deepEqual(await repo.listByConversation(orphan.conversationId), []);
  const again = await repo.createIfAbsent(orphan); // the redelivered start finds it
  assert.equal(again.created, false);
  assert.deepEqual((await repo.listByConversation(orphan.conversationId)).map((i) => i.id), ['INC-ORPHAN']);
  assert.deepEqual((await repo.listByTeam('19:team@thread.tacv2')).map((i) => i.id), ['INC-ORPHAN']);
  assert.equal((await repo.latest(orphan.conversationId, 'any'))?.id, 'INC-ORPHAN');
});

test('resolved incidents leave the active index, stay addressable by id; reopen puts them back', async () => {
  const repo = new StorageIncidentRepository(new MemoryStorage());
  const chat = '19:chat@thread.v2';
  await repo.createIfAbsent(incident({ id: 'INC-1', conversationId: chat, createdAt: '2026-11-24T10:00:00.000Z' }));
  await repo.createIfAbsent(incident({ id: 'INC-2', conversationId: chat, createdAt: '2026-11-24T11:00:00.000Z' }));
  await repo.update('INC-2', (cur) => ({ ...cur, state: 'resolved' }));
  assert.deepEqual((await repo.listByConversation(chat)).map((i) => i.id), ['INC-1']);
  assert.equal((await repo.latest(chat, 'any'))?.id, 'INC-2');
  assert.equal((await repo.latest(chat, 'active'))?.id, 'INC-1');
  assert.equal((await repo.latest(chat, 'resolved'))?.id, 'INC-2');
  assert.equal((await repo.get('INC-2'))?.state, 'resolved');
  await repo.update('INC-2', (cur) => ({ ...cur, state: 'meetingReady' }));
  assert.deepEqual((await repo.listByConversation(chat)).map((i) => i.id), ['INC-2', 'INC-1']);
  assert.equal(await repo.latest(chat, 'resolved'), undefined);
});

test('an update that changes nothing writes nothing', async () => {
  const counting = new ConflictCounter(new MemoryStorage());
  const repo = new StorageIncidentRepository(counting);
  await repo.createIfAbsent(incident());
  const before = counting.writes;
  await repo.update('INC-ABCDEFG', (cur) => cur);
  assert.equal(counting.writes, before);
});

test('a legacy index (every id ever) is migrated to active ids and pointers on first read', async () => {
  const storage = new MemoryStorage();
  const repo = new StorageIncidentRepository(storage, 'p');
  const chat = '19:legacy@thread.v2';
  await storage.write({
    'p/incident/INC-A': { incident: incident({ id: 'INC-A', conversationId: chat, state: 'resolved' }) },
    'p/incident/INC-B': { incident: incident({ id: 'INC-B', conversationId: chat }) },
    [`p/conversation/${encodeURIComponent(chat)}`]: { ids: ['INC-B', 'INC-A'] },
  });
  assert.deepEqual((await repo.listByConversation(chat)).map((i) => i.id), ['INC-B']);
  assert.equal((await repo.latest(chat, 'resolved'))?.id, 'INC-A');
  assert.equal((await repo.latest(chat, 'any'))?.id, 'INC-B');
});
