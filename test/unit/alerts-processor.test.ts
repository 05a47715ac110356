/** AlertProcessor over the real Storage adapter and fake effects: open once, redelivery → timeline, retries, give-up. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MemoryStorage } from 'botbuilder';
import type { Alert } from '../../src/alerts/alert';
import { AlertProcessor } from '../../src/alerts/alert-processor';
import type { AlertSubscription } from '../../src/alerts/subscription';
import type { Incident } from '../../src/incidents/incident';
import { silentLogger } from '../../src/log';
import { StorageAlertRepository } from '../../src/storage/storage-alert-repository';
import { incident } from '../support/incident-fixtures';

const SUB: AlertSubscription = {
  id: 'al_one12345', tenantId: 't', conversationReference: {}, conversationId: 'c', minSeverity: 'sev3', labelFilter: {}, page: [],
  autoresolve: true, secretHash: 'a'.repeat(64), createdBy: { displayName: 'Alex' }, createdAt: '2026-11-24T10:00:00Z',
};
const ALERT: Alert = { source: 'generic', dedupKey: 'd1', occurrenceKey: 'o1', status: 'firing', title: 'Disk full', severity: 'sev2', labels: {}, summary: {} };

// The processor's retry timers are unref'd (they must not hold a shutting-down bot): keep this test's loop alive.
let keepAlive: NodeJS.Timeout;
before(() => { keepAlive = setInterval(() => undefined, 1000); });
after(() => clearInterval(keepAlive));

function setup(openFailures = 0, policy?: { burst: number; refillEveryMs: number }) {
  const store = new StorageAlertRepository(new MemoryStorage());
  const incidents = new Map<string, Incident>();
  const calls: string[] = [];
  let failures = openFailures;
  const effects = {
    open: async (): Promise<Incident> => {
      calls.push('open');
      if (failures-- > 0) throw new Error('Graph down');
      const inc = incident({ id: 'INC-ALERT01', card: { activityId: 'a1', conversationReference: {} } });
      incidents.set(inc.id, inc);
      return inc;
    },
    postAndPage: async (inc: Incident): Promise<Incident> => { calls.push('postAndPage'); return inc; },
    timeline: async (id: string, text: string): Promise<Incident> => { calls.push(`timeline:${text}`); return incidents.get(id)!; },
    resolve: async (): Promise<void> => { calls.push('resolve'); },
    tell: async (): Promise<void> => { calls.push('tell'); },
  };
  const processor = new AlertProcessor({
    store, effects, repository: { get: async (id) => incidents.get(id) }, clock: { now: () => new Date('2026-11-24T10:00:00Z') }, log: silentLogger(), retryDelaysMs: [1, 1, 1, 1],
    ...(policy ? { policy } : {}),
  });
  return { store, processor, calls };
}

test('the first firing opens, the same one again is a timeline line, resolved resolves (autoresolve); inbox emptied', async () => {
  const { store, processor, calls } = setup();
  await store.save(SUB);
  await processor.accept(ALERT, SUB);
  await processor.accept(ALERT, SUB);
  await processor.accept({ ...ALERT, status: 'resolved', occurrenceKey: 'o2' }, SUB);
  await processor.idle();
  assert.deepEqual(calls, ['open', 'timeline:The alert source redelivered the alert', 'timeline:The alert source reports the alert resolved', 'resolve']);
  assert.equal((await store.getLink(SUB.id, 'd1'))?.value.incidentId, 'INC-ALERT01');
  assert.deepEqual(await store.pendingIds(), []);
});

test('a failure is retried (the alert stays in the inbox meanwhile) and then succeeds', async () => {
  const { store, processor, calls } = setup(2);
  await store.save(SUB);
  await processor.accept(ALERT, SUB);
  await processor.idle();
  assert.deepEqual(calls, ['open', 'open', 'open']);
  assert.deepEqual(await store.pendingIds(), []);
});

test('an alert that keeps failing is given up after a few attempts', async () => {
  const { store, processor, calls } = setup(100);
  await store.save(SUB);
  await processor.accept(ALERT, SUB);
  await processor.idle();
  assert.equal(calls.length, 5);
  assert.deepEqual(await store.pendingIds(), []);
});

test('an alert of a removed subscription is dropped; resume re-queues what is left in the inbox', async () => {
  const { store, processor, calls } = setup();
  await store.addPending({ id: 'left', subscriptionId: SUB.id, alert: ALERT, receivedAt: '2026-11-24T10:00:00Z', attempts: 0 });
  assert.equal(await processor.resume(), 1);
  await processor.idle();
  assert.deepEqual(calls, []);
  assert.deepEqual(await store.pendingIds(), []);
});

test('two instances sharing one store never open more bridges than the bucket holds (the token claim is eTag-guarded)', async () => {
  const storage = new MemoryStorage();
  let opened = 0;
  const instance = () => new AlertProcessor({
    store: new StorageAlertRepository(storage),
    effects: {
      open: async (): Promise<Incident> => {
        opened += 1;
        await new Promise((r) => setTimeout(r, 2)); // the other instance runs meanwhile
        return incident({ id: `INC-ALERT${String(opened).padStart(2, '0')}` });
      },
      postAndPage: async (inc: Incident): Promise<Incident> => inc,
      timeline: async (): Promise<Incident> => incident(),
      resolve: async (): Promise<void> => undefined,
      tell: async (): Promise<void> => undefined,
    },
    repository: { get: async () => undefined }, clock: { now: () => new Date('2026-11-24T10:00:00Z') }, log: silentLogger(), retryDelaysMs: [1, 1, 1, 1],
    policy: { burst: 3, refillEveryMs: 600_000 },
  });
  const [a, b] = [instance(), instance()];
  await new StorageAlertRepository(storage).save(SUB);
  await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).accept({ ...ALERT, dedupKey: `d${i}`, occurrenceKey: `o${i}` }, SUB)));
  await Promise.all([a.idle(), b.idle()]);
  assert.equal(opened, 3);
});

test('a failed open gives its token back: the retry opens with it and the bucket is not drained by retries', async () => {
  const { store, processor: limited, calls } = setup(2, { burst: 1, refillEveryMs: 600_000 });
  await store.save(SUB);
  await limited.accept(ALERT, SUB);
  await limited.idle();
  assert.deepEqual(calls, ['open', 'open', 'open']);
  assert.equal((await store.rate(SUB.id))?.tokens, 0);
  await limited.accept({ ...ALERT, dedupKey: 'd2', occurrenceKey: 'o9' }, SUB);
  await limited.idle();
  assert.deepEqual(calls, ['open', 'open', 'open', 'tell']);
});
