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
import { randomBytes } from 'node:crypto';
import { CaptureLog } from './capture-log';
import {
  ConnectorError,
  badArgument,
  connectorErrorFor,
  memberNotFound,
  messageTooLarge,
  methodNotAllowed,
  routeNotFound,
} from './connector-errors';
import { DEFAULT_MEMBERS, matchesMember, wireMember, type ConnectorMember } from './connector-members';
import { baseUrlFor, closeServer, flattenHeaders, isJsonObject, listen, parseJson, readBody, sleep, writeJson } from '../../../sandbox/http/http-util';
import { Router, splitPath, type RouteParams } from '../../../sandbox/http/router';

export type ConnectorOperation =
  | 'createConversation'
  | 'sendToConversation'
  | 'sendConversationHistory'
  | 'replyToActivity'
  | 'updateActivity'
  | 'deleteActivity'
  | 'getConversationMembers'
  | 'getConversationMember'
  | 'getConversationPagedMembers'
  | 'getActivityMembers';

/** Operations that write activities; failNext() applies to these. */
const ACTIVITY_OPERATIONS: ReadonlySet<ConnectorOperation> = new Set<ConnectorOperation>([
  'createConversation',
  'sendToConversation',
  'sendConversationHistory',
  'replyToActivity',
  'updateActivity',
  'deleteActivity',
]);

export interface ConnectorRequestRecord {
  readonly operation: ConnectorOperation | 'unknown';
  readonly method: string;
  /** Raw (encoded) path as received. */
  readonly path: string;
  readonly query: string;
  /** Decoded conversation id (for createConversation: the id created). */
  readonly conversationId?: string;
  /** For send/reply/createConversation: the id assigned; for update/delete: the id in the path. */
  readonly activityId?: string;
  /** For reply: the activity replied to (path); for send: body.replyToId if any. */
  readonly replyToId?: string;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  readonly status: number;
  readonly response: unknown;
  readonly at: number;
}

/** An accepted activity operation (2xx). `body` is the Activity (ConversationParameters for createConversation). */
export interface CapturedActivity extends ConnectorRequestRecord {
  readonly operation: 'createConversation' | 'sendToConversation' | 'sendConversationHistory' | 'replyToActivity' | 'updateActivity' | 'deleteActivity';
  /** body as an object ({} when absent), for convenient predicates. */
  readonly activity: Readonly<Record<string, unknown>>;
}

export interface ConnectorSandboxOptions {
  readonly port?: number;
  readonly host?: string;
  /** Global roster ('*'); defaults to the seed directory's users. */
  readonly members?: readonly ConnectorMember[];
  readonly latencyMs?: number;
  /** Also write `aadObjectId` on members (the Agents Playground does; Teams writes only objectId). */
  readonly emitAadObjectId?: boolean;
}

export interface ConnectorSandbox {
  /** `http://127.0.0.1:PORT` — use as the activity's serviceUrl. */
  readonly url: string;
  readonly port: number;
  readonly activities: readonly CapturedActivity[];
  readonly requests: readonly ConnectorRequestRecord[];
  waitFor(predicate: (a: CapturedActivity) => boolean, timeoutMs?: number): Promise<CapturedActivity>;
  /** Roster for a conversation id, a team id, or '*' (every conversation without its own). */
  setMembers(conversationOrTeamId: string, members: readonly ConnectorMember[]): void;
  setLatency(ms: number): void;
  /** The next `count` activity-writing requests answer `status` with Teams' error body for it. */
  failNext(status: number, count?: number): void;
  /** Clears captures, rosters (back to the initial global roster), latency and pending failures. */
  reset(): void;
  close(): Promise<void>;
}

interface ConnectorRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

interface Outcome {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly conversationId?: string;
  readonly activityId?: string;
  readonly replyToId?: string;
}

type ConnectorHandler = (req: ConnectorRequest, params: RouteParams) => Outcome;

/** Teams' message limit is "approximately 28 KB"; the sandbox applies it to the request body. */
const MAX_ACTIVITY_BYTES = 28 * 1024;
const DEFAULT_PAGE_SIZE = 200;
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

  function members(conversationId: string): Record<string, unknown>[] {
    return rosterFor(conversationId).map((m) => wireMember(m, emitAadObjectId));
  }

  function requireActivity(body: unknown): Record<string, unknown> {
    if (!isJsonObject(body)) throw badArgument('The request body must be an Activity object.');
    if (typeof body['type'] !== 'string' || body['type'] === '') throw badArgument('Activity must have a type.');
    if (Buffer.byteLength(JSON.stringify(body)) > MAX_ACTIVITY_BYTES) throw messageTooLarge();
    return body;
  }

  const router = new Router<ConnectorRequest, Outcome>();
  const operations = new Map<string, ConnectorOperation>();
  const on = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', pattern: string, operation: ConnectorOperation, handler: ConnectorHandler): void => {
    router.add(method, pattern, handler);
    operations.set(`${method} ${pattern}`, operation);
  };

  on('POST', '/v3/conversations', 'createConversation', (req) => {
    if (!isJsonObject(req.body)) throw badArgument('The request body must be a ConversationParameters object.');
    const params = req.body;
    const activity = params['activity'];
    if (activity !== undefined && activity !== null) requireActivity(activity);
    const channelData = isJsonObject(params['channelData']) ? params['channelData'] : {};
    const channel = isJsonObject(channelData['channel']) ? channelData['channel'] : undefined;
    const channelId = typeof channel?.['id'] === 'string' ? channel['id'] : undefined;
    if (channelId !== undefined) {
      // A new thread in a channel: the conversation is the channel plus the root message id.
      const activityId = nextActivityId();
      const conversationId = `${channelId};messageid=${activityId}`;
      return { status: 201, body: { id: conversationId, activityId }, conversationId, activityId };
    }
    const conversationId = `a:1${randomBytes(60).toString('base64url')}`;
    if (activity !== undefined && activity !== null) {
      const activityId = nextActivityId();
      return { status: 201, body: { id: conversationId, activityId }, conversationId, activityId };
    }
    return { status: 201, body: { id: conversationId }, conversationId };
  });

  on('POST', '/v3/conversations/{conversationId}/activities', 'sendToConversation', (req, p) => {
    const activity = requireActivity(req.body);
    const activityId = nextActivityId();
    const replyToId = typeof activity['replyToId'] === 'string' ? activity['replyToId'] : undefined;
    return {
      status: 201,
      body: { id: activityId },
      conversationId: p['conversationId'],
      activityId,
      ...(replyToId === undefined ? {} : { replyToId }),
    };
  });

  on('POST', '/v3/conversations/{conversationId}/activities/history', 'sendConversationHistory', (req, p) => {
    if (!isJsonObject(req.body) || !Array.isArray(req.body['activities'])) {
      throw badArgument('The request body must be a Transcript with an activities array.');
    }
    return { status: 201, body: { id: nextActivityId() }, conversationId: p['conversationId'] };
  });

  on('POST', '/v3/conversations/{conversationId}/activities/{activityId}', 'replyToActivity', (req, p) => {
    requireActivity(req.body);
    const activityId = nextActivityId();
    return {
      status: 201,
      body: { id: activityId },
      conversationId: p['conversationId'],
      activityId,
      replyToId: p['activityId'],
    };
  });

  on('PUT', '/v3/conversations/{conversationId}/activities/{activityId}', 'updateActivity', (req, p) => {
    requireActivity(req.body);
    return {
      status: 200,
      body: { id: p['activityId'] },
      conversationId: p['conversationId'],
      activityId: p['activityId'],
    };
  });

  on('DELETE', '/v3/conversations/{conversationId}/activities/{activityId}', 'deleteActivity', (_req, p) => ({
    status: 200,
    conversationId: p['conversationId'],
    activityId: p['activityId'],
  }));

  on('GET', '/v3/conversations/{conversationId}/members', 'getConversationMembers', (_req, p) => ({
    status: 200,
    body: members(p['conversationId'] ?? ''),
    conversationId: p['conversationId'],
  }));

  on('GET', '/v3/conversations/{conversationId}/activities/{activityId}/members', 'getActivityMembers', (_req, p) => ({
    status: 200,
    body: members(p['conversationId'] ?? ''),
    conversationId: p['conversationId'],
    activityId: p['activityId'],
  }));

  on('GET', '/v3/conversations/{conversationId}/members/{memberId}', 'getConversationMember', (_req, p) => {
    const conversationId = p['conversationId'] ?? '';
    const member = rosterFor(conversationId).find((m) => matchesMember(m, p['memberId'] ?? ''));
    if (member === undefined) throw memberNotFound();
    return { status: 200, body: wireMember(member, emitAadObjectId), conversationId };
  });

  on('GET', '/v3/conversations/{conversationId}/pagedmembers', 'getConversationPagedMembers', (req, p) => {
    const conversationId = p['conversationId'] ?? '';
    const rawSize = req.query.get('pageSize');
    const requested = rawSize === null || rawSize === '' ? DEFAULT_PAGE_SIZE : Number(rawSize);
    if (!Number.isInteger(requested)) throw badArgument(`Invalid pageSize '${rawSize ?? ''}'.`);
    const pageSize = Math.min(500, Math.max(50, requested));
    const token = req.query.get('continuationToken');
    let offset = 0;
    if (token !== null && token !== '') {
      const m = /^p:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
      if (m?.[1] === undefined) throw badArgument('Invalid continuationToken.');
      offset = Number(m[1]);
    }
    const all = members(conversationId);
    const page = all.slice(offset, offset + pageSize);
    const more = offset + pageSize < all.length;
    return {
      status: 200,
      body: more ? { continuationToken: Buffer.from(`p:${offset + pageSize}`).toString('base64url'), members: page } : { members: page },
      conversationId,
    };
  });

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
