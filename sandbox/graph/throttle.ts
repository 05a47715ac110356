/**
 * An armed count of responses to throttle: `arm(3, 2)` makes the next three `take()`s return 2
 * (the Retry-After seconds), then `take()` returns undefined again.
 */
export class Throttle {
  private remaining = 0;
  private retryAfterSeconds = 0;

  arm(count: number, retryAfterSeconds: number): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
    if (!Number.isFinite(retryAfterSeconds) || retryAfterSeconds < 0) {
      throw new RangeError(`retryAfterSeconds must be a non-negative number, got ${retryAfterSeconds}`);
    }
    this.remaining = count;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  take(): number | undefined {
    if (this.remaining <= 0) return undefined;
    this.remaining -= 1;
    return this.retryAfterSeconds;
  }

  get pending(): number {
    return this.remaining;
  }

  reset(): void {
    this.remaining = 0;
    this.retryAfterSeconds = 0;
  }
}
