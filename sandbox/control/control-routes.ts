/**
 * The Graph sandbox's HTTP control surface for demos and manual testing: a thin JSON (and HTML) face
 * over GraphSandboxControl, outside Graph's URL space.
 *
 *   GET  /_sandbox                                   → JSON: endpoints, users, meetings, calls, policies, throttle
 *   GET  /_sandbox/ui                                → a small HTML page with buttons for everything below
 *   POST /_sandbox/meetings/{threadIdOrCallId}/join  {userIdOrUpn, isMuted?, isInLobby?}
 *   POST /_sandbox/meetings/{threadIdOrCallId}/leave {userIdOrUpn}
 *   POST /_sandbox/calls/{callId}/drop               {code, subcode, message?}   (empty body: 500/1005)
 *   POST /_sandbox/next-call/fail                    {code, subcode, message?, synchronous?}
 *   POST /_sandbox/policies/{organizer}/deny | allow
 *   POST /_sandbox/throttle                          {count, retryAfterSeconds}
 *   POST /_sandbox/delivery                          {duplicate?, reverseOrder?}
 *
 * Not Graph: no latency, authorization or throttling applies, the requests are not in control.requests,
 * and none of it is reachable as /v1.0/… or as a $batch item (the Graph router does not know it).
 * No authentication either, so it only answers loopback clients, and (against other web pages in the
 * same browser, and DNS rebinding) only requests whose Host is a loopback name and whose Origin, when
 * present, is the sandbox itself.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { RESULT_INFO, type ResultInfo } from '../graph/calls/call-resources';
import type { SandboxCallView } from '../graph/calls/simulated-calls';
import type { SandboxUser } from '../graph/users/directory';
import type { GraphSandboxControl } from '../graph/graph-sandbox-types';
import { isJsonObject, parseJson, type JsonObject } from '../http/http-util';
import type { StoredMeeting } from '../graph/meetings/meeting-store';
import { Router, splitPath, type RouteParams } from '../http/router';
import type { UserDirectory } from '../graph/users/user-directory';

export const CONTROL_PREFIX = '_sandbox';

export interface ControlSurfaceDeps {
  readonly control: GraphSandboxControl;
  readonly directory: UserDirectory;
  /** Object ids (lower case) of organizers whose application access policy is denied. */
  readonly deniedOrganizers: () => Iterable<string>;
  /** Top-level Graph requests still to be throttled. */
  readonly throttledRequestsPending: () => number;
}

export interface ControlHttpRequest {
  readonly method: string;
  readonly pathname: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly remoteAddress: string | undefined;
}

export interface ControlResponse {
  readonly status: number;
  readonly contentType: string;
  readonly payload: string;
  readonly headers?: Readonly<Record<string, string>>;
}

interface ControlRequest {
  readonly http: ControlHttpRequest;
}

class ControlError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ControlError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

const badRequest = (message: string): ControlError => new ControlError(400, 'badRequest', message);
const notFound = (message: string): ControlError => new ControlError(404, 'notFound', message);
const conflict = (message: string): ControlError => new ControlError(409, 'conflict', message);
const forbidden = (message: string): ControlError => new ControlError(403, 'forbidden', message);

// --- presets ---------------------------------------------------------------------------------------

interface Preset {
  readonly label: string;
  readonly info: ResultInfo;
}

const DROP_PRESETS: readonly Preset[] = [
  { label: 'media failure', info: RESULT_INFO.mediaConnectivity },
  { label: 'keep-alive timeout', info: RESULT_INFO.keepAliveTimeout },
];

const FAIL_PRESETS: readonly Preset[] = [
  { label: 'no admin consent (Calls.JoinGroupCall.All)', info: RESULT_INFO.insufficientTenantPermissions },
  { label: 'tenant mismatch', info: { code: 403, subcode: 7505, message: 'Request authorization tenant mismatch.' } },
  // microsoftgraph/microsoft-graph-docs#10845, microsoft-graph-comms-samples#432: 403, errorCode 7503.
  { label: 'calling not enabled / wrong webhook', info: { code: 403, subcode: 7503, message: 'Application is not registered in our store.' } },
  { label: 'meeting not found (bad join coordinates)', info: RESULT_INFO.badJoinRequest },
];

function presetMessage(presets: readonly Preset[], code: number, subcode: number): string | undefined {
  return presets.find((p) => p.info.code === code && p.info.subcode === subcode)?.info.message;
}

const ENDPOINTS: readonly { method: string; path: string; body?: string; description: string }[] = [
  { method: 'GET', path: '/_sandbox', description: 'This document: meetings, calls, people in each meeting, denied policies, throttling.' },
  { method: 'GET', path: '/_sandbox/ui', description: 'An HTML page with buttons for the actions below.' },
  {
    method: 'POST',
    path: '/_sandbox/meetings/{threadIdOrCallId}/join',
    body: '{"userIdOrUpn": string, "isMuted"?: boolean, "isInLobby"?: boolean}',
    description: "A directory user joins the meeting's call (thread id, online meeting id or a call id in it): roster notifications to its established legs.",
  },
  {
    method: 'POST',
    path: '/_sandbox/meetings/{threadIdOrCallId}/leave',
    body: '{"userIdOrUpn": string}',
    description: 'The user leaves: roster notifications; when nobody is left, legs that had company end with 200/5002.',
  },
  {
    method: 'POST',
    path: '/_sandbox/calls/{callId}/drop',
    body: '{"code": integer, "subcode": integer, "message"?: string} (empty: 500/1005)',
    description: 'The service drops a live leg: terminating, then terminated with that resultInfo (500/1005 media failure, 408/8537 keep-alive timeout, …).',
  },
  {
    method: 'POST',
    path: '/_sandbox/next-call/fail',
    body: '{"code": integer, "subcode": integer, "message"?: string, "synchronous"?: boolean}',
    description: 'The next POST /communications/calls fails: 201, establishing, then terminated with it (synchronous: an HTTP error). Presets 403/7504, 403/7505, 403/7503, 400/2203.',
  },
  { method: 'POST', path: '/_sandbox/policies/{organizerIdOrUpn}/deny', description: "Removes the organizer's application access policy: onlineMeetings calls answer 403." },
  { method: 'POST', path: '/_sandbox/policies/{organizerIdOrUpn}/allow', description: "Grants the organizer's application access policy again." },
  {
    method: 'POST',
    path: '/_sandbox/throttle',
    body: '{"count": integer >= 0, "retryAfterSeconds": integer >= 0}',
    description: 'The next count Graph requests (a $batch counts as one) answer 429 with Retry-After; count 0 disarms.',
  },
  {
    method: 'POST',
    path: '/_sandbox/delivery',
    body: '{"duplicate"?: boolean, "reverseOrder"?: boolean}',
    description: 'Call notification delivery quirks: every notification twice; established before establishing.',
  },
];

// --- request guards --------------------------------------------------------------------------------

function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/i.test(address);
}

function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function parseHost(value: string): URL | undefined {
  try {
    return new URL(`http://${value}`);
  } catch (e: unknown) {
    if (e instanceof TypeError) return undefined;
    throw e;
  }
}

function parseOrigin(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch (e: unknown) {
    if (e instanceof TypeError) return undefined; // e.g. the opaque origin "null"
    throw e;
  }
}

function checkClient(req: ControlHttpRequest): void {
  if (!isLoopbackAddress(req.remoteAddress)) throw forbidden('The sandbox control surface only answers loopback clients.');
  const host = req.headers['host'];
  const hostUrl = host === undefined ? undefined : parseHost(host);
  if (host !== undefined && (hostUrl === undefined || !isLoopbackHostname(hostUrl.hostname))) {
    throw forbidden(`The sandbox control surface only answers requests for a loopback host (Host: ${host}).`);
  }
  const origin = req.headers['origin'];
  if (origin !== undefined) {
    const o = parseOrigin(origin);
    const sameOrigin = o !== undefined && o.protocol === 'http:' && hostUrl !== undefined && o.host === hostUrl.host;
    if (!sameOrigin) throw forbidden(`Cross-origin requests are refused (Origin: ${origin}).`);
  }
}

// --- bodies ----------------------------------------------------------------------------------------

function jsonBody(req: ControlRequest, allowed: readonly string[]): JsonObject {
  const raw = req.http.body;
  if (raw.trim() === '') return {};
  const parsed = parseJson(raw);
  if (!parsed.ok) throw badRequest(`The body is not valid JSON: ${parsed.error}`);
  if (!isJsonObject(parsed.value)) throw badRequest('The body must be a JSON object.');
  const body = parsed.value;
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    const expected = allowed.length === 0 ? 'no fields' : allowed.join(', ');
    throw badRequest(`Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')} (expected: ${expected}).`);
  }
  return body;
}

function requiredString(body: JsonObject, key: string): string {
  const v = body[key];
  if (v === undefined || v === null) throw badRequest(`'${key}' is required.`);
  if (typeof v !== 'string' || v.trim() === '') throw badRequest(`'${key}' must be a non-empty string.`);
  return v.trim();
}

function optionalString(body: JsonObject, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw badRequest(`'${key}' must be a non-empty string when given.`);
  return v;
}

function optionalBoolean(body: JsonObject, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw badRequest(`'${key}' must be true or false.`);
  return v;
}

function requiredInteger(body: JsonObject, key: string, min: number, max: number): number {
  const v = body[key];
  if (v === undefined || v === null) throw badRequest(`'${key}' is required.`);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw badRequest(`'${key}' must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}.`);
  }
  return v;
}

/** {code, subcode, message?}; message defaults to the preset's, else a generic one. */
function resultInfoFrom(body: JsonObject, presets: readonly Preset[], what: string): ResultInfo {
  const code = requiredInteger(body, 'code', 100, 599);
  const subcode = requiredInteger(body, 'subcode', 0, 2_147_483_647);
  const message = optionalString(body, 'message') ?? presetMessage(presets, code, subcode) ?? `${what} (${code}/${subcode}), injected by the sandbox control surface.`;
  return { code, subcode, message };
}

// --- the surface -----------------------------------------------------------------------------------

type Handler = (req: ControlRequest, params: RouteParams) => ControlResponse;

function json(status: number, body: unknown): ControlResponse {
  return { status, contentType: 'application/json; charset=utf-8', payload: JSON.stringify(body, null, 2) };
}

function errorJson(err: ControlError): ControlResponse {
  return { ...json(err.status, { error: { code: err.code, message: err.message } }), headers: err.headers };
}

function threadIdOf(m: StoredMeeting): string | null {
  const chat = m.meeting['chatInfo'];
  return isJsonObject(chat) && typeof chat['threadId'] === 'string' ? chat['threadId'] : null;
}

interface PersonView {
  readonly id: string | null;
  readonly userPrincipalName: string | null;
  readonly displayName: string | null;
}

interface MeetingView {
  readonly id: string;
  readonly subject: string | null;
  readonly threadId: string | null;
  readonly externalId: string | null;
  readonly organizer: PersonView;
  readonly attendees: readonly PersonView[];
  /** Who is in the meeting's call now. */
  readonly people: readonly PersonView[];
}

interface CallView {
  readonly id: string;
  readonly state: string;
  readonly threadId: string | null;
  readonly meetingId: string | null;
  readonly createdAt: string;
  readonly terminatedAt: string | null;
  readonly resultInfo: ResultInfo | null;
  /** Who is in the call's meeting now. */
  readonly people: readonly PersonView[];
  readonly notificationsSent: number;
}

interface ControlDocument {
  readonly name: string;
  readonly description: string;
  readonly ui: string;
  readonly endpoints: typeof ENDPOINTS;
  readonly presets: { readonly drop: readonly (ResultInfo & { label: string })[]; readonly nextCallFailure: readonly (ResultInfo & { label: string })[] };
  readonly users: readonly PersonView[];
  readonly meetings: readonly MeetingView[];
  readonly calls: readonly CallView[];
  readonly accessPolicyDenied: readonly PersonView[];
  readonly throttle: { readonly pendingRequests: number };
}

const personOf = (u: SandboxUser): PersonView => ({ id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName });

export class ControlSurface {
  private readonly deps: ControlSurfaceDeps;
  private readonly router = new Router<ControlRequest, ControlResponse>();

  constructor(deps: ControlSurfaceDeps) {
    this.deps = deps;
    const add = (method: 'GET' | 'POST', path: string, handler: Handler): void => void this.router.add(method, `/${CONTROL_PREFIX}${path}`, handler);
    add('GET', '', () => json(200, this.document()));
    add('GET', '/ui', () => this.ui());
    add('POST', '/meetings/{key}/join', (req, p) => this.join(req, p['key'] ?? ''));
    add('POST', '/meetings/{key}/leave', (req, p) => this.leave(req, p['key'] ?? ''));
    add('POST', '/calls/{callId}/drop', (req, p) => this.drop(req, p['callId'] ?? ''));
    add('POST', '/next-call/fail', (req) => this.failNext(req));
    add('POST', '/policies/{organizer}/deny', (req, p) => this.policy(req, p['organizer'] ?? '', false));
    add('POST', '/policies/{organizer}/allow', (req, p) => this.policy(req, p['organizer'] ?? '', true));
    add('POST', '/throttle', (req) => this.throttle(req));
    add('POST', '/delivery', (req) => this.delivery(req));
  }

  /** The response for a /_sandbox… request; undefined for every other path (Graph's, the token endpoint's, …). */
  async handle(http: ControlHttpRequest): Promise<ControlResponse | undefined> {
    const segments = splitPath(http.pathname);
    if (segments[0]?.toLowerCase() !== CONTROL_PREFIX) return undefined;
    try {
      checkClient(http);
      const match = this.router.match(http.method, segments);
      if (match.kind === 'not-found') {
        throw notFound(`No control endpoint at ${http.pathname}. GET /${CONTROL_PREFIX} lists them.`);
      }
      if (match.kind === 'method-not-allowed') {
        throw new ControlError(405, 'methodNotAllowed', `${http.method} is not supported here; use ${match.allowed.join(', ')}.`, {
          Allow: match.allowed.join(', '),
        });
      }
      return await match.handler({ http }, match.params);
    } catch (e: unknown) {
      if (e instanceof ControlError) return errorJson(e);
      return errorJson(new ControlError(500, 'internalError', e instanceof Error ? e.message : String(e)));
    }
  }

  // --- state ---------------------------------------------------------------------------------------

  private user(key: string, what: string): SandboxUser {
    const user = this.deps.directory.find(key);
    if (user === undefined) throw notFound(`No ${what} '${key}' in the sandbox directory (use an object id or userPrincipalName).`);
    return user;
  }

  private people(threadId: string | null): PersonView[] {
    return threadId === null ? [] : this.deps.control.peopleInMeeting(threadId).map(personOf);
  }

  /** Thread id of a meeting named by its chat thread id, its online meeting id, or the id of a call in it. */
  private resolveThread(key: string): string {
    const c = this.deps.control.calls().find((v) => v.id.toLowerCase() === key.toLowerCase());
    if (c !== undefined) {
      if (c.threadId === null) throw conflict(`Call '${key}' is not in a known meeting (its join named no sandbox meeting).`);
      return c.threadId;
    }
    for (const m of this.deps.control.meetings()) {
      const threadId = threadIdOf(m);
      if (threadId !== null && (threadId === key || m.meeting.id === key)) return threadId;
    }
    if (this.deps.control.calls().some((v) => v.threadId === key)) return key;
    throw notFound(`No meeting with thread id, online meeting id or call id '${key}'.`);
  }

  private attendees(m: StoredMeeting): PersonView[] {
    const participants = m.meeting['participants'];
    const list = isJsonObject(participants) && Array.isArray(participants['attendees']) ? participants['attendees'] : [];
    return list.filter(isJsonObject).map((a) => {
      const identity = a['identity'];
      const u = isJsonObject(identity) && isJsonObject(identity['user']) ? identity['user'] : undefined;
      const id = u !== undefined && typeof u['id'] === 'string' ? u['id'] : null;
      const upn = typeof a['upn'] === 'string' ? a['upn'] : null;
      const known = (id !== null ? this.deps.directory.findById(id) : undefined) ?? (upn !== null ? this.deps.directory.find(upn) : undefined);
      return known !== undefined ? personOf(known) : { id, userPrincipalName: upn, displayName: null };
    });
  }

  private meetingViews(): MeetingView[] {
    return this.deps.control.meetings().map((m) => {
      const threadId = threadIdOf(m);
      const organizer = this.deps.directory.findById(m.organizerId);
      return {
        id: m.meeting.id,
        subject: typeof m.meeting['subject'] === 'string' ? m.meeting['subject'] : null,
        threadId,
        externalId: m.meeting.externalId,
        organizer: organizer !== undefined ? personOf(organizer) : { id: m.organizerId, userPrincipalName: null, displayName: null },
        attendees: this.attendees(m),
        people: this.people(threadId),
      };
    });
  }

  private callView(c: SandboxCallView): CallView {
    return {
      id: c.id,
      state: c.state,
      threadId: c.threadId,
      meetingId: c.meetingId,
      createdAt: new Date(c.createdAt).toISOString(),
      terminatedAt: c.terminatedAt === null ? null : new Date(c.terminatedAt).toISOString(),
      resultInfo: c.resultInfo,
      people: this.people(c.threadId),
      notificationsSent: c.notifications.length,
    };
  }

  private deniedOrganizers(): PersonView[] {
    return [...this.deps.deniedOrganizers()].map((id) => {
      const u = this.deps.directory.findById(id);
      return u !== undefined ? personOf(u) : { id, userPrincipalName: null, displayName: null };
    });
  }

  private document(): ControlDocument {
    return {
      name: 'Graph sandbox control surface',
      description:
        'Demo and test controls over the embedded Graph sandbox. Not Graph: no auth, loopback only, no latency or throttling, not logged in control.requests. Bodies are JSON; errors are {"error":{"code","message"}}.',
      ui: `/${CONTROL_PREFIX}/ui`,
      endpoints: ENDPOINTS,
      presets: {
        drop: DROP_PRESETS.map((p) => ({ label: p.label, ...p.info })),
        nextCallFailure: FAIL_PRESETS.map((p) => ({ label: p.label, ...p.info })),
      },
      users: this.deps.directory.all().map(personOf),
      meetings: this.meetingViews(),
      calls: this.deps.control.calls().map((c) => this.callView(c)),
      accessPolicyDenied: this.deniedOrganizers(),
      throttle: { pendingRequests: this.deps.throttledRequestsPending() },
    };
  }

  // --- actions -------------------------------------------------------------------------------------

  private join(req: ControlRequest, key: string): ControlResponse {
    const body = jsonBody(req, ['userIdOrUpn', 'isMuted', 'isInLobby']);
    const user = this.user(requiredString(body, 'userIdOrUpn'), 'user');
    const isMuted = optionalBoolean(body, 'isMuted');
    const isInLobby = optionalBoolean(body, 'isInLobby');
    const threadId = this.resolveThread(key);
    const before = this.deps.control.peopleInMeeting(threadId).some((u) => u.id === user.id);
    this.deps.control.joinMeeting(threadId, user.id, {
      ...(isMuted !== undefined ? { isMuted } : {}),
      ...(isInLobby !== undefined ? { isInLobby } : {}),
    });
    return json(200, this.presenceResult(threadId, user, !before));
  }

  private leave(req: ControlRequest, key: string): ControlResponse {
    const body = jsonBody(req, ['userIdOrUpn']);
    const user = this.user(requiredString(body, 'userIdOrUpn'), 'user');
    const threadId = this.resolveThread(key);
    const before = this.deps.control.peopleInMeeting(threadId).some((u) => u.id === user.id);
    this.deps.control.leaveMeeting(threadId, user.id);
    return json(200, this.presenceResult(threadId, user, before));
  }

  private presenceResult(threadId: string, user: SandboxUser, changed: boolean): Record<string, unknown> {
    return {
      ok: true,
      threadId,
      user: personOf(user),
      // false: the user already was (join) or was not (leave) in the meeting; nothing was sent.
      changed,
      people: this.people(threadId),
      calls: this.deps.control
        .calls()
        .filter((c) => c.threadId === threadId && c.state !== 'terminated')
        .map((c) => ({ id: c.id, state: c.state })),
    };
  }

  private drop(req: ControlRequest, callId: string): ControlResponse {
    const body = jsonBody(req, ['code', 'subcode', 'message']);
    const c = this.deps.control.calls().find((v) => v.id.toLowerCase() === callId.toLowerCase());
    if (c === undefined) throw notFound(`No call '${callId}'.`);
    const info = Object.keys(body).length === 0 ? RESULT_INFO.mediaConnectivity : resultInfoFrom(body, DROP_PRESETS, 'Call dropped');
    if (c.state !== 'establishing' && c.state !== 'established') throw conflict(`Call '${c.id}' is already ${c.state}.`);
    this.deps.control.dropCall(c.id, info);
    return json(200, { ok: true, callId: c.id, resultInfo: info });
  }

  private failNext(req: ControlRequest): ControlResponse {
    const body = jsonBody(req, ['code', 'subcode', 'message', 'synchronous']);
    const info = resultInfoFrom(body, FAIL_PRESETS, 'Call failed');
    const synchronous = optionalBoolean(body, 'synchronous') ?? false;
    this.deps.control.failNextCall(info, { synchronous });
    return json(200, { ok: true, resultInfo: info, synchronous });
  }

  private policy(req: ControlRequest, key: string, allow: boolean): ControlResponse {
    jsonBody(req, []);
    const organizer = this.user(key, 'organizer');
    if (allow) this.deps.control.allowAccessPolicy(organizer.id);
    else this.deps.control.denyAccessPolicy(organizer.id);
    return json(200, { ok: true, organizer: personOf(organizer), accessPolicy: allow ? 'granted' : 'denied', accessPolicyDenied: this.deniedOrganizers() });
  }

  private throttle(req: ControlRequest): ControlResponse {
    const body = jsonBody(req, ['count', 'retryAfterSeconds']);
    const count = requiredInteger(body, 'count', 0, 10_000);
    const retryAfterSeconds = requiredInteger(body, 'retryAfterSeconds', 0, 86_400);
    this.deps.control.throttleNext(count, retryAfterSeconds);
    return json(200, { ok: true, count, retryAfterSeconds, pendingRequests: this.deps.throttledRequestsPending() });
  }

  private delivery(req: ControlRequest): ControlResponse {
    const body = jsonBody(req, ['duplicate', 'reverseOrder']);
    const duplicate = optionalBoolean(body, 'duplicate');
    const reverseOrder = optionalBoolean(body, 'reverseOrder');
    if (duplicate === undefined && reverseOrder === undefined) throw badRequest("Give 'duplicate' and/or 'reverseOrder' (true or false).");
    const applied = { ...(duplicate !== undefined ? { duplicate } : {}), ...(reverseOrder !== undefined ? { reverseOrder } : {}) };
    this.deps.control.setNotificationDelivery(applied);
    return json(200, { ok: true, applied });
  }

  // --- the page ------------------------------------------------------------------------------------

  private ui(): ControlResponse {
    const nonce = randomUUID().replace(/-/g, '');
    return {
      status: 200,
      contentType: 'text/html; charset=utf-8',
      payload: renderPage(this.document(), this.deps.directory.all(), nonce),
      headers: {
        'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
        'X-Content-Type-Options': 'nosniff',
      },
    };
  }
}

/** Writes a control response (no Graph headers). */
export function writeControlResponse(res: ServerResponse, r: ControlResponse): void {
  res.writeHead(r.status, {
    'Content-Type': r.contentType,
    'Content-Length': Buffer.byteLength(r.payload),
    'Cache-Control': 'no-store',
    ...(r.headers ?? {}),
  });
  res.end(r.payload);
}

// --- HTML ------------------------------------------------------------------------------------------

function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function names(people: readonly PersonView[]): string {
  if (people.length === 0) return '<em>nobody</em>';
  return people.map((p) => esc(p.displayName ?? p.userPrincipalName ?? p.id)).join(', ');
}

function userOptions(users: readonly SandboxUser[]): string {
  return users.map((u) => `<option value="${esc(u.userPrincipalName)}">${esc(u.displayName)} (${esc(u.userPrincipalName)})</option>`).join('');
}

function resultOptions(presets: readonly Preset[]): string {
  return presets.map((p) => `<option value="${p.info.code}/${p.info.subcode}">${p.info.code}/${p.info.subcode} — ${esc(p.label)}</option>`).join('');
}

const PAGE_SCRIPT = `
const out = document.getElementById('out');
out.textContent = sessionStorage.getItem('sandbox-out') || '';
document.addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.target, used = new Set();
  const template = (e.submitter && e.submitter.getAttribute('formaction')) || form.getAttribute('action');
  const action = template.replace(/\\{(\\w+)\\}/g, (_, n) => { used.add(n); return encodeURIComponent(form.elements[n].value); });
  const body = {};
  for (const el of form.elements) {
    if (!el.name || el.tagName === 'BUTTON' || used.has(el.name)) continue;
    if (el.type === 'checkbox') body[el.name] = el.checked;
    else if (el.name === 'result') { const [c, s] = el.value.split('/'); body.code = Number(c); body.subcode = Number(s); }
    else if (el.type === 'number') body[el.name] = el.value === '' ? null : Number(el.value);
    else if (el.value !== '') body[el.name] = el.value;
  }
  const res = await fetch(action, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = 'POST ' + action + ' → ' + res.status + '\\n' + (await res.text());
  sessionStorage.setItem('sandbox-out', text);
  out.textContent = text;
  if (res.ok) setTimeout(() => location.reload(), 700);
});
`;

const PAGE_STYLE = `
body { font: 14px system-ui, sans-serif; margin: 1.5em; max-width: 70em; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #ccc; padding: .3em .5em; vertical-align: top; text-align: left; }
code { font-size: 12px; word-break: break-all; } form { margin: .3em 0; } section { margin-bottom: 1.5em; }
pre { background: #f4f4f4; padding: .5em; white-space: pre-wrap; }
`;

function renderPage(doc: ControlDocument, users: readonly SandboxUser[], nonce: string): string {
  const opts = userOptions(users);

  const meetingRows = doc.meetings
    .map((m) => {
      const base = `/${CONTROL_PREFIX}/meetings/${encodeURIComponent(m.threadId ?? m.id)}`;
      return `<tr><td>${esc(m.subject)}<br><small>organizer: ${esc(m.organizer.displayName ?? m.organizer.id)}</small><br><small>id: <code>${esc(m.id)}</code></small></td>
<td><code>${esc(m.threadId)}</code></td><td>${names(m.attendees)}</td><td>${names(m.people)}</td>
<td><form class="presence" method="post" action="${esc(base)}/join"><select name="userIdOrUpn">${opts}</select>
<button type="submit" formaction="${esc(base)}/join">Join</button> <button type="submit" formaction="${esc(base)}/leave">Leave</button></form></td></tr>`;
    })
    .join('\n');

  const callRows = doc.calls
    .map((c) => {
      const live = c.state === 'establishing' || c.state === 'established';
      const info = c.resultInfo === null ? '' : `${c.resultInfo.code}/${c.resultInfo.subcode} ${esc(c.resultInfo.message)}`;
      const drop = live
        ? `<form class="drop" method="post" action="/${CONTROL_PREFIX}/calls/${esc(encodeURIComponent(c.id))}/drop"><select name="result">${resultOptions(DROP_PRESETS)}</select> <button type="submit">Drop</button></form>`
        : '';
      return `<tr><td><code>${esc(c.id)}</code></td><td>${esc(c.state)}</td><td><code>${esc(c.threadId)}</code></td><td>${names(c.people)}</td><td>${info}</td><td>${drop}</td></tr>`;
    })
    .join('\n');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Graph sandbox controls</title><style nonce="${nonce}">${PAGE_STYLE}</style></head>
<body>
<h1>Graph sandbox controls</h1>
<p><a href="/${CONTROL_PREFIX}/ui">Refresh</a> · <a href="/${CONTROL_PREFIX}">JSON</a>. Actions answer JSON (shown below); the page reloads after a success.</p>
<noscript><p>The buttons need JavaScript (they POST JSON).</p></noscript>
<pre id="out"></pre>

<section><h2>Meetings</h2>
${doc.meetings.length === 0 ? '<p>No meetings yet.</p>' : `<table><tr><th>Subject</th><th>Thread id</th><th>Attendees</th><th>In the call now</th><th>Make someone join / leave</th></tr>\n${meetingRows}</table>`}
</section>

<section><h2>Calls (bot legs)</h2>
${doc.calls.length === 0 ? '<p>No calls yet.</p>' : `<table><tr><th>Id</th><th>State</th><th>Thread id</th><th>People in the meeting</th><th>Result</th><th>Drop</th></tr>\n${callRows}</table>`}
</section>

<section><h2>Next call fails</h2>
<form id="next-call-fail" method="post" action="/${CONTROL_PREFIX}/next-call/fail"><select name="result">${resultOptions(FAIL_PRESETS)}</select>
<label><input type="checkbox" name="synchronous"> synchronous (HTTP error instead of 201 + terminated)</label> <button type="submit">Arm</button></form>
</section>

<section><h2>Application access policy</h2>
<p>Denied: ${names(doc.accessPolicyDenied)}</p>
<form id="policy" method="post" action="/${CONTROL_PREFIX}/policies/{organizer}/deny"><select name="organizer">${opts}</select>
<button type="submit" formaction="/${CONTROL_PREFIX}/policies/{organizer}/deny">Deny</button> <button type="submit" formaction="/${CONTROL_PREFIX}/policies/{organizer}/allow">Allow</button></form>
</section>

<section><h2>Throttling</h2>
<p>Graph requests still to throttle: ${doc.throttle.pendingRequests}</p>
<form id="throttle" method="post" action="/${CONTROL_PREFIX}/throttle"><label>next <input type="number" name="count" min="0" value="3"> requests</label>
<label>Retry-After <input type="number" name="retryAfterSeconds" min="0" value="2"> s</label> <button type="submit">Throttle</button></form>
</section>

<section><h2>Notification delivery</h2>
<form id="delivery" method="post" action="/${CONTROL_PREFIX}/delivery"><label><input type="checkbox" name="duplicate"> duplicate every notification</label>
<label><input type="checkbox" name="reverseOrder"> established before establishing</label> <button type="submit">Apply</button> <small>(sets both flags as ticked; default: both off)</small></form>
</section>
<script nonce="${nonce}">${PAGE_SCRIPT}</script>
</body></html>
`;
}
