/** A Storage wrapper that counts writes, reads and eTag conflicts (to see skipped writes and retried first writes). */
import type { Storage, StoreItems } from 'botbuilder';
import { isETagConflict } from '../../src/storage/storage-incident-repository';

export class ConflictCounter implements Storage {
  conflicts = 0;
  writes = 0;
  reads = 0;
  constructor(private readonly inner: Storage) {}

  read(keys: string[]): Promise<StoreItems> {
    this.reads += keys.length;
    return this.inner.read(keys);
  }

  async write(changes: StoreItems): Promise<void> {
    this.writes += Object.keys(changes).length;
    try {
      await this.inner.write(changes);
    } catch (e: unknown) {
      if (isETagConflict(e)) this.conflicts++;
      throw e;
    }
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}
