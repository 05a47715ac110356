/**
 * Benchmark: the cost of the store, measured in one run (no timed assertions anywhere in the tests).
 *
 *  1. CPU per start-like workload — the repository operations a start does (createIfAbsent, the start claim, the
 *     attendees, the card reference, linkCall) at concurrency 10 — for MemoryStorage, the default store
 *     (JournalStorage) and the older FileStorage, as process CPU time (user + system) per start.
 *  2. History: list / status / latest lookups and a start in a chat with 0 vs 10,000 resolved incidents (on the
 *     default store), as mean wall time per operation.
 * Prints ratios. Run: npx tsx bench/store.ts [starts] [history]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MemoryStorage, type Storage } from 'botbuilder';
import { FileStorage } from '../src/storage/file-storage';
import { JournalStorage } from '../src/storage/journal-storage';
import { StorageIncidentRepository } from '../src/storage/storage-incident-repository';
import { incident } from '../test/support/incident-fixtures';

const STARTS = Number(process.argv[2] ?? 2000);
const HISTORY = Number(process.argv[3] ?? 10_000);
const CONCURRENCY = 10;
const root = mkdtempSync(path.join(os.tmpdir(), 'bench-store-'));
let seq = 0;

async function startLike(repo: StorageIncidentRepository, chat: string): Promise<void> {
  const id = `INC-B${++seq}`;
  await repo.createIfAbsent(incident({ id, conversationId: chat, createdAt: new Date(1_700_000_000_000 + seq * 1000).toISOString() }));
  await repo.update(id, (cur) => ({ ...cur, state: 'creating' }));
  await repo.update(id, (cur) => ({ ...cur, attendees: [...cur.attendees], unresolved: [{ requestedAs: 'someone@example.com', reason: 'not found' }] }));
  await repo.update(id, (cur) => ({ ...cur, state: 'meetingReady', card: { activityId: `a${seq}`, conversationReference: { conversation: { id: chat }, serviceUrl: 'https://smba.example/' } } }));
  await repo.linkCall(`call-${seq}`, id);
}

async function pool(n: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < n) await fn(next++);
  }));
}

async function cpuPerStart(storage: Storage): Promise<number> {
  const repo = new StorageIncidentRepository(storage, `p${++seq}`);
  await pool(200, (i) => startLike(repo, `19:warm${i % 20}@thread.v2`)); // warm-up
  const before = process.cpuUsage();
  await pool(STARTS, (i) => startLike(repo, `19:chat${i % 50}@thread.v2`));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / STARTS;
}

async function meanMs(rounds: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await fn();
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) await fn();
  return (performance.now() - t0) / rounds;
}

async function history(): Promise<void> {
  const storage = new JournalStorage(path.join(root, 'history'));
  const repo = new StorageIncidentRepository(storage, 'h');
  const empty = '19:empty@thread.v2';
  const full = '19:full@thread.v2';
  let created = 0;
  await pool(HISTORY, async () => {
    const id = `INC-H${++created}`;
    await repo.createIfAbsent(incident({ id, conversationId: full, createdAt: new Date(1_600_000_000_000 + created * 1000).toISOString() }));
    await repo.update(id, (cur) => ({ ...cur, state: 'resolved' }));
  });
  for (const chat of [empty, full]) await repo.createIfAbsent(incident({ id: `INC-ACTIVE-${chat}`, conversationId: chat }));
  const ops: [string, (chat: string) => Promise<unknown>][] = [
    ['list (active)', (c) => repo.listByConversation(c)],
    ['status / latest active', (c) => repo.latest(c, 'active')],
    ['latest (any)', (c) => repo.latest(c, 'any')],
    ['latest resolved', (c) => repo.latest(c, 'resolved')],
    ['start (repository ops)', (c) => startLike(repo, c)],
  ];
  console.log(`\nHistory (default store): mean per operation, chat with 0 vs ${HISTORY} resolved incidents`);
  for (const [name, op] of ops) {
    const a = await meanMs(300, () => op(empty));
    const b = await meanMs(300, () => op(full));
    console.log(`  ${name.padEnd(24)} 0: ${a.toFixed(3)} ms   ${HISTORY}: ${b.toFixed(3)} ms   ratio ${(b / a).toFixed(2)}×`);
  }
  await storage.close();
}

async function main(): Promise<void> {
  const mem = await cpuPerStart(new MemoryStorage());
  const journal = new JournalStorage(path.join(root, 'journal'));
  const jrn = await cpuPerStart(journal);
  await journal.close();
  // The previous store, for reference; its per-file lock + fsync makes the one live-calls key a hot spot.
  const file = await cpuPerStart(new FileStorage(path.join(root, 'file'))).catch((e: unknown) => {
    console.log(`  (FileStorage run failed: ${e instanceof Error ? e.message : String(e)})`);
    return Number.NaN;
  });
  const mem2 = await cpuPerStart(new MemoryStorage()); // again, so JIT warm-up does not favour either side
  const memBest = Math.min(mem, mem2);
  console.log(`CPU per start-like workload (${STARTS} starts, concurrency ${CONCURRENCY}; process CPU user+system)`);
  console.log(`  MemoryStorage            ${memBest.toFixed(3)} ms   1.00×`);
  console.log(`  JournalStorage (default) ${jrn.toFixed(3)} ms   ${(jrn / memBest).toFixed(2)}× memory`);
  console.log(`  FileStorage (previous)   ${file.toFixed(3)} ms   ${(file / memBest).toFixed(2)}× memory`);
  await history();
}

main()
  .finally(() => rmSync(root, { recursive: true, force: true }))
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
