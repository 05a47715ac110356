/**
 * Per-subscription token bucket for *opening* incidents (a burst of distinct alerts must not open fifty bridges).
 * Pure: state in, state out, the time passed in. "Told the channel once": the first refusal of a burst asks the
 * caller to post one notice (`tell: true`) and sets `toldAt`; further refusals stay quiet; the next admitted alert
 * clears it, so the next burst is told again.
 */
export interface RateLimitPolicy {
  /** Bucket size: how many incidents may open back to back. */
  readonly burst: number;
  /** Refill: one token per this many milliseconds. */
  readonly refillEveryMs: number;
}

/** 3 bridges at once, then one every 10 minutes. */
export const DEFAULT_RATE_LIMIT: RateLimitPolicy = { burst: 3, refillEveryMs: 10 * 60_000 };

export interface RateLimitState {
  readonly tokens: number;
  /** ISO time of the last refill computation. */
  readonly at: string;
  /** Set while the channel has been told about the current burst being limited. */
  readonly toldAt?: string;
}

export type RateLimitVerdict =
  | { readonly allowed: true; readonly state: RateLimitState }
  | { readonly allowed: false; readonly state: RateLimitState; readonly tell: boolean; readonly retryAfterMs: number };

export function fullBucket(policy: RateLimitPolicy, now: Date): RateLimitState {
  return { tokens: policy.burst, at: now.toISOString() };
}

export function takeToken(state: RateLimitState | undefined, policy: RateLimitPolicy, now: Date): RateLimitVerdict {
  const current = refill(state ?? fullBucket(policy, now), policy, now);
  if (current.tokens >= 1) {
    return { allowed: true, state: { tokens: current.tokens - 1, at: current.at } };
  }
  const retryAfterMs = Math.max(0, Math.ceil((1 - current.tokens) * policy.refillEveryMs));
  if (current.toldAt !== undefined) return { allowed: false, state: current, tell: false, retryAfterMs };
  return { allowed: false, state: { ...current, toldAt: now.toISOString() }, tell: true, retryAfterMs };
}

/** Gives back the token an admitted alert took when opening its incident failed (it is retried and takes one again). */
export function refundToken(state: RateLimitState, policy: RateLimitPolicy, now: Date): RateLimitState {
  const current = refill(state, policy, now);
  return { ...current, tokens: Math.min(policy.burst, current.tokens + 1) };
}

function refill(state: RateLimitState, policy: RateLimitPolicy, now: Date): RateLimitState {
  const elapsed = Math.max(0, now.getTime() - Date.parse(state.at)); // a clock going backwards refills nothing
  const tokens = Math.min(policy.burst, state.tokens + (Number.isFinite(elapsed) ? elapsed / policy.refillEveryMs : 0));
  return { ...state, tokens, at: elapsed > 0 ? now.toISOString() : state.at };
}
