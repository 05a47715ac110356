/**
 * A small TTL cache for member look-ups, keyed per tenant and channel user id: a person looked up in any chat of
 * the tenant is known in every other (a Teams user id names one person for the bot, whatever the chat). Bounded.
 */
import type { UserLookupResult } from '../incidents/ports';

export class MemberCache {
  private readonly entries = new Map<string, { value: Promise<UserLookupResult>; expires: number }>();

  constructor(private readonly ttlMs = 5 * 60_000, private readonly maxEntries = 5000, private readonly now: () => number = Date.now) {}

  /** Returns the cached look-up or runs `load` once; concurrent callers share one in-flight look-up. */
  get(tenantKey: string, userId: string, load: () => Promise<UserLookupResult>): Promise<UserLookupResult> {
    const key = `${tenantKey}\n${userId}`;
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > t) return hit.value;
    const value = load();
    this.entries.set(key, { value, expires: t + this.ttlMs });
    // Failed or not-found look-ups are not kept: the next command asks again.
    const forget = (): void => { if (this.entries.get(key)?.value === value) this.entries.delete(key); };
    value.then((r) => { if (!r.found) forget(); }, forget);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }
}
