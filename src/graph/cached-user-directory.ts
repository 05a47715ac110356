/**
 * A UserDirectory that remembers the people it found for a few minutes (keyed by the address as asked, case-
 * insensitive), like the member cache does for mentions: a start naming someone already resolved puts them into
 * createOrGet at once, so the meeting needs no follow-up PATCH and the card no update (#12). Only found people are
 * kept (not-found, refused and failed look-ups ask again next time); bounded, oldest dropped first.
 */
import type { UserDirectory, UserLookupResult } from '../incidents/ports';

type Found = Extract<UserLookupResult, { found: true }>;

export function cachedUserDirectory(inner: UserDirectory, opts: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}): UserDirectory {
  const ttlMs = opts.ttlMs ?? 5 * 60_000;
  const maxEntries = opts.maxEntries ?? 5000;
  const now = opts.now ?? Date.now;
  const found = new Map<string, { result: Found; expires: number }>();
  return {
    async lookupByUpn(upns) {
      const out = new Map<string, UserLookupResult>();
      const ask: string[] = [];
      const t = now();
      for (const upn of new Set(upns)) {
        const hit = found.get(upn.toLowerCase());
        if (hit && hit.expires > t) out.set(upn, hit.result);
        else ask.push(upn);
      }
      if (ask.length === 0) return out;
      const fresh = await inner.lookupByUpn(ask);
      for (const [upn, r] of fresh) {
        out.set(upn, r);
        if (!r.found) continue;
        const key = upn.toLowerCase();
        found.delete(key);
        found.set(key, { result: r, expires: now() + ttlMs });
        if (found.size > maxEntries) {
          const oldest = found.keys().next().value;
          if (oldest !== undefined) found.delete(oldest);
        }
      }
      return out;
    },
  };
}
