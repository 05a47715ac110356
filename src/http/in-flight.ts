/**
 * Work the edge has accepted but not finished: turns being processed and call notifications answered 202 and
 * applied afterwards. Graceful shutdown waits for it (bounded) so nothing acknowledged is dropped.
 */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();
  private closing = false;

  get size(): number {
    return this.pending.size;
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /** Tracks `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const done = (): void => { this.pending.delete(work); };
    work.then(done, done);
    return work;
  }

  /** Stops new work being tracked as accepted and waits for what is pending (including work it starts), or the timeout. */
  async drain(timeoutMs: number): Promise<{ drained: boolean; remaining: number }> {
    this.closing = true;
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return { drained: false, remaining: this.pending.size };
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), left); });
      await Promise.race([Promise.allSettled([...this.pending]), timeout]);
      clearTimeout(timer);
    }
    return { drained: true, remaining: 0 };
  }
}
