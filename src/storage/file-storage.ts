/**
 * FileStorage: botbuilder's Storage on the local file system, the embedded default for a single instance.
 *
 * Layout: one JSON file per key in one directory (created on first use). The file name is a readable slug of
 * the key plus a hash of the exact key (keys hold '/', ':', ';', '@', unicode, and may be long); the file
 * itself records the key, so a read checks it got the right one.
 *
 *   { "v": 1, "key": "<key>", "eTag": "<eTag>", "item": { …the StoreItem without its eTag… } }
 *
 * Semantics follow botbuilder-core's MemoryStorage:
 * - every write stores a fresh eTag (random, so it never repeats across restarts or processes);
 * - a write whose eTag is set and is not '*' fails with an ETagConflictError (statusCode 412, message
 *   "…due to eTag conflict.") when the stored item's eTag differs; no eTag, '' or '*' overwrite;
 *   the eTag CREATE_ONLY_ETAG (./create-only) creates a missing key and conflicts with an existing one, exclusively
 *   across processes (link()); a conditional write to a key with no stored item creates it (as MemoryStorage does — BlobsStorage
 *   instead answers 412 there);
 * - a write of several keys is not atomic across keys: each key is written on its own.
 *
 * Durability: a write goes to a temp file in the same directory, is fsynced, renamed over the old file and
 * the directory is fsynced (where the platform allows), so a crash leaves the old or the new version, never a
 * torn file. Temp files left by a crash are never read, and are swept when a FileStorage next opens the dir.
 *
 * Concurrency: the eTag check and the write are serialised per file inside this process (shared by every
 * FileStorage instance of the process), so concurrent conditional writers never lose an update.
 * Across processes the check is NOT serialised: run ONE process per data directory; to scale out use
 * STORAGE=blob. A second process on the same directory cannot tear a file (rename is atomic), but its
 * conditional writes may overwrite each other's.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { CREATE_ONLY_ETAG } from './create-only';
import { errnoCode, isProcessAlive, syncDir } from './fs-util';

const FORMAT_VERSION = 1;
const DATA_SUFFIX = '.json';
const TEMP_SUFFIX = '.tmp';
/** A temp file this old belongs to no write in progress (a write takes milliseconds). */
const STALE_TEMP_MS = 10 * 60 * 1000;
/** `.<data file name>.<pid>.<random>.tmp` */
const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]+\.tmp$/;

/** Thrown when a conditional write meets a different stored eTag. Recognised by isETagConflict. */
export class ETagConflictError extends Error {
  readonly statusCode = 412;
  readonly key: string;
  constructor(key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
    this.key = key;
  }
}

interface FileRecord {
  v: number;
  key: string;
  eTag: string;
  item: Record<string, unknown>;
}

/** Per-file lock chains for the whole process (keyed by absolute path), so two instances on one dir share them. */
const fileLocks = new Map<string, Promise<void>>();

async function withFileLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const previous = fileLocks.get(file) ?? Promise.resolve();
  const run = previous.then(fn);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  fileLocks.set(file, tail);
  try {
    return await run;
  } finally {
    if (fileLocks.get(file) === tail) fileLocks.delete(file);
  }
}

export class FileStorage implements Storage {
  readonly dir: string;
  private ready?: Promise<void>;

  constructor(dir: string) {
    if (!dir) throw new TypeError('FileStorage needs a data directory.');
    this.dir = path.resolve(dir);
  }

  /** The file that holds `key` (whether or not it exists yet). */
  pathFor(key: string): string {
    let slug = key.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 80);
    if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(slug)) slug = `k_${slug}`; // device names, even with an extension, on Windows
    const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 40);
    return path.join(this.dir, `${slug ? `${slug}.` : ''}${hash}${DATA_SUFFIX}`);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when reading.');
    await this.open();
    const found = await Promise.all(keys.map(async (key) => [key, await this.readRecord(key)] as const));
    const items: StoreItems = {};
    for (const [key, record] of found) {
      if (record) items[key] = { ...record.item, eTag: record.eTag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes || typeof changes !== 'object') throw new ReferenceError('Changes are required when writing.');
    await this.open();
    const results = await Promise.allSettled(Object.entries(changes).map(([key, item]) => this.writeOne(key, item as StoreItem)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when deleting.');
    await this.open();
    await Promise.all(
      keys.map((key) => {
        const file = this.pathFor(key);
        return withFileLock(file, async () => {
          try {
            await fsp.unlink(file);
          } catch (e: unknown) {
            if (errnoCode(e) === 'ENOENT') return; // deleting a missing key is not an error
            throw e;
          }
          await this.syncDir();
        });
      }),
    );
  }

  /** Creates the directory and sweeps temp files left by crashed writers; retried on the next call if it fails. */
  private open(): Promise<void> {
    if (!this.ready) {
      const ready = (async () => {
        await fsp.mkdir(this.dir, { recursive: true });
        await this.sweepTempFiles();
      })();
      this.ready = ready;
      ready.catch(() => {
        if (this.ready === ready) this.ready = undefined; // the caller gets the error; the next call tries again
      });
    }
    return this.ready;
  }

  private async sweepTempFiles(): Promise<void> {
    const now = Date.now();
    for (const name of await fsp.readdir(this.dir)) {
      const m = TEMP_NAME.exec(name);
      if (!m) continue;
      const pid = Number(m[1]);
      const file = path.join(this.dir, name);
      try {
        const { mtimeMs } = await fsp.stat(file);
        const orphaned = pid !== process.pid && !isProcessAlive(pid);
        if (orphaned || now - mtimeMs > STALE_TEMP_MS) await fsp.unlink(file);
      } catch (e: unknown) {
        if (errnoCode(e) !== 'ENOENT') throw e; // its writer renamed or removed it meanwhile
      }
    }
  }

  private async readRecord(key: string): Promise<FileRecord | undefined> {
    const file = this.pathFor(key);
    let text: string;
    try {
      text = await fsp.readFile(file, 'utf8');
    } catch (e: unknown) {
      if (errnoCode(e) === 'ENOENT') return undefined;
      throw e;
    }
    let record: FileRecord;
    try {
      record = JSON.parse(text) as FileRecord;
    } catch (e: unknown) {
      throw new Error(`FileStorage: ${file} (key "${key}") is not valid JSON; the file was changed outside FileStorage.`, { cause: e });
    }
    if (!record || record.v !== FORMAT_VERSION || typeof record.eTag !== 'string' || typeof record.item !== 'object' || record.item === null) {
      throw new Error(`FileStorage: ${file} (key "${key}") is not a FileStorage record.`);
    }
    if (record.key !== key) throw new Error(`FileStorage: ${file} holds key "${record.key}", expected "${key}".`);
    return record;
  }

  private writeOne(key: string, change: StoreItem): Promise<void> {
    if (!change || typeof change !== 'object') return Promise.reject(new TypeError(`FileStorage: the item for "${key}" must be an object.`));
    const { eTag: expected, ...rest } = change;
    // JSON round trip: the stored item is exactly what a later read returns (as with MemoryStorage's clone).
    const item = JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
    const file = this.pathFor(key);
    return withFileLock(file, async () => {
      const record: FileRecord = { v: FORMAT_VERSION, key, eTag: randomUUID(), item };
      if (expected === CREATE_ONLY_ETAG) return this.createFile(key, file, JSON.stringify(record));
      if (typeof expected === 'string' && expected !== '' && expected !== '*') {
        const current = await this.readRecord(key);
        if (current && current.eTag !== expected) throw new ETagConflictError(key);
      }
      await this.replaceFile(file, JSON.stringify(record));
    });
  }

  /**
   * Create-only: the fsynced temp file is hard-linked to the data file name; link() fails with EEXIST when the
   * key exists — atomic and exclusive across processes too (unlike the read-then-rename of a conditional write).
   */
  private async createFile(key: string, file: string, content: string): Promise<void> {
    const temp = await this.writeTemp(file, content);
    try {
      await fsp.link(temp, file);
    } catch (e: unknown) {
      if (errnoCode(e) === 'EEXIST') throw new ETagConflictError(key);
      throw e;
    } finally {
      await fsp.rm(temp, { force: true });
    }
    await this.syncDir();
  }

  /** Writes `content` to a new fsynced temp file next to `file`; removes it again if that fails. */
  private async writeTemp(file: string, content: string): Promise<string> {
    const temp = path.join(this.dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
    try {
      const handle = await fsp.open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(content, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (e: unknown) {
      await fsp.rm(temp, { force: true });
      throw e;
    }
    return temp;
  }

  /** Atomic replace: temp file in the same dir, fsync, rename over, fsync the dir. */
  private async replaceFile(file: string, content: string): Promise<void> {
    const temp = await this.writeTemp(file, content);
    try {
      await fsp.rename(temp, file);
    } catch (e: unknown) {
      try {
        await fsp.rm(temp, { force: true });
      } catch (cleanup: unknown) {
        throw new AggregateError([e, cleanup], `FileStorage: writing ${file} failed and its temp file ${temp} could not be removed.`);
      }
      throw e;
    }
    await this.syncDir();
  }

  private syncDir(): Promise<void> {
    return syncDir(this.dir);
  }
}
