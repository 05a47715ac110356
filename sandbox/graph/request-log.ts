/**
 * The sandbox's request log, bounded: a ring of the most recent requests (default 10,000), so a long
 * benchmark or demo does not grow the process without limit. It is a real array (tests filter and index
 * it); when it passes its limit the oldest tenth is dropped at once, so trimming costs O(1) per request.
 */
import type { GraphRequestRecord } from './graph-sandbox-types';

const DEFAULT_REQUEST_LOG_LIMIT = 10_000;

export class RequestLog extends Array<GraphRequestRecord> {
  /** map/filter/slice return plain arrays, not logs. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  private limit = DEFAULT_REQUEST_LOG_LIMIT;

  static bounded(limit: number = DEFAULT_REQUEST_LOG_LIMIT): RequestLog {
    const log = new RequestLog();
    log.limit = Math.max(1, Math.floor(limit));
    return log;
  }

  override push(...records: GraphRequestRecord[]): number {
    const n = super.push(...records);
    if (n > this.limit) this.splice(0, n - this.limit + Math.floor(this.limit / 10));
    return this.length;
  }
}
