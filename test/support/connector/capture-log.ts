/**
 * An append-only list of captured records that can be awaited: waitFor() resolves with the first
 * record (already captured or still to come) that satisfies a predicate, or rejects on timeout.
 */

/** A predicate that throws (say, reading a property of an absent body) simply does not match. */
function safeMatch<T>(predicate: (record: T) => boolean, record: T): boolean {
  try {
    return predicate(record);
  } catch (_e: unknown) {
    // Not a match: the predicate cannot be evaluated on this record (e is deliberately dropped).
    return false;
  }
}

interface Waiter<T> {
  readonly predicate: (record: T) => boolean;
  readonly resolve: (record: T) => void;
}

export class CaptureLog<T> {
  private readonly records: T[] = [];
  private readonly waiters = new Set<Waiter<T>>();

  constructor(private readonly describe: (record: T) => string) {}

  get all(): readonly T[] {
    return this.records;
  }

  push(record: T): void {
    this.records.push(record);
    for (const w of [...this.waiters]) {
      if (safeMatch(w.predicate, record)) {
        this.waiters.delete(w);
        w.resolve(record);
      }
    }
  }

  waitFor(predicate: (record: T) => boolean, timeoutMs: number): Promise<T> {
    const found = this.records.find((r) => safeMatch(predicate, r));
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.records.map(this.describe);
        reject(
          new Error(
            `waitFor: nothing matched within ${timeoutMs} ms; captured ${seen.length}: ${seen.length === 0 ? '(none)' : seen.join(' | ')}`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter<T> = {
        predicate,
        resolve: (record) => {
          clearTimeout(timer);
          resolve(record);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Forgets the records; pending waiters keep waiting for new ones. */
  clear(): void {
    this.records.length = 0;
  }
}
