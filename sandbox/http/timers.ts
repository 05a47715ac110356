/**
 * Every timer the call simulation starts goes through one TimerSet, so reset() and close() can
 * stop all of them: scheduled callbacks are cleared, and pending sleep() promises resolve to false
 * (so the code awaiting them stops instead of hanging). Nothing is left to keep the process alive.
 */
export class TimerSet {
  /** handle → what to do when it is cancelled before firing. */
  private readonly handles = new Map<NodeJS.Timeout, () => void>();
  private readonly onError: (e: unknown) => void;
  private disposed = false;

  constructor(onError: (e: unknown) => void) {
    this.onError = onError;
  }

  /** Runs fn after ms; the handle is also added to `group` (if given) so it can be cancelled with it.
   *  After dispose() nothing is scheduled (undefined). */
  after(ms: number, fn: () => void, group?: Set<NodeJS.Timeout>): NodeJS.Timeout | undefined {
    if (this.disposed) return undefined;
    const handle = setTimeout(() => {
      this.handles.delete(handle);
      group?.delete(handle);
      try {
        fn();
      } catch (e: unknown) {
        this.onError(e);
      }
    }, Math.max(0, ms));
    this.handles.set(handle, () => undefined);
    group?.add(handle);
    return handle;
  }

  /** Resolves true after ms, or false as soon as the timer is cleared (clearAll). */
  sleep(ms: number): Promise<boolean> {
    if (this.disposed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const handle = setTimeout(() => {
        this.handles.delete(handle);
        resolve(true);
      }, Math.max(0, ms));
      this.handles.set(handle, () => resolve(false));
    });
  }

  cancel(handle: NodeJS.Timeout | undefined): void {
    if (handle === undefined) return;
    const onCancel = this.handles.get(handle);
    if (onCancel === undefined) return;
    clearTimeout(handle);
    this.handles.delete(handle);
    onCancel();
  }

  cancelGroup(group: Set<NodeJS.Timeout>): void {
    for (const h of [...group]) this.cancel(h);
    group.clear();
  }

  clearAll(): void {
    const all = [...this.handles.entries()];
    this.handles.clear();
    for (const [h, onCancel] of all) {
      clearTimeout(h);
      onCancel();
    }
  }

  /** clearAll(), and refuse new timers from now on (close). */
  dispose(): void {
    this.disposed = true;
    this.clearAll();
  }

  /** Timers currently pending (for tests: 0 after reset/close). */
  get size(): number {
    return this.handles.size;
  }
}
