/**
 * Retries for Graph calls that are safe to repeat (createOrGet by externalId, events by transactionId, PATCH of
 * options, $batch GETs). The SDK's RetryHandler already retries 429/503/504 on the outer request (wire-notes §5),
 * so this layer retries only what it does not: 500 and 502 on a request, and any 5xx/429 on a `$batch` item
 * (the middleware never sees items). Exponential backoff with full jitter, bounded; the constants live here only.
 */
import { graphFailureOf } from './graph-errors';

export const GRAPH_RETRY = {
  /** Tries in all, the first included. */
  attempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 4000,
} as const;

/** Statuses of a whole request retried here (the middleware covers 429/503/504). */
const REQUEST_STATUSES = new Set([500, 502]);
/** Statuses of a `$batch` item retried here. */
const ITEM_STATUSES = new Set([429, 500, 502, 503, 504]);

export interface RetryTiming {
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

export const defaultTiming: RetryTiming = {
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random,
};

/** Delay before try number `attempt + 1` (attempt counts from 0): full jitter over base·2^attempt, capped. */
export function backoffMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(GRAPH_RETRY.maxDelayMs, GRAPH_RETRY.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function isRetryableItemStatus(status: number): boolean {
  return ITEM_STATUSES.has(status);
}

/** Runs `call`, repeating it on a Graph 500/502 up to GRAPH_RETRY.attempts tries; the last failure is rethrown. */
export async function withGraphRetry<T>(call: () => Promise<T>, timing: RetryTiming = defaultTiming): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e: unknown) {
      if (attempt + 1 >= GRAPH_RETRY.attempts || !REQUEST_STATUSES.has(graphFailureOf(e).statusCode)) throw e;
      await timing.sleep(backoffMs(attempt, timing.random));
    }
  }
}
