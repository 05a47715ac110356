/**
 * One contract for every Storage the bot can run on: MemoryStorage, FileStorage (temp dir) and BlobsStorage on
 * Azurite (one container per run), all made through createStorage. Then FileStorage's own guarantees
 * (crash safety, restarts, temp files) and the BlobsStorage key-escaping facts we rely on.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Storage, StoreItem } from 'botbuilder';
import type { AppConfig } from '../../src/config';
import { createStorage } from '../../src/storage/create-storage';
import { ETagConflictError, FileStorage } from '../../src/storage/file-storage';
import { isETagConflict, StorageIncidentRepository } from '../../src/storage/storage-incident-repository';
import { CREATE_ONLY_ETAG } from '../../src/storage/create-only';
import { startAzurite, type Azurite } from '../support/azurite';
import { ConflictCounter } from '../support/counting-storage';
import { incident } from '../support/incident-fixtures';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const tempRoot = mkdtempSync(path.join(os.tmpdir(), 'storage-contract-'));
after(() => rmSync(tempRoot, { recursive: true, force: true }));

/** A fresh key namespace per test, so backends that share a container never see another test's data. */
function ns(): string {
  return `t-${randomBytes(5).toString('hex')}`;
}

function withoutETag(item: StoreItem | undefined): Record<string, unknown> | undefined {
  if (!item) return undefined;
  const { eTag: _eTag, ...rest } = item;
  return rest;
}

async function settleAll(promises: Promise<unknown>[]): Promise<{ ok: number; conflicts: number; other: unknown[] }> {
  const results = await Promise.allSettled(promises);
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
  return { ok: results.length - rejected.length, conflicts: rejected.filter(isETagConflict).length, other: rejected.filter((e) => !isETagConflict(e)) };
}

type StorageCfg = AppConfig['storage'];

interface Backend {
  readonly name: string;
  /** What a write with an eTag (not '*') does to a key with no stored item. */
  readonly conditionalWriteToMissing: 'creates' | 'conflicts';
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
  config(): StorageCfg;
}

let azurite: Azurite | undefined;
const container = `ib-contract-${randomBytes(4).toString('hex')}`;
let fileStores = 0;

const backends: Backend[] = [
  { name: 'MemoryStorage', conditionalWriteToMissing: 'creates', config: () => ({ kind: 'memory', dataDir: '' }) },
  {
    name: 'file store (JournalStorage)',
    conditionalWriteToMissing: 'creates',
    config: () => ({ kind: 'file', dataDir: path.join(tempRoot, `file-${++fileStores}`) }),
  },
  {
    name: 'BlobsStorage (Azurite)',
    conditionalWriteToMissing: 'conflicts',
    async setup() {
      azurite = await startAzurite();
    },
    async teardown() {
      await azurite?.stop();
    },
    config: () => ({ kind: 'blob', dataDir: '', blobConnectionString: azurite!.connectionString, blobContainer: container }),
  },
];

for (const backend of backends) {
  describe(`Storage contract: ${backend.name}`, () => {
    let storage: Storage;
    before(async () => {
      await backend.setup?.();
      storage = await createStorage(backend.config());
    });
    after(async () => {
      await backend.teardown?.();
    });

    test('write, read, delete round trip', async () => {
      const p = ns();
      await storage.write({ [`${p}/a`]: { n: 1, nested: { list: [1, 'two', null] } }, [`${p}/b`]: { n: 2 } });
      const read = await storage.read([`${p}/a`, `${p}/b`]);
      assert.deepEqual(withoutETag(read[`${p}/a`]), { n: 1, nested: { list: [1, 'two', null] } });
      assert.deepEqual(withoutETag(read[`${p}/b`]), { n: 2 });
      await storage.delete([`${p}/a`, `${p}/never-written`]);
      const after = await storage.read([`${p}/a`, `${p}/b`]);
      assert.deepEqual(Object.keys(after), [`${p}/b`]);
    });

    test('missing keys are absent from a read (and an empty read is empty)', async () => {
      const p = ns();
      await storage.write({ [`${p}/here`]: { here: true } });
      const read = await storage.read([`${p}/missing-1`, `${p}/here`, `${p}/missing-2`]);
      assert.deepEqual(Object.keys(read), [`${p}/here`]);
      assert.deepEqual(await storage.read([]), {});
    });

    test('a read returns an eTag, and every write changes it', async () => {
      const key = `${ns()}/etag`;
      await storage.write({ [key]: { v: 1 } });
      const e1 = (await storage.read([key]))[key]?.eTag as unknown;
      assert.equal(typeof e1, 'string');
      assert.notEqual(e1, '');
      assert.notEqual(e1, '*');
      await storage.write({ [key]: { v: 2 } });
      const e2 = (await storage.read([key]))[key]?.eTag as unknown;
      assert.equal(typeof e2, 'string');
      assert.notEqual(e2, e1);
    });

    test('a write with a stale eTag fails with an eTag conflict and changes nothing', async () => {
      const key = `${ns()}/stale`;
      await storage.write({ [key]: { v: 1 } });
      const e1 = (await storage.read([key]))[key]!.eTag as string;
      await storage.write({ [key]: { v: 2, eTag: e1 } }); // matching eTag: accepted
      const err = await storage.write({ [key]: { v: 3, eTag: e1 } }).then(
        () => assert.fail('a stale eTag was accepted'),
        (e: unknown) => e,
      );
      assert.ok(isETagConflict(err), `not recognised as an eTag conflict: ${String(err)}`);
      assert.deepEqual(withoutETag((await storage.read([key]))[key]), { v: 2 });
    });

    test("a write with '*', '' or no eTag overwrites whatever is stored", async () => {
      const key = `${ns()}/force`;
      await storage.write({ [key]: { v: 1 } });
      await storage.write({ [key]: { v: 2, eTag: '*' } });
      assert.deepEqual(withoutETag((await storage.read([key]))[key]), { v: 2 });
      await storage.write({ [key]: { v: 3 } });
      assert.deepEqual(withoutETag((await storage.read([key]))[key]), { v: 3 });
      await storage.write({ [key]: { v: 4, eTag: undefined } });
      assert.deepEqual(withoutETag((await storage.read([key]))[key]), { v: 4 });
      await storage.write({ [key]: { v: 5, eTag: '' } });
      assert.deepEqual(withoutETag((await storage.read([key]))[key]), { v: 5 });
    });

    test(`a conditional write to a key with no stored item ${backend.conditionalWriteToMissing === 'creates' ? 'creates it' : 'is an eTag conflict'}`, async () => {
      const key = `${ns()}/gone`;
      await storage.write({ [key]: { v: 1 } });
      const e1 = (await storage.read([key]))[key]!.eTag as string;
      await storage.delete([key]);
      const write = storage.write({ [key]: { v: 2, eTag: e1 } });
      if (backend.conditionalWriteToMissing === 'creates') {
        await write;
        assert.deepEqual(withoutETag((await storage.read([key]))[key]), { v: 2 });
      } else {
        await assert.rejects(write, (e: unknown) => isETagConflict(e));
        assert.deepEqual(await storage.read([key]), {});
      }
    });

    test('of 20 concurrent writes with the same eTag exactly one wins', async () => {
      const key = `${ns()}/race`;
      await storage.write({ [key]: { v: 0 } });
      const e0 = (await storage.read([key]))[key]!.eTag as string;
      const r = await settleAll(Array.from({ length: 20 }, (_, i) => storage.write({ [key]: { v: i + 1, eTag: e0 } })));
      assert.deepEqual(r, { ok: 1, conflicts: 19, other: [] });
    });

    test('create-only (CREATE_ONLY_ETAG): of 20 concurrent first writes of one missing key exactly one wins', async () => {
      const key = `${ns()}/first`;
      const r = await settleAll(Array.from({ length: 20 }, (_, i) => storage.write({ [key]: { v: i, eTag: CREATE_ONLY_ETAG } })));
      assert.deepEqual(r, { ok: 1, conflicts: 19, other: [] });
      const err = await storage.write({ [key]: { v: 99, eTag: CREATE_ONLY_ETAG } }).then(
        () => assert.fail('a create-only write replaced an existing item'),
        (e: unknown) => e,
      );
      assert.ok(isETagConflict(err), `not recognised as an eTag conflict: ${String(err)}`);
      assert.notEqual(withoutETag((await storage.read([key]))[key])?.v, 99);
    });

    test('40 concurrent starts in a new chat and team on two instances: every one listed; losers of the first write retried', async () => {
      const counting = new ConflictCounter(storage);
      const prefix = ns();
      // Two instances (each serialises its own writers per key), as two bot processes would be.
      const instances = [new StorageIncidentRepository(counting, prefix), new StorageIncidentRepository(counting, prefix)];
      const repo = instances[0]!;
      const ids = Array.from({ length: 40 }, (_, i) => `INC-RACE${i}`);
      const made = await Promise.all(ids.map((id, i) => instances[i % 2]!.createIfAbsent(incident({ id, conversationId: '19:new@thread.tacv2', teamId: '19:team@thread.tacv2' }))));
      assert.ok(made.every((m) => m.created));
      assert.deepEqual((await repo.listByConversation('19:new@thread.tacv2')).map((i) => i.id).sort(), [...ids].sort());
      assert.deepEqual((await repo.listByTeam('19:team@thread.tacv2')).map((i) => i.id).sort(), [...ids].sort());
      assert.ok(counting.conflicts > 0, 'the concurrent first writes of the index met a precondition failure');
    });

    test('two concurrent createIfAbsent of one id: one created, the other gets the stored incident', async () => {
      const repo = new StorageIncidentRepository(storage, ns());
      const [a, b] = await Promise.all([repo.createIfAbsent(incident({ title: 'A' })), repo.createIfAbsent(incident({ title: 'B' }))]);
      assert.equal([a, b].filter((r) => r.created).length, 1);
      assert.equal(a.incident.title, b.incident.title);
      assert.deepEqual((await repo.listByConversation(incident().conversationId)).map((i) => i.id), ['INC-ABCDEFG']);
    });

    test('50 parallel StorageIncidentRepository.update calls on one incident all survive', async () => {
      const repo = new StorageIncidentRepository(storage, ns());
      await repo.createIfAbsent(incident({ timeline: [] }));
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          repo.update('INC-ABCDEFG', (cur) => ({ ...cur, timeline: [...cur.timeline, { at: new Date(Date.UTC(2026, 10, 24, 10, 0, i)).toISOString(), text: `entry ${i}` }] })),
        ),
      );
      const after = await repo.get('INC-ABCDEFG');
      assert.equal(after?.timeline.length, 50);
      assert.equal(new Set(after?.timeline.map((t) => t.text)).size, 50);
      assert.deepEqual(after?.meeting, incident().meeting, 'the rest of the incident is intact');
    });

    test('500 incidents in 10 channels: created, listed by conversation, read back', async () => {
      const repo = new StorageIncidentRepository(storage, ns());
      const channels = 10;
      const perChannel = 50;
      // Each channel's creates in order (its index is one key), the channels in parallel.
      await Promise.all(
        Array.from({ length: channels }, async (_, c) => {
          for (let i = 0; i < perChannel; i++) {
            const id = `INC-${c}-${i}`;
            const res = await repo.createIfAbsent(
              incident({ id, conversationId: `19:channel${c}@thread.tacv2;messageid=${1763978531193 + i}`, title: `Incident ${id} – Zoë’s 🚨` }),
            );
            assert.equal(res.created, true);
          }
        }),
      );
      for (let c = 0; c < channels; c++) {
        const list = await repo.listByConversation(`19:channel${c}@thread.tacv2`);
        assert.deepEqual(
          list.map((i) => i.id),
          Array.from({ length: perChannel }, (_, i) => `INC-${c}-${perChannel - 1 - i}`),
          'newest first',
        );
      }
      const all = await Promise.all(Array.from({ length: channels * perChannel }, (_, n) => repo.get(`INC-${Math.floor(n / perChannel)}-${n % perChannel}`)));
      assert.equal(all.filter((i) => i !== undefined).length, 500);
      assert.equal(all[123]?.title, 'Incident INC-2-23 – Zoë’s 🚨');
    });

    test("keys with ':' ';' '@' '/' '%', case, spaces and unicode round-trip, each to its own item", async () => {
      const p = ns();
      const keys = [
        `${p}/incident-bridge/conversation/19%3Achannel%40thread.tacv2`,
        `${p}/19:channel@thread.tacv2;messageid=1763978531193`,
        `${p}/percent%2Fencoded`,
        `${p}/percent/encoded`,
        `${p}/Case`,
        `${p}/case`,
        `${p}/with space & plus+?query#hash=1`,
        `${p}/../not-a-path`,
        `${p}/ключ/事件/🚨/é`,
        `${p}/${'long-'.repeat(60)}`,
      ];
      const changes: Record<string, StoreItem> = {};
      keys.forEach((key, i) => {
        changes[key] = { i, key, text: `Zoë – 事件 🚨 "quoted" \\ back\nline ${i}` };
      });
      await storage.write(changes);
      const read = await storage.read(keys);
      assert.deepEqual(Object.keys(read).sort(), [...keys].sort());
      for (const [i, key] of keys.entries()) assert.deepEqual(withoutETag(read[key]), { i, key, text: `Zoë – 事件 🚨 "quoted" \\ back\nline ${i}` });
      await storage.delete(keys);
      assert.deepEqual(await storage.read(keys), {});
    });
  });
}

describe('FileStorage specifics', () => {
  function freshDir(): string {
    return path.join(tempRoot, `fs-${randomBytes(4).toString('hex')}`, 'nested', 'data');
  }

  test('creates its directory; a file per key, named readably, holding its key', async () => {
    const dir = freshDir();
    const storage = new FileStorage(dir);
    const key = 'incident-bridge/incident/INC-ABCDEFG';
    await storage.write({ [key]: { v: 1 } });
    const file = storage.pathFor(key);
    assert.equal(path.dirname(file), dir);
    assert.match(path.basename(file), /^incident-bridge_incident_INC-ABCDEFG\.[0-9a-f]{40}\.json$/);
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { key: string }).key, key);
    assert.notEqual(storage.pathFor('Case'), storage.pathFor('case'));
    const eager = freshDir();
    await createStorage({ kind: 'file', dataDir: eager });
    assert.equal(existsSync(eager), true, 'createStorage opens (creates) DATA_DIR up front');
  });

  test('data and eTags survive a new FileStorage on the same directory', async () => {
    const dir = freshDir();
    const first = new FileStorage(dir);
    const repo = new StorageIncidentRepository(first);
    await repo.createIfAbsent(incident());
    await first.write({ k: { v: 1 } });
    const before = await first.read(['k']);
    const second = new FileStorage(dir);
    assert.deepEqual(await second.read(['k']), before);
    assert.equal((await new StorageIncidentRepository(second).get('INC-ABCDEFG'))?.title, incident().title);
    await second.write({ k: { v: 2, eTag: before.k!.eTag as string } }); // the old eTag is still current
    await assert.rejects(second.write({ k: { v: 3, eTag: before.k!.eTag as string } }), ETagConflictError);
  });

  test('temp files left by a crash are never read; orphaned and stale ones are swept on open', async () => {
    const dir = freshDir();
    const storage = new FileStorage(dir);
    await storage.write({ k: { v: 'old' } });
    const name = path.basename(storage.pathFor('k'));
    const good = JSON.stringify({ v: 1, key: 'k', eTag: 'x', item: { v: 'new' } });
    const torn = good.slice(0, good.length / 2);
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const ownFresh = path.join(dir, `.${name}.${process.pid}.aaaaaaaaaaaa.tmp`);
    const ownStale = path.join(dir, `.${name}.${process.pid}.bbbbbbbbbbbb.tmp`);
    const orphan = path.join(dir, `.${path.basename(storage.pathFor('never'))}.${deadPid}.cccccccccccc.tmp`);
    writeFileSync(ownFresh, torn);
    writeFileSync(ownStale, good);
    writeFileSync(orphan, good);
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(ownStale, hourAgo, hourAgo);

    const read = await storage.read(['k', 'never']);
    assert.deepEqual(Object.keys(read), ['k']);
    assert.equal(read.k!.v, 'old');

    const reopened = new FileStorage(dir);
    assert.equal((await reopened.read(['k'])).k!.v, 'old');
    assert.equal(existsSync(ownFresh), true, 'a fresh temp file of a live process may be a write in progress');
    assert.equal(existsSync(ownStale), false, 'a temp file older than any write is swept');
    assert.equal(existsSync(orphan), false, 'a temp file of a dead process is swept');
  });

  test('a data file corrupted outside FileStorage is reported, not read as missing', async () => {
    const dir = freshDir();
    const storage = new FileStorage(dir);
    await storage.write({ k: { v: 1 } });
    writeFileSync(storage.pathFor('k'), '{"v":1,"key":"k","eT');
    await assert.rejects(storage.read(['k']), /not valid JSON/);
  });

  test('two instances on one directory share the per-key lock: one winner among 20 same-eTag writers', async () => {
    const dir = freshDir();
    const a = new FileStorage(dir);
    const b = new FileStorage(dir);
    await a.write({ k: { v: 0 } });
    const e0 = (await a.read(['k'])).k!.eTag as string;
    const r = await settleAll(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).write({ k: { v: i, eTag: e0 } })));
    assert.deepEqual(r, { ok: 1, conflicts: 19, other: [] });
  });

  test('a writer killed with SIGKILL mid-write leaves every file whole', async (t) => {
    const dir = freshDir();
    const keys = Array.from({ length: 8 }, (_, k) => `crash/incident:${k};x@y/ключ`);
    let killsMidWrite = 0;
    let runs = 0;
    // Kill at different moments until at least one kill has landed mid-write (temp files left) — bounded.
    while (runs < 3 || (killsMidWrite === 0 && runs < 8)) {
      runs++;
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'test/support/file-storage-writer.ts'), dir], {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        const deadline = Date.now() + 20_000;
        while (!out.includes('ready')) {
          if (child.exitCode !== null) assert.fail(`writer exited early: ${out}`);
          if (Date.now() > deadline) assert.fail(`writer never got ready: ${out}`);
          await new Promise((r) => setTimeout(r, 5));
        }
        await new Promise((r) => setTimeout(r, 40 + ((runs * 73) % 200)));
        if (child.exitCode !== null) assert.fail(`writer exited early: ${out}`);
      } finally {
        child.kill('SIGKILL');
        await exited;
      }
      assert.equal(child.signalCode, 'SIGKILL');

      const names = readdirSync(dir);
      if (names.some((n) => n.endsWith('.tmp'))) killsMidWrite++;
      const dataFiles = names.filter((n) => n.endsWith('.json'));
      assert.equal(dataFiles.length, keys.length);
      for (const name of dataFiles) {
        const record = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as { item: { filler: string; check: number } };
        assert.equal(record.item.filler.length, record.item.check, `${name} is whole`);
      }
      const read = await new FileStorage(dir).read(keys); // also sweeps the dead writer's temp files
      assert.equal(Object.keys(read).length, keys.length);
      assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
    }
    t.diagnostic(`${runs} kills, ${killsMidWrite} of them mid-write (temp files left, never read, swept on the next open)`);
    assert.ok(killsMidWrite > 0, 'no kill landed in the middle of a write');
  });
});

describe('BlobsStorage key escaping (facts the blob backend relies on)', () => {
  let az: Azurite;
  let storage: Storage;
  before(async () => {
    az = await startAzurite();
    storage = await createStorage({ kind: 'blob', dataDir: '', blobConnectionString: az.connectionString, blobContainer: `${container}-keys` });
  });
  after(async () => {
    await az?.stop();
  });

  test("empty '/' segments collapse: 'a//b' and 'a/b/' are the same blob as 'a/b'", async () => {
    const p = ns();
    await storage.write({ [`${p}/a//b`]: { v: 1 } });
    await storage.write({ [`${p}/a/b/`]: { v: 2 } });
    const read = await storage.read([`${p}/a/b`, `${p}/a//b`]);
    assert.equal(read[`${p}/a/b`]?.v, 2);
    assert.equal(read[`${p}/a//b`]?.v, 2);
  });

  test('an empty key is refused', async () => {
    await assert.rejects(storage.write({ '': { v: 1 } }), /non-empty key/);
  });
});
