/** A small TTL cache for member look-ups, keyed per conversation (members and names change rarely). */
import type { UserLookupResult } from '../incidents/ports';

export class MemberCache {
  private readonly entries = new Map<string, { value: Promise<UserLookupResult>; expires: number }>();

  constructor(private readonly ttlMs = 5 * 60_000, private readonly maxEntries = 5000, private readonly now: () => number = Date.now) {}

  /** Returns the cached look-up or runs `load` once; concurrent callers share one in-flight look-up. */
  get(conversationKey: string, userId: string, load: () => Promise<UserLookupResult>): Promise<UserLookupResult> {
    const key = `${conversationKey}\n${userId}`;
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > t) return hit.value;
    const value = load();
    this.entries.set(key, { value, expires: t + this.ttlMs });
    // Failed or not-found look-ups are not kept: the next command asks again.
    value.then((r) => { if (!r.found) this.entries.delete(key); }, () => this.entries.delete(key));
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }
}
