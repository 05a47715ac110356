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
 *   POST /_sandbox/alerts/fire                       {url, status?, pagerDutySigningSecret?} (control-alerts.ts)
 *   POST /_sandbox/latency                           {ms}   (artificial delay before every top-level Graph request)
 *   GET  /_sandbox/requests?since={epochMs}          → the recent Graph request log (method, path, status, at, finishedAt)
 *   POST /_sandbox/notification-token                → a bearer token signed like the calling service's (for outside benchmarks)
 *
 * Not Graph: no latency, authorization or throttling applies, the requests are not in control.requests,
 * and none of it is reachable as /v1.0/… or as a $batch item (the Graph router does not know it).
 * No authentication either, so it only answers loopback clients, and (against other web pages in the
 * same browser, and DNS rebinding) only requests whose Host is a loopback name and whose Origin, when
 * present, is the sandbox itself.
 */
import type { SandboxCallView } from '../graph/calls/simulated-calls';
import type { SandboxUser } from '../graph/users/directory';
import type { GraphSandboxControl } from '../graph/graph-sandbox-types';
import { RESULT_INFO } from '../graph/calls/call-resources';
import { isJsonObject } from '../http/http-util';
import type { StoredMeeting } from '../graph/meetings/meeting-store';
import { Router, splitPath, type RouteParams } from '../http/router';
import type { UserDirectory } from '../graph/users/user-directory';
import { changeRole, type IdentityControls } from './world-description';
import { pageResponse, personOf, threadIdOf, type CallView, type ControlDocument, type MeetingView, type PersonView } from './control-page';
import { fireSampleAlert } from './control-alerts';
import { notificationToken, requestLog, setLatency } from './control-bench';
import { CONTROL_PREFIX, DROP_PRESETS, ENDPOINTS, FAIL_PRESETS } from './control-presets';
import { ControlError, badRequest, checkClient, conflict, errorJson, json, jsonBody, notFound, optionalBoolean, requiredInteger, requiredString, resultInfoFrom, type ControlHttpRequest, type ControlRequest, type ControlResponse } from './control-requests';


export interface ControlSurfaceDeps {
  readonly control: GraphSandboxControl;
  readonly directory: UserDirectory;
  /** Object ids (lower case) of organizers whose application access policy is denied. */
  readonly deniedOrganizers: () => Iterable<string>;
  /** Top-level Graph requests still to be throttled. */
  readonly throttledRequestsPending: () => number;
  /** The world (tenant, app registration, URLs, CA) and the app-role controls. */
  readonly identity: IdentityControls;
  /** The artificial latency now applied to top-level Graph requests. */
  readonly latencyMs?: () => number;
}

// --- the surface -----------------------------------------------------------------------------------

type Handler = (req: ControlRequest, params: RouteParams) => ControlResponse | Promise<ControlResponse>;

export class ControlSurface {
  private readonly deps: ControlSurfaceDeps;
  private readonly router = new Router<ControlRequest, ControlResponse | Promise<ControlResponse>>();

  constructor(deps: ControlSurfaceDeps) {
    this.deps = deps;
    const add = (method: 'GET' | 'POST', path: string, handler: Handler): void => void this.router.add(method, `/${CONTROL_PREFIX}${path}`, handler);
    add('GET', '', () => json(200, this.document()));
    add('GET', '/ui', () => this.ui());
    add('POST', '/meetings/{key}/join', (req, p) => this.join(req, p['key'] ?? ''));
    add('POST', '/meetings/{key}/leave', (req, p) => this.leave(req, p['key'] ?? ''));
    add('POST', '/calls/{callId}/drop', (req, p) => this.drop(req, p['callId'] ?? ''));
    add('POST', '/next-call/fail', (req) => this.failNext(req));
    add('POST', '/app-roles/{role}/remove', (_req, p) => changeRole(this.deps.identity, p['role'] ?? '', 'remove'));
    add('POST', '/app-roles/{role}/restore', (_req, p) => changeRole(this.deps.identity, p['role'] ?? '', 'restore'));
    add('POST', '/policies/{organizer}/deny', (req, p) => this.policy(req, p['organizer'] ?? '', false));
    add('POST', '/policies/{organizer}/allow', (req, p) => this.policy(req, p['organizer'] ?? '', true));
    add('POST', '/throttle', (req) => this.throttle(req));
    add('POST', '/delivery', (req) => this.delivery(req));
    add('POST', '/alerts/fire', (req) => fireSampleAlert(req));
    add('POST', '/latency', (req) => setLatency(this.deps.control, this.deps.latencyMs, req));
    add('GET', '/requests', (req) => requestLog(this.deps.control, req));
    add('POST', '/notification-token', (req) => notificationToken(this.deps.control, req));
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
      world: { ...this.deps.identity.world(), people: this.deps.directory.all().map(personOf) },
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

  private ui(): ControlResponse {
    return pageResponse(this.document(), this.deps.directory.all());
  }
}
