/**
 * JournalStorage: the embedded default store (STORAGE=file). One append-only journal per data directory, every
 * item cached in memory, group commit.
 *
 * - A write checks eTags against the cache synchronously (so conditional and create-only writes are atomic in
 *   the process), queues its records and resolves once they are appended AND fsynced: writes arriving while a
 *   commit is under way share the next append + fsync (group commit). A read waits for queued writes to be
 *   durable, so nothing is ever seen that a crash could take back.
 * - Records are one JSON line each: {"k":key,"e":eTag,"i":item} or {"k":key,"d":1}. On open the journal is
 *   replayed; a torn last record (no newline or bad JSON, from a crash mid-append) is cut off; a bad record
 *   anywhere else is corruption and refuses to open.
 * - Compaction: when the journal is more than 4× the live data (and over 1 MiB) a snapshot is written to a
 *   temp file, fsynced and renamed over the journal (then the directory is fsynced), between two commits.
 * - One process per data directory: a LOCK file (exclusive create, holding the pid) is taken on open; a stale
 *   lock of a dead process is taken over. A second live process gets a DataDirLockedError.
 * - A directory written by the older FileStorage (one .json file per key) is imported on first open.
 * eTag semantics are MemoryStorage's plus create-only (see ./create-only); the contract suite checks them.
 */
import { randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { CREATE_ONLY_ETAG } from './create-only';
import { ETagConflictError } from './file-storage';
import { DataDirLockedError, JournalCorruptError } from './storage-errors';

export { DataDirLockedError, JournalCorruptError };

const JOURNAL = 'journal.ndjson';
const LOCK = 'LOCK';
const COMPACT_MIN_BYTES = 1024 * 1024;
const COMPACT_RATIO = 4;

interface Entry {
  eTag: string;
  json: string;
}

type Rec = { k: string; e: string; i: Record<string, unknown> } | { k: string; d: 1 };

function errnoCode(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: unknown) {
    return errnoCode(e) === 'EPERM';
  }
}

export class JournalStorage implements Storage {
  readonly dir: string;
  private readonly file: string;
  private readonly items = new Map<string, Entry>();
  private ready?: Promise<void>;
  private fd?: FileHandle;
  private journalBytes = 0;
  private queued: string[] = [];
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private committing?: Promise<void>;

  constructor(dir: string) {
    if (!dir) throw new TypeError('JournalStorage needs a data directory.');
    this.dir = path.resolve(dir);
    this.file = path.join(this.dir, JOURNAL);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when reading.');
    await this.open();
    if (this.queued.length > 0 || this.committing) await this.durable();
    const out: StoreItems = {};
    for (const key of keys) {
      const entry = this.items.get(key);
      if (entry) out[key] = { ...(JSON.parse(entry.json) as Record<string, unknown>), eTag: entry.eTag };
    }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes || typeof changes !== 'object') throw new ReferenceError('Changes are required when writing.');
    await this.open();
    let conflict: ETagConflictError | undefined;
    for (const [key, change] of Object.entries(changes)) {
      if (!change || typeof change !== 'object') throw new TypeError(`JournalStorage: the item for "${key}" must be an object.`);
      const { eTag: expected, ...rest } = change as StoreItem;
      const current = this.items.get(key);
      const createOnly = expected === CREATE_ONLY_ETAG;
      const conditional = typeof expected === 'string' && expected !== '' && expected !== '*';
      if ((createOnly && current) || (!createOnly && conditional && current && current.eTag !== expected)) {
        conflict ??= new ETagConflictError(key); // like the other stores: the other keys are still written
        continue;
      }
      const json = JSON.stringify(rest);
      const eTag = randomUUID();
      this.items.set(key, { eTag, json });
      this.queued.push(`{"k":${JSON.stringify(key)},"e":"${eTag}","i":${json}}\n`);
    }
    await this.durable();
    if (conflict) throw conflict;
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when deleting.');
    await this.open();
    for (const key of keys) {
      if (!this.items.delete(key)) continue;
      this.queued.push(`{"k":${JSON.stringify(key)},"d":1}\n`);
    }
    await this.durable();
  }

  /** Closes the journal and releases the lock (tests, shutdown). */
  async close(): Promise<void> {
    if (!this.ready) return;
    await this.ready;
    await this.durable();
    await this.fd?.close();
    this.fd = undefined;
    await fsp.rm(path.join(this.dir, LOCK), { force: true });
    this.ready = undefined;
  }

  /** Resolves once everything queued so far is appended and fsynced (one group commit for all waiting writers). */
  private durable(): Promise<void> {
    if (this.queued.length === 0 && !this.committing) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.committing) this.committing = this.commitLoop();
    return done;
  }

  private async commitLoop(): Promise<void> {
    while (this.waiters.length > 0) {
      const batch = this.queued;
      const waiters = this.waiters;
      this.queued = [];
      this.waiters = [];
      try {
        if (batch.length > 0) {
          const text = batch.join('');
          await this.fd!.appendFile(text, 'utf8');
          await this.fd!.datasync();
          this.journalBytes += Buffer.byteLength(text, 'utf8');
          await this.maybeCompact();
        }
        for (const w of waiters) w.resolve();
      } catch (e: unknown) {
        for (const w of waiters) w.reject(e);
      }
    }
    this.committing = undefined;
  }

  private async maybeCompact(): Promise<void> {
    if (this.journalBytes < COMPACT_MIN_BYTES) return;
    let live = 0;
    for (const [k, v] of this.items) live += k.length + v.json.length + 60;
    if (this.journalBytes < live * COMPACT_RATIO) return;
    const lines: string[] = [];
    for (const [k, v] of this.items) lines.push(`{"k":${JSON.stringify(k)},"e":"${v.eTag}","i":${v.json}}\n`);
    const text = lines.join('');
    const temp = `${this.file}.${process.pid}.compact`;
    const handle = await fsp.open(temp, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, this.file);
    await this.syncDir();
    await this.fd!.close();
    this.fd = await fsp.open(this.file, 'a', 0o600);
    this.journalBytes = Buffer.byteLength(text, 'utf8');
  }

  private open(): Promise<void> {
    if (!this.ready) {
      const ready = this.load();
      this.ready = ready;
      ready.catch(() => {
        if (this.ready === ready) this.ready = undefined;
      });
    }
    return this.ready;
  }

  private async load(): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true });
    await this.lock();
    try {
      const text = await this.readJournal();
      const good = this.replay(text);
      if (good < Buffer.byteLength(text, 'utf8')) await fsp.truncate(this.file, good); // a torn tail from a crash
      this.journalBytes = good;
      this.fd = await fsp.open(this.file, 'a', 0o600);
    } catch (e: unknown) {
      this.items.clear();
      await fsp.rm(path.join(this.dir, LOCK), { force: true }); // not opened: do not keep the directory locked
      throw e;
    }
  }

  private async readJournal(): Promise<string> {
    for (let pass = 0; ; pass++) {
      try {
        return await fsp.readFile(this.file, 'utf8');
      } catch (e: unknown) {
        if (errnoCode(e) !== 'ENOENT' || pass > 0) {
          if (errnoCode(e) === 'ENOENT') return '';
          throw e;
        }
      }
      await this.importFileStorage();
    }
  }

  /** Applies the journal to the cache; returns the byte length of its whole records. */
  private replay(text: string): number {
    let offset = 0;
    let bytes = 0;
    let lineNo = 0;
    while (offset < text.length) {
      const nl = text.indexOf('\n', offset);
      lineNo++;
      const line = nl < 0 ? text.slice(offset) : text.slice(offset, nl);
      let rec: Rec | undefined;
      try {
        rec = JSON.parse(line) as Rec;
      } catch (e: unknown) {
        if (nl < 0 || text.indexOf('\n', nl + 1) < 0) return bytes; // torn last record: ignored, cut off
        throw new JournalCorruptError(this.file, lineNo);
      }
      if (nl < 0) return bytes; // parsed, but never fully written (no newline): not acknowledged
      if ('d' in rec) this.items.delete(rec.k);
      else this.items.set(rec.k, { eTag: rec.e, json: JSON.stringify(rec.i) });
      bytes += Buffer.byteLength(line, 'utf8') + 1;
      offset = nl + 1;
    }
    return bytes;
  }

  /** Imports a directory of the older FileStorage ({v,key,eTag,item} per .json file) into a fresh journal. */
  private async importFileStorage(): Promise<void> {
    const lines: string[] = [];
    for (const name of await fsp.readdir(this.dir)) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const rec = JSON.parse(await fsp.readFile(path.join(this.dir, name), 'utf8')) as { v?: number; key?: string; eTag?: string; item?: Record<string, unknown> };
      if (rec.v !== 1 || typeof rec.key !== 'string' || typeof rec.eTag !== 'string' || !rec.item) continue;
      lines.push(`${JSON.stringify({ k: rec.key, e: rec.eTag, i: rec.item })}\n`);
    }
    if (lines.length === 0) return;
    const temp = `${this.file}.${process.pid}.import`;
    await fsp.writeFile(temp, lines.join(''), { mode: 0o600, flush: true });
    await fsp.rename(temp, this.file);
    await this.syncDir();
  }

  private async lock(): Promise<void> {
    const lockFile = path.join(this.dir, LOCK);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await fsp.writeFile(lockFile, String(process.pid), { flag: 'wx', mode: 0o600 });
        return;
      } catch (e: unknown) {
        if (errnoCode(e) !== 'EEXIST') throw e;
      }
      const pid = Number((await fsp.readFile(lockFile, 'utf8')).trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw new DataDirLockedError(this.dir, pid);
      await fsp.rm(lockFile, { force: true }); // a dead process's lock
    }
    throw new DataDirLockedError(this.dir, -1);
  }

  private async syncDir(): Promise<void> {
    let handle: FileHandle | undefined;
    try {
      handle = await fsp.open(this.dir, 'r');
      await handle.sync();
    } catch (e: unknown) {
      const code = errnoCode(e);
      if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EACCES' && code !== 'ENOTSUP') throw e;
    } finally {
      await handle?.close();
    }
  }
}
