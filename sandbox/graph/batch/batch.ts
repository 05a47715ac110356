/**
 * POST /$batch — JSON batching (concepts/json-batching.md):
 *   request  {"requests":[{"id","method","url","headers"?,"body"?,"dependsOn"?}]}  (at most 20)
 *   response 200 {"responses":[{"id","status","headers","body"}]}
 *
 * - Item urls are relative to the version: "/users/x" (or "users/x"). "/v1.0/users/x" is read as a
 *   path whose first segment is "v1.0" and fails with 400 "Resource not found for the segment
 *   'v1.0'." — what Graph answers (msgraph-sdk-javascript#1178).
 * - A write item (POST/PUT/PATCH) needs a body and a Content-Type header, else the whole batch is
 *   400 "Write request id : N does not contain Content-Type header or body."
 * - ids must be unique (case-insensitive) — the whole batch is 400 otherwise.
 * - Items run concurrently unless they name others in dependsOn; an item whose dependency failed
 *   gets 424 Failed Dependency.
 * - Responses come back in an order that differs from the request order (Graph promises none);
 *   match them by id.
 * - Each item is throttled on its own: an item answered 429 carries Retry-After in its headers.
 */
import type { GraphRequest, GraphResponse, GraphRouter } from '../graph-context';
import { GraphError, badRequest, graphErrorBody, tooManyRequests, type RequestIds } from '../graph-errors';
import { isJsonObject } from '../../http/http-util';
import type { Throttle } from '../throttle';

const MAX_BATCH_REQUESTS = 20;

export interface BatchItemCall {
  readonly id: string;
  readonly method: string;
  /** As written in the item: relative to the version, possibly with a query string. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface BatchDeps {
  /** Runs one item through the same routes top-level requests use. */
  dispatchItem(call: BatchItemCall, parent: GraphRequest): Promise<GraphResponse>;
  readonly itemThrottle: Throttle;
}

interface BatchItem extends BatchItemCall {
  readonly dependsOn: readonly string[];
}

interface BatchItemResponse {
  readonly id: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

const INVALID_PAYLOAD = 'Invalid batch payload format.';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

function parseItems(body: unknown): BatchItem[] {
  if (!isJsonObject(body) || !Array.isArray(body['requests'])) throw badRequest(INVALID_PAYLOAD);
  const requests: unknown[] = body['requests'];
  if (requests.length === 0) throw badRequest(INVALID_PAYLOAD);
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw badRequest(`${INVALID_PAYLOAD} A batch can contain at most ${MAX_BATCH_REQUESTS} requests; this one has ${requests.length}.`);
  }
  const seen = new Set<string>();
  const items = requests.map((raw): BatchItem => {
    if (!isJsonObject(raw)) throw badRequest(INVALID_PAYLOAD);
    const { id, method, url, headers, body: itemBody, dependsOn } = raw;
    if (typeof id !== 'string' || id === '' || typeof method !== 'string' || typeof url !== 'string') {
      throw badRequest(INVALID_PAYLOAD);
    }
    if (seen.has(id.toLowerCase())) throw badRequest(`${INVALID_PAYLOAD} Request id '${id}' appears more than once.`);
    seen.add(id.toLowerCase());
    if (headers !== undefined && !isJsonObject(headers)) throw badRequest(INVALID_PAYLOAD);
    const lowerHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers ?? {})) lowerHeaders[k.toLowerCase()] = String(v);
    const upper = method.toUpperCase();
    if (WRITE_METHODS.has(upper) && (itemBody === undefined || lowerHeaders['content-type'] === undefined)) {
      throw badRequest(`Write request id : ${id} does not contain Content-Type header or body.`);
    }
    if (dependsOn !== undefined && (!Array.isArray(dependsOn) || !dependsOn.every((d) => typeof d === 'string'))) {
      throw badRequest(INVALID_PAYLOAD);
    }
    return { id, method: upper, url, headers: lowerHeaders, body: itemBody, dependsOn: (dependsOn ?? []) as string[] };
  });
  const ids = new Set(items.map((i) => i.id.toLowerCase()));
  for (const item of items) {
    for (const dep of item.dependsOn) {
      if (!ids.has(dep.toLowerCase()) || dep.toLowerCase() === item.id.toLowerCase()) {
        throw badRequest(`${INVALID_PAYLOAD} Request id '${item.id}' depends on unknown request id '${dep}'.`);
      }
    }
  }
  assertAcyclic(items);
  return items;
}

function assertAcyclic(items: readonly BatchItem[]): void {
  const byId = new Map(items.map((i) => [i.id.toLowerCase(), i]));
  const done = new Set<string>();
  const visit = (item: BatchItem, path: Set<string>): void => {
    const key = item.id.toLowerCase();
    if (done.has(key)) return;
    if (path.has(key)) throw badRequest(`${INVALID_PAYLOAD} The dependsOn chain of request id '${item.id}' is circular.`);
    path.add(key);
    for (const dep of item.dependsOn) {
      const d = byId.get(dep.toLowerCase());
      if (d !== undefined) visit(d, path);
    }
    path.delete(key);
    done.add(key);
  };
  for (const item of items) visit(item, new Set());
}

function itemIds(parent: GraphRequest): RequestIds {
  return { requestId: parent.requestId, clientRequestId: parent.clientRequestId };
}

function toItemResponse(id: string, res: GraphResponse): BatchItemResponse {
  const headers: Record<string, string> = { 'Cache-Control': 'no-cache' };
  for (const [k, v] of Object.entries(res.headers ?? {})) headers[k] = v;
  if (res.status >= 400) headers['Content-Type'] = 'application/json';
  else if (res.body !== undefined && res.status !== 204) {
    headers['OData-Version'] = '4.0';
    headers['Content-Type'] = ODATA_JSON;
  }
  return res.body === undefined || res.status === 204 ? { id, status: res.status, headers } : { id, status: res.status, headers, body: res.body };
}

/** A permutation of the input that is never the identity for two or more elements. */
function outOfOrder<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  if (out.length > 1 && out.every((x, i) => x === items[i])) out.push(out.shift() as T);
  return out;
}

export function registerBatchRoute(router: GraphRouter, deps: BatchDeps): void {
  router.add('POST', '/$batch', async (req): Promise<GraphResponse> => {
    const items = parseItems(req.body);
    const results = new Map<string, Promise<BatchItemResponse>>();

    const run = async (item: BatchItem): Promise<BatchItemResponse> => {
      const upstream = await Promise.all(item.dependsOn.map((d) => results.get(d.toLowerCase())));
      if (upstream.some((r) => r === undefined || r.status >= 400)) {
        return {
          id: item.id,
          status: 424,
          headers: { 'Content-Type': 'application/json' },
          body: graphErrorBody('FailedDependency', 'The request failed because a request it depends on failed.', itemIds(req)),
        };
      }
      const retryAfter = deps.itemThrottle.take();
      if (retryAfter !== undefined) {
        const err = tooManyRequests(retryAfter);
        return toItemResponse(item.id, {
          status: err.status,
          headers: err.headers,
          body: graphErrorBody(err.code, err.message, itemIds(req), err.inner),
        });
      }
      try {
        return toItemResponse(item.id, await deps.dispatchItem(item, req));
      } catch (e: unknown) {
        const err = e instanceof GraphError ? e : new GraphError(500, 'UnknownError', e instanceof Error ? e.message : String(e));
        return toItemResponse(item.id, {
          status: err.status,
          headers: err.headers,
          body: graphErrorBody(err.code, err.message, itemIds(req), err.inner),
        });
      }
    };

    // Items are registered in request order so dependsOn (which may only point at known ids)
    // can await a promise that exists; independent items still run concurrently.
    const pending: Promise<BatchItemResponse>[] = [];
    const byId = new Map(items.map((i) => [i.id.toLowerCase(), i]));
    const schedule = (item: BatchItem): Promise<BatchItemResponse> => {
      const key = item.id.toLowerCase();
      const existing = results.get(key);
      if (existing !== undefined) return existing;
      for (const dep of item.dependsOn) {
        const d = byId.get(dep.toLowerCase());
        if (d !== undefined && !results.has(dep.toLowerCase())) schedule(d);
      }
      const p = run(item);
      results.set(key, p);
      pending.push(p);
      return p;
    };
    for (const item of items) schedule(item);
    const responses = await Promise.all(pending);
    return { status: 200, body: { responses: outOfOrder(responses) } };
  });
}
