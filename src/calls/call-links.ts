/**
 * Which incident a call belongs to, remembered in memory: a link never changes once written, so it is read from
 * storage once per call; with it the call's tenant (the meeting organizer's, which neither changes once the call
 * exists), so the calls route's tenant check before the 202 reads no incident; and a call id nobody here knows (another bot's, a stale leg) is remembered as unknown for a
 * short while, so a burst of its notifications costs one look-up (with its short wait for a link still being
 * written), not one per notification. Both maps are bounded.
 */
import { canonicalCallId } from './call-id';

export interface CallLinkCacheOptions {
  readonly maxEntries?: number;
  /** How long an unknown call id is remembered as unknown. */
  readonly unknownTtlMs?: number;
  readonly now?: () => number;
}

export class CallLinkCache {
  private readonly known = new Map<string, string>();
  private readonly tenants = new Map<string, string>();
  private readonly unknown = new Map<string, number>();
  private readonly maxEntries: number;
  private readonly unknownTtlMs: number;
  private readonly now: () => number;

  constructor(opts: CallLinkCacheOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.unknownTtlMs = opts.unknownTtlMs ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** The incident id, 'unknown' when recently looked up in vain, or undefined when it must be looked up. */
  get(callId: string): string | 'unknown' | undefined {
    const key = canonicalCallId(callId);
    const id = this.known.get(key);
    if (id !== undefined) return id;
    const until = this.unknown.get(key);
    if (until === undefined) return undefined;
    if (until > this.now()) return 'unknown';
    this.unknown.delete(key);
    return undefined;
  }

  remember(callId: string, incidentId: string, tenantId?: string): void {
    const key = canonicalCallId(callId);
    this.unknown.delete(key);
    if (this.known.get(key) !== incidentId) this.tenants.delete(key);
    bounded(this.known, this.maxEntries).set(key, incidentId);
    if (tenantId !== undefined) bounded(this.tenants, this.maxEntries).set(key, tenantId);
  }

  /** The tenant remembered with the call's link, or undefined (not remembered: read the incident). */
  tenantOf(callId: string): string | undefined {
    return this.tenants.get(canonicalCallId(callId));
  }

  rememberUnknown(callId: string): void {
    bounded(this.unknown, this.maxEntries).set(canonicalCallId(callId), this.now() + this.unknownTtlMs);
  }

  forget(callId: string): void {
    const key = canonicalCallId(callId);
    this.known.delete(key);
    this.tenants.delete(key);
    this.unknown.delete(key);
  }
}

/** Drops the oldest entry when the map is full (Maps iterate in insertion order). */
function bounded<V>(map: Map<string, V>, max: number): Map<string, V> {
  while (map.size >= max) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
  return map;
}
