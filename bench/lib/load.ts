/** A closed-loop load generator: C workers each send one request after the other for a fixed time. */
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  readonly done: number;
  readonly failed: number;
  readonly seconds: number;
  readonly perSecond: number;
}

export async function closedLoop(concurrency: number, seconds: number, send: (i: number) => Promise<boolean>): Promise<LoadResult> {
  let next = 0;
  let done = 0;
  let failed = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      const ok = await send(next++).catch(() => false);
      if (ok) done++;
      else failed++;
    }
  }));
  const elapsed = (performance.now() - t0) / 1000;
  return { done, failed, seconds: elapsed, perSecond: done / elapsed };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}
