/**
 * JournalStorage: the embedded default store (STORAGE=file). One append-only journal per data directory, every
 * item cached in memory, group commit.
 *
 * - A write checks eTags against the cache synchronously (so conditional and create-only writes are atomic in
 *   the process), queues its records and resolves once they are appended AND durable: all records queued in a
 *   tick or during a commit share one write on an O_DSYNC descriptor (group commit; write + fdatasync in one
 *   syscall). A read of a key with a record not yet durable waits for it, so nothing is ever seen that a crash
 *   could take back; other reads are served from the cache at once. A failed append is rolled back (cache and
 *   file), so no write whose promise rejects stays visible.
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
import { constants, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { CREATE_ONLY_ETAG } from './create-only';
import { errnoCode, syncDir } from './fs-util';
import { importFileStorage, lockDataDir, unlockDataDir } from './journal-files';
import { ETagConflictError } from './file-storage';
import { DataDirLockedError, JournalCorruptError } from './storage-errors';

export { DataDirLockedError, JournalCorruptError };

const JOURNAL = 'journal.ndjson';
const COMPACT_MIN_BYTES = 1024 * 1024;
const COMPACT_RATIO = 4;

interface Entry {
  eTag: string;
  json: string;
}

/** A queued record: its journal line, and what the cache held before it (to roll back if it never gets durable). */
interface Queued {
  key: string;
  line: string;
  prev: Entry | undefined;
  next: Entry | undefined;
}

// O_DSYNC makes each write durable on return (write + fdatasync in one syscall, one threadpool hand-off per batch).
const DSYNC = typeof constants.O_DSYNC === 'number' ? constants.O_DSYNC : 0;
const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | DSYNC;
const recordBytes = (key: string, json: string): number => key.length + json.length + 60;

type Rec = { k: string; e: string; i: Record<string, unknown> } | { k: string; d: 1 };

export class JournalStorage implements Storage {
  readonly dir: string;
  private readonly file: string;
  private readonly items = new Map<string, Entry>();
  private ready?: Promise<void>;
  private fd?: FileHandle;
  private loaded = false;
  private journalBytes = 0;
  private liveBytes = 0;
  private queued: Queued[] = [];
  /** Keys with a record not yet durable (queued or being committed): reads of them wait; others are served at once. */
  private readonly pending = new Map<string, number>();
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private committing?: Promise<void>;

  constructor(dir: string) {
    if (!dir) throw new TypeError('JournalStorage needs a data directory.');
    this.dir = path.resolve(dir);
    this.file = path.join(this.dir, JOURNAL);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when reading.');
    if (!this.loaded) await this.open();
    if (this.pending.size > 0 && keys.some((k) => this.pending.has(k))) await this.durable();
    const out: StoreItems = {};
    for (const key of keys) {
      const entry = this.items.get(key);
      if (entry) out[key] = { ...(JSON.parse(entry.json) as Record<string, unknown>), eTag: entry.eTag };
    }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes || typeof changes !== 'object') throw new ReferenceError('Changes are required when writing.');
    if (!this.loaded) await this.open();
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
      const next: Entry = { eTag: randomUUID(), json };
      this.enqueue(key, `{"k":${JSON.stringify(key)},"e":"${next.eTag}","i":${json}}\n`, current, next);
    }
    await this.durable();
    if (conflict) throw conflict;
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when deleting.');
    if (!this.loaded) await this.open();
    for (const key of keys) {
      const current = this.items.get(key);
      if (current) this.enqueue(key, `{"k":${JSON.stringify(key)},"d":1}\n`, current, undefined);
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
    this.loaded = false;
    await unlockDataDir(this.dir);
    this.ready = undefined;
  }

  /** Applies a change to the cache and queues its record for the next group commit. */
  private enqueue(key: string, line: string, prev: Entry | undefined, next: Entry | undefined): void {
    this.setEntry(key, prev, next);
    this.queued.push({ key, line, prev, next });
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
  }

  private setEntry(key: string, prev: Entry | undefined, next: Entry | undefined): void {
    if (prev) this.liveBytes -= recordBytes(key, prev.json);
    if (next) {
      this.liveBytes += recordBytes(key, next.json);
      this.items.set(key, next);
    } else this.items.delete(key);
  }

  /** Resolves once everything queued so far is appended and fsynced (one group commit for all waiting writers). */
  private durable(): Promise<void> {
    if (this.queued.length === 0 && !this.committing) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.committing) this.committing = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.commitLoop());
    return done;
  }

  /** One write (O_DSYNC: no separate fsync) per batch of all records queued meanwhile; compaction runs only after
   *  the batch's writers are answered (the next batch waits for the snapshot). */
  private async commitLoop(): Promise<void> {
    while (this.waiters.length > 0) {
      const batch = this.queued;
      const waiters = this.waiters;
      this.queued = [];
      this.waiters = [];
      let failure: unknown;
      if (batch.length > 0) {
        try {
          await this.append(batch);
        } catch (e: unknown) {
          failure = e;
          await this.rollBack(batch);
        }
        for (const q of batch) {
          const left = (this.pending.get(q.key) ?? 1) - 1;
          if (left > 0) this.pending.set(q.key, left);
          else this.pending.delete(q.key);
        }
      }
      for (const w of waiters) {
        if (failure === undefined) w.resolve();
        else w.reject(failure);
      }
      if (failure === undefined && batch.length > 0) {
        await this.maybeCompact().catch((e: unknown) => {
          process.emitWarning(`JournalStorage: compaction failed (the journal is intact): ${String(e)}`);
        });
      }
    }
    this.committing = undefined;
  }

  private async append(batch: Queued[]): Promise<void> {
    const fd = this.fd;
    if (!fd) throw new Error('JournalStorage: the journal is closed.');
    const buf = Buffer.from(batch.map((q) => q.line).join(''), 'utf8');
    for (let off = 0; off < buf.length; ) off += (await fd.write(buf, off, buf.length - off)).bytesWritten;
    if (DSYNC === 0) await fd.datasync();
    this.journalBytes += buf.length;
  }

  /** A batch that did not get durable: its cache changes are undone (newest first) and a partial append cut off. */
  private async rollBack(batch: Queued[]): Promise<void> {
    for (const q of [...batch].reverse()) if (this.items.get(q.key) === q.next) this.setEntry(q.key, q.next, q.prev);
    await this.fd?.truncate(this.journalBytes).catch((e: unknown) => {
      process.emitWarning(`JournalStorage: could not cut off a failed append: ${String(e)}`);
    });
  }

  private async maybeCompact(): Promise<void> {
    if (this.journalBytes < COMPACT_MIN_BYTES || this.journalBytes < this.liveBytes * COMPACT_RATIO) return;
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
    await syncDir(this.dir);
    await this.fd?.close();
    this.fd = await fsp.open(this.file, APPEND_FLAGS, 0o600);
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
    await lockDataDir(this.dir);
    try {
      const text = await this.readJournal();
      const good = this.replay(text);
      if (good < Buffer.byteLength(text, 'utf8')) await fsp.truncate(this.file, good); // a torn tail from a crash
      this.journalBytes = good;
      this.liveBytes = 0;
      for (const [k, v] of this.items) this.liveBytes += recordBytes(k, v.json);
      this.fd = await fsp.open(this.file, APPEND_FLAGS, 0o600);
      this.loaded = true;
    } catch (e: unknown) {
      this.items.clear();
      await unlockDataDir(this.dir); // not opened: do not keep the directory locked
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
      await importFileStorage(this.dir, this.file);
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
      } catch (_e: unknown) {
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
}
