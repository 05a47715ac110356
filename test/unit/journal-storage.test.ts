/** JournalStorage's own guarantees: restarts, torn tails, the data-dir lock, FileStorage import, SIGKILL. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { FileStorage } from '../../src/storage/file-storage';
import { DataDirLockedError, JournalCorruptError, JournalStorage } from '../../src/storage/journal-storage';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const root = mkdtempSync(path.join(os.tmpdir(), 'journal-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => path.join(root, `d${++n}`);

test('data and eTags survive a reopen; a stale eTag still conflicts', async () => {
  const dir = freshDir();
  const a = new JournalStorage(dir);
  await a.write({ k: { v: 1 } });
  const e1 = (await a.read(['k'])).k!.eTag as string;
  await a.close();
  const b = new JournalStorage(dir);
  assert.equal((await b.read(['k'])).k!.eTag, e1);
  await b.write({ k: { v: 2, eTag: e1 } });
  await assert.rejects(b.write({ k: { v: 3, eTag: e1 } }), { statusCode: 412 });
  await b.delete(['k']);
  await b.close();
  const c = new JournalStorage(dir);
  assert.deepEqual(await c.read(['k']), {});
  await c.close();
});

test('a torn last record is ignored (and cut off); a bad record in the middle refuses to open', async () => {
  const dir = freshDir();
  const a = new JournalStorage(dir);
  await a.write({ k: { v: 1 } });
  await a.close();
  const file = path.join(dir, 'journal.ndjson');
  appendFileSync(file, '{"k":"k","e":"x","i":{"v":2');
  const b = new JournalStorage(dir);
  assert.equal((await b.read(['k'])).k!.v, 1);
  await b.write({ j: { v: 'after' } });
  await b.close();
  assert.equal(readFileSync(file, 'utf8').split('\n').filter(Boolean).length, 2, 'the torn tail is gone');
  writeFileSync(file, `garbage\n${readFileSync(file, 'utf8')}`);
  await assert.rejects(new JournalStorage(dir).read([]), JournalCorruptError);
});

test('a second store on a directory in use is refused; a dead process lock is taken over', async () => {
  const dir = freshDir();
  const a = new JournalStorage(dir);
  await a.read([]);
  await assert.rejects(new JournalStorage(dir).read([]), DataDirLockedError);
  await a.close();
  writeFileSync(path.join(dir, 'LOCK'), '999999999');
  const b = new JournalStorage(dir);
  await b.read([]);
  await b.close();
});

test('a directory written by FileStorage is imported with its eTags', async () => {
  const dir = freshDir();
  const old = new FileStorage(dir);
  await old.write({ 'a/b': { v: 'old' } });
  const e = (await old.read(['a/b']))['a/b']!.eTag as string;
  const j = new JournalStorage(dir);
  assert.deepEqual((await j.read(['a/b']))['a/b'], { v: 'old', eTag: e });
  await j.close();
});

test('SIGKILL during concurrent writes loses no acknowledged write', async (t) => {
  const dir = freshDir();
  const script = `
    const { JournalStorage } = require(${JSON.stringify(path.join(PROJECT_ROOT, 'src/storage/journal-storage.ts'))});
    const s = new JournalStorage(${JSON.stringify(dir)});
    let i = 0;
    const loop = async () => { for (;;) { const k = 'k' + (i++); await s.write({ [k]: { v: k } }); process.stdout.write(k + '\\n'); } };
    for (let c = 0; c < 8; c++) loop();
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.split('\n').length > 300) {
        child.kill('SIGKILL');
        resolve();
      }
    });
  });
  await new Promise((r) => child.once('exit', r));
  const acked = out.split('\n').filter((l) => /^k\d+$/.test(l));
  const reopened = new JournalStorage(dir);
  const found = await reopened.read(acked);
  assert.equal(Object.keys(found).length, acked.length, 'every acknowledged write is there');
  await reopened.close();
});
