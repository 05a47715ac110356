/**
 * A local Bot Connector: what Teams' service (the activity's serviceUrl) is to a bot. It serves
 * the REST API exactly as botbuilder 4.23's ConnectorClient calls it
 * (botframework-connector/lib/connectorApi/operations/conversations.js):
 *
 *   POST   /v3/conversations                                   createConversation → 201 {id, activityId?}
 *   POST   /v3/conversations/{cid}/activities                  sendToConversation → 201 {id}
 *   POST   /v3/conversations/{cid}/activities/history          sendConversationHistory → 201 {id}
 *   POST   /v3/conversations/{cid}/activities/{aid}            replyToActivity    → 201 {id}
 *   PUT    /v3/conversations/{cid}/activities/{aid}            updateActivity     → 200 {id}
 *   DELETE /v3/conversations/{cid}/activities/{aid}            deleteActivity     → 200
 *   GET    /v3/conversations/{cid}/members                     getConversationMembers → [member]
 *   GET    /v3/conversations/{cid}/members/{mid}               getConversationMember  → member | 404
 *   GET    /v3/conversations/{cid}/pagedmembers?pageSize&continuationToken → {members, continuationToken?}
 *   GET    /v3/conversations/{cid}/activities/{aid}/members    getActivityMembers → [member]
 *
 * Path parameters arrive URL-encoded (Teams ids contain ':' '@' ';'); they are decoded before use.
 * TeamsInfo puts channelData.team.id in place of the conversation id when there is one, so
 * rosters can be set per conversation id, per team id, or for everything ('*'). A channel
 * conversation id "19:…@thread.tacv2;messageid=…" falls back to the roster of "19:…@thread.tacv2".
 * Member lookup accepts a Teams user id, an Entra object id or a UPN, as Teams does.
 * pagedmembers clamps pageSize to 50..500 as Teams documents.
 *
 * Every request is recorded in `requests`; accepted activity operations also in `activities`.
 * Activity ids are Teams-style millisecond timestamps, strictly increasing.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { CaptureLog } from './capture-log';
import { ConnectorError, badArgument, connectorErrorFor, methodNotAllowed, routeNotFound } from './connector-errors';
import { DEFAULT_MEMBERS, type ConnectorMember } from './connector-members';
import { registerConnectorRoutes } from './connector-routes';
import {
  ACTIVITY_OPERATIONS,
  type CapturedActivity,
  type ConnectorHandler,
  type ConnectorOperation,
  type ConnectorRequest,
  type ConnectorRequestRecord,
  type ConnectorSandbox,
  type ConnectorSandboxOptions,
  type Outcome,
} from './connector-types';
import { baseUrlFor, closeServer, flattenHeaders, isJsonObject, listen, parseJson, readBody, sleep, writeJson } from '../../../sandbox/http/http-util';
import { Router, splitPath } from '../../../sandbox/http/router';

export type { CapturedActivity, ConnectorRequestRecord, ConnectorSandbox, ConnectorSandboxOptions } from './connector-types';

const DEFAULT_WAIT_MS = 5000;

export async function startConnectorSandbox(opts: ConnectorSandboxOptions = {}): Promise<ConnectorSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const initialMembers = opts.members ?? DEFAULT_MEMBERS;
  const emitAadObjectId = opts.emitAadObjectId ?? false;
  const rosters = new Map<string, readonly ConnectorMember[]>([['*', initialMembers]]);
  const requests: ConnectorRequestRecord[] = [];
  const activities = new CaptureLog<CapturedActivity>(
    (a) => `${a.operation} ${a.conversationId ?? ''}${a.activityId === undefined ? '' : ` #${a.activityId}`} ${JSON.stringify(a.activity['text'] ?? a.activity['type'] ?? '')}`,
  );
  let latencyMs = opts.latencyMs ?? 0;
  let failure: { status: number; remaining: number } | undefined;
  let lastActivityId = 0;

  function nextActivityId(): string {
    lastActivityId = Math.max(Date.now(), lastActivityId + 1);
    return String(lastActivityId);
  }

  function rosterFor(conversationId: string): readonly ConnectorMember[] {
    const base = conversationId.split(';')[0] ?? conversationId;
    return rosters.get(conversationId) ?? rosters.get(base) ?? rosters.get('*') ?? [];
  }

  const router = new Router<ConnectorRequest, Outcome>();
  const operations = new Map<string, ConnectorOperation>();
  const on = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', pattern: string, operation: ConnectorOperation, handler: ConnectorHandler): void => {
    router.add(method, pattern, handler);
    operations.set(`${method} ${pattern}`, operation);
  };

  registerConnectorRoutes(on, { nextActivityId, rosterFor, emitAadObjectId });

  function resolve(req: ConnectorRequest): { operation: ConnectorOperation | 'unknown'; run: () => Promise<Outcome> } {
    const match = router.match(req.method, splitPath(req.path));
    if (match.kind === 'not-found') {
      return { operation: 'unknown', run: () => Promise.reject(routeNotFound(req.path)) };
    }
    if (match.kind === 'method-not-allowed') {
      return { operation: 'unknown', run: () => Promise.reject(methodNotAllowed()) };
    }
    const operation = operations.get(`${req.method} ${match.pattern}`) ?? 'unknown';
    return { operation, run: async () => match.handler(req, match.params) };
  }

  async function handleHttp(httpReq: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const headers = flattenHeaders(httpReq);
    const rawUrl = httpReq.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const search = q === -1 ? '' : rawUrl.slice(q);
    const raw = (await readBody(httpReq)).toString('utf8');
    const parsed = raw.length === 0 ? undefined : parseJson(raw);
    const body = parsed === undefined ? undefined : parsed.ok ? parsed.value : raw;
    const req: ConnectorRequest = { method: (httpReq.method ?? 'GET').toUpperCase(), path, query: new URLSearchParams(search), body };
    const segments = splitPath(path);
    const pathConversationId = segments[0]?.toLowerCase() === 'v3' && segments[1]?.toLowerCase() === 'conversations' ? segments[2] : undefined;

    await sleep(latencyMs);
    const { operation, run } = resolve(req);
    let outcome: Outcome;
    try {
      if (parsed !== undefined && !parsed.ok) throw badArgument(`The request body is not valid JSON: ${parsed.error}`);
      if (failure !== undefined && failure.remaining > 0 && operation !== 'unknown' && ACTIVITY_OPERATIONS.has(operation)) {
        failure.remaining -= 1;
        const status = failure.status;
        if (failure.remaining === 0) failure = undefined;
        throw connectorErrorFor(status);
      }
      outcome = await run();
    } catch (e: unknown) {
      const err = e instanceof ConnectorError ? e : new ConnectorError(500, 'InternalServerError', e instanceof Error ? e.message : String(e));
      outcome = { status: err.status, body: err.body(), headers: err.headers, ...(pathConversationId === undefined ? {} : { conversationId: pathConversationId }) };
    }

    const record: ConnectorRequestRecord = {
      operation,
      method: req.method,
      path,
      query: search,
      ...(outcome.conversationId === undefined ? {} : { conversationId: outcome.conversationId }),
      ...(outcome.activityId === undefined ? {} : { activityId: outcome.activityId }),
      ...(outcome.replyToId === undefined ? {} : { replyToId: outcome.replyToId }),
      body,
      headers,
      status: outcome.status,
      response: outcome.body,
      at,
    };
    requests.push(record);
    writeJson(res, outcome.status, outcome.body, outcome.headers ?? {});
    if (operation !== 'unknown' && ACTIVITY_OPERATIONS.has(operation) && outcome.status < 300) {
      activities.push({
        ...record,
        operation: operation as CapturedActivity['operation'],
        activity: isJsonObject(body) ? body : {},
      });
    }
  }

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((e: unknown) => {
      res.destroy(e instanceof Error ? e : new Error(String(e)));
    });
  });
  const address = await listen(server, opts.port ?? 0, host);
  const url = baseUrlFor(host, address.port);

  return {
    url,
    port: address.port,
    get activities() {
      return activities.all;
    },
    get requests() {
      return requests;
    },
    waitFor: (predicate, timeoutMs = DEFAULT_WAIT_MS) => activities.waitFor(predicate, timeoutMs),
    setMembers: (key, list) => void rosters.set(key, [...list]),
    setLatency: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`latency must be a non-negative number, got ${ms}`);
      latencyMs = ms;
    },
    failNext: (status, count = 1) => {
      if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError(`status must be 4xx or 5xx, got ${status}`);
      failure = count > 0 ? { status, remaining: count } : undefined;
    },
    reset: () => {
      activities.clear();
      requests.length = 0;
      rosters.clear();
      rosters.set('*', initialMembers);
      latencyMs = opts.latencyMs ?? 0;
      failure = undefined;
    },
    close: () => closeServer(server),
  };
}
