/**
 * Coalesces call notifications per call: events of one call are applied in arrival order, and every event that
 * arrived while the previous batch of that call was being applied goes into the next batch together — one
 * read-modify-write per call per burst, however many notifications Graph sent. Different calls run in parallel.
 */
import { canonicalCallId } from './call-id';
import type { CallEvent } from './call-events';

interface Pending {
  readonly event: CallEvent;
  readonly done: () => void;
}

export class CallEventQueue {
  private readonly waiting = new Map<string, Pending[]>();
  private readonly running = new Set<string>();

  constructor(
    /** Applies one batch of one call's events (arrival order). Must not throw for a single bad event. */
    private readonly applyBatch: (callId: string, events: readonly CallEvent[]) => Promise<void>,
    private readonly onError: (e: unknown, context: Record<string, string>) => void,
  ) {}

  /** Resolves once the event was applied (or given up on); never rejects. */
  enqueue(event: CallEvent): Promise<void> {
    const key = canonicalCallId(event.callId);
    return new Promise<void>((done) => {
      const list = this.waiting.get(key);
      if (list) list.push({ event, done });
      else this.waiting.set(key, [{ event, done }]);
      if (!this.running.has(key)) void this.drain(key);
    });
  }

  /** Calls with events queued or being applied (for tests and shutdown diagnostics). */
  get busyCalls(): number {
    return new Set([...this.running, ...this.waiting.keys()]).size;
  }

  private async drain(key: string): Promise<void> {
    this.running.add(key);
    try {
      for (let batch = this.take(key); batch.length > 0; batch = this.take(key)) {
        const callId = batch[0]?.event.callId ?? key;
        try {
          await this.applyBatch(callId, batch.map((p) => p.event));
        } catch (e: unknown) {
          this.onError(e, { callId, events: batch.map((p) => p.event.kind).join(',') });
        }
        for (const p of batch) p.done();
      }
    } finally {
      // Same tick as the last take(): an enqueue after this starts a new drain.
      this.running.delete(key);
    }
  }

  private take(key: string): Pending[] {
    const list = this.waiting.get(key) ?? [];
    this.waiting.delete(key);
    return list;
  }
}
