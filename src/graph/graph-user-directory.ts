/**
 * UserDirectory on Graph: one GET /users/{upn} for a single address, JSON $batch (20 per request, sent
 * concurrently) for several. Batch items are throttled one by one and the SDK's retry middleware only sees the
 * outer request, so items answered 429/5xx are retried here (Retry-After when given, else backoff with jitter), and
 * the outer request on 500/502 (graph-retry.ts; the middleware covers 429/503/504). Look-ups are GETs: safe to repeat.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { UserDirectory, UserLookupResult } from '../incidents/ports';
import { commonGraphError, graphFailureOf } from './graph-errors';
import { backoffMs, defaultTiming, GRAPH_RETRY, isRetryableItemStatus, withGraphRetry, type RetryTiming } from './graph-retry';

const SELECT = '$select=id,displayName,userPrincipalName,mail';
const BATCH_LIMIT = 20;

interface GraphUser {
  id: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  mail?: string | null;
}

interface BatchResponseItem {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export class GraphUserDirectory implements UserDirectory {
  constructor(private readonly client: Client, private readonly timing: RetryTiming = defaultTiming) {}

  async lookupByUpn(upns: readonly string[]): Promise<ReadonlyMap<string, UserLookupResult>> {
    const unique = [...new Set(upns)];
    const [only] = unique;
    if (unique.length === 1 && only !== undefined) return new Map([[only, await this.lookupOne(only)]]);
    const chunks: string[][] = [];
    for (let i = 0; i < unique.length; i += BATCH_LIMIT) chunks.push(unique.slice(i, i + BATCH_LIMIT));
    const results = await Promise.all(chunks.map((c) => this.lookupBatch(c)));
    return new Map(results.flatMap((m) => [...m]));
  }

  private async lookupOne(upn: string): Promise<UserLookupResult> {
    try {
      const u = (await withGraphRetry(() => this.client.api(`/users/${encodeURIComponent(upn)}?${SELECT}`).get(), this.timing)) as GraphUser;
      return toResult(upn, 200, u);
    } catch (e: unknown) {
      const f = graphFailureOf(e);
      if (f.statusCode === 404) return notFound();
      if (f.statusCode === 403) return refused();
      throw commonGraphError(e, f, 'look up users', 'User.Read.All');
    }
  }

  private async lookupBatch(upns: readonly string[]): Promise<Map<string, UserLookupResult>> {
    const out = new Map<string, UserLookupResult>();
    let pending = upns.map((upn, i) => ({ id: String(i + 1), upn }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      let responses: BatchResponseItem[];
      try {
        const requests = pending.map((p) => ({ id: p.id, method: 'GET', url: `/users/${encodeURIComponent(p.upn)}?${SELECT}` }));
        const res = (await withGraphRetry(() => this.client.api('/$batch').post({ requests }), this.timing)) as { responses: BatchResponseItem[] };
        responses = res.responses;
      } catch (e: unknown) {
        throw commonGraphError(e, graphFailureOf(e), 'look up users', 'User.Read.All');
      }
      const byId = new Map(responses.map((r) => [r.id, r]));
      const retry: typeof pending = [];
      let wait = 0;
      for (const p of pending) {
        const r = byId.get(p.id);
        if (r && isRetryableItemStatus(r.status) && attempt + 1 < GRAPH_RETRY.attempts) {
          retry.push(p);
          wait = Math.max(wait, retryAfterMs(r.headers) ?? backoffMs(attempt, this.timing.random));
          continue;
        }
        out.set(p.upn, r ? toResult(p.upn, r.status, r.body as GraphUser | undefined) : { found: false, reason: 'no answer from Graph' });
      }
      pending = retry;
      if (pending.length > 0) await this.timing.sleep(wait);
    }
    return out;
  }
}

function toResult(upn: string, status: number, u: GraphUser | undefined): UserLookupResult {
  if (status === 200 && u && typeof u.id === 'string') {
    return {
      found: true,
      user: { aadObjectId: u.id, displayName: u.displayName ?? u.userPrincipalName ?? upn, upn: u.userPrincipalName ?? u.mail ?? upn },
    };
  }
  if (status === 404) return notFound();
  if (status === 429) return { found: false, reason: 'Graph was throttling look-ups; try again' };
  if (status === 403) return refused();
  return { found: false, reason: `look-up failed (HTTP ${status})` };
}

/** Graph's 403 for a look-up: the app lacks User.Read.All (short: it is shown beside the address on the card). */
function refused(): UserLookupResult {
  return { found: false, reason: 'Graph refused (403): grant the app User.Read.All with admin consent' };
}

function notFound(): UserLookupResult {
  return { found: false, reason: 'not found in the directory' };
}

function retryAfterMs(headers: Record<string, string> | undefined): number | undefined {
  const raw = headers && Object.entries(headers).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
  const s = Number(raw);
  return raw !== undefined && Number.isFinite(s) && s > 0 ? Math.min(s, 30) * 1000 : undefined;
}
