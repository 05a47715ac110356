/**
 * The sandbox's cloud-communications service: bot call legs into the meetings of the MeetingStore,
 * the people "in" each meeting's call, and the notifications the service POSTs to each leg's
 * callbackUri (signed with the NotificationSigner).
 *
 * Model
 *  - A call is one bot leg, created by POST /communications/calls. It goes establishing →
 *    established (or → terminated when the join fails), then terminating → terminated.
 *  - People are per meeting (keyed by the meeting's chat thread id): joinMeeting/leaveMeeting or an
 *    answered invite change who is there, and every live leg in that meeting gets a roster
 *    notification (resourceData = the whole roster: the bot itself + everyone present). A new leg into
 *    the same meeting sees whoever is there at that time.
 *  - When the last person leaves a meeting in which a leg had seen someone, the group call ends:
 *    each such leg is terminated with 200/5002.
 *
 * Delivery (ordering, signing, the one retry) is NotificationDelivery's; the resources served are
 * call-views.ts', which meeting a join names is meeting-resolution.ts', the operations call-operations.ts'.
 */
import type { SandboxUser } from '../users/directory';
import { GraphError, badRequest } from '../graph-errors';
import { RESULT_INFO, callNotFound, parseJoinCallRequest, type ResultInfo } from './call-resources';
import { TimerSet } from '../../http/timers';
import { AttendanceLog, type MeetingSession } from './attendance-log';
import {
  type CallTimings,
  DEFAULT_TIMINGS,
  type NotificationDeliveryOptions,
  type SandboxCallView,
  type DeliveryResult,
  type CallLeg,
  type SimulatedCallsDeps,
  isLive,
  newCallLeg,
  describeError,
} from './call-model';
import { NotificationDelivery } from './notification-delivery';
import { CallLifecycle } from './call-lifecycle';
import { callResource, rosterOf, viewOf, type BotIdentity } from './call-views';
import { chatOf, checkTenant, invitedUsers, resolveMeeting } from './meeting-resolution';
import { MeetingPresence, type JoinOptions } from './meeting-presence';
import { startInvite, startPlayPrompt, type OperationContext, type StartedOperation } from './call-operations';

export type { CallTimings, DeliveryResult, NotificationDeliveryOptions, SandboxCallView } from './call-model';

export class SimulatedCalls {
  private readonly deps: SimulatedCallsDeps;
  private readonly timings: Required<CallTimings>;
  private readonly timers = new TimerSet((e) => process.emitWarning(`graph sandbox call simulation: ${describeError(e)}`));
  private readonly calls = new Map<string, CallLeg>();
  private readonly presence: MeetingPresence;
  private readonly delivery: NotificationDelivery;
  private readonly bot: BotIdentity;
  private readonly operations: OperationContext;
  private readonly lifecycle: CallLifecycle;
  private readonly attendance = new AttendanceLog();
  private pendingFailure: { info: ResultInfo; synchronous: boolean } | null = null;
  constructor(deps: SimulatedCallsDeps) {
    this.deps = deps;
    this.timings = { ...DEFAULT_TIMINGS, ...(deps.timings ?? {}) };
    for (const [k, v] of Object.entries(this.timings)) {
      if (!Number.isFinite(v) || v < 0) throw new RangeError(`callTimings.${k} must be a non-negative number, got ${v}`);
    }
    this.presence = new MeetingPresence(this.timers);
    this.delivery = new NotificationDelivery(this.timers, deps.signer, this.timings);
    this.bot = { appId: deps.botAppId, displayName: deps.botDisplayName, tenantId: deps.tenantId };
    this.lifecycle = new CallLifecycle(this.timers, this.timings, this.delivery, this.bot, {
      roster: (call) => this.roster(call),
      onEstablished: (call) => this.startAutoJoin(call),
      onTerminated: (call) => {
        if (call.threadId !== null && this.liveCallsIn(call.threadId).length === 0) this.presence.stopAutoJoin(call.threadId);
      },
    });
    this.operations = {
      timers: this.timers,
      timings: this.timings,
      delivery: this.delivery,
      directory: deps.directory,
      join: (threadId, user) => this.join(threadId, user, {}),
    };
  }

  // --- HTTP operations -----------------------------------------------------------------------------

  /** POST /communications/calls. Throws GraphError for synchronous failures. */
  create(body: unknown): { call: Record<string, unknown>; id: string } {
    const request = parseJoinCallRequest(body);
    checkTenant(request, this.deps.tenantId);

    const injected = this.pendingFailure;
    this.pendingFailure = null;
    if (injected?.synchronous === true) {
      const status = injected.info.code >= 400 && injected.info.code <= 599 ? injected.info.code : 500;
      throw new GraphError(status, String(injected.info.subcode), injected.info.message);
    }

    const resolved = resolveMeeting(request, this.deps.store);
    const meetingCall = resolved.threadId === null ? null : this.presence.meetingCall(resolved.threadId);
    const call = newCallLeg(request, {
      tenantId: request.tenantId ?? this.deps.tenantId,
      threadId: resolved.threadId,
      meetingId: resolved.meeting?.meeting.id ?? null,
      chatInfo: resolved.chatInfo,
      botSourceId: meetingCall === null ? 1 : meetingCall.nextSourceId++,
      failure: injected?.info ?? resolved.failure,
    });
    this.calls.set(call.id, call);
    this.lifecycle.establish(call);
    this.lifecycle.armKeepAlive(call);
    return { id: call.id, call: callResource(call, this.bot) };
  }

  get(id: string): Record<string, unknown> {
    const call = this.calls.get(id.toLowerCase());
    if (call === undefined || call.state === 'terminated') throw callNotFound(id);
    return callResource(call, this.bot);
  }

  participants(id: string): Record<string, unknown>[] {
    const call = this.calls.get(id.toLowerCase());
    if (call === undefined || call.state === 'terminated') throw callNotFound(id);
    return this.roster(call);
  }

  /** DELETE /communications/calls/{id}: the bot hangs up its leg. */
  hangUp(id: string): void {
    const call = this.calls.get(id.toLowerCase());
    if (call === undefined || !isLive(call)) throw callNotFound(id);
    this.lifecycle.end(call, RESULT_INFO.hungUpByApp, true);
  }

  /** POST …/keepAlive: 200 and a new 45-minute deadline; 404 once the call has ended (call-keepalive.md). */
  keepAlive(id: string): void {
    const call = this.calls.get(id.toLowerCase());
    if (call === undefined || !isLive(call)) throw callNotFound(id);
    this.lifecycle.armKeepAlive(call);
  }

  playPrompt(id: string, body: unknown): StartedOperation {
    return startPlayPrompt(this.operations, this.requireEstablished(id, 'playPrompt'), body);
  }

  invite(id: string, body: unknown): StartedOperation {
    return startInvite(this.operations, this.requireEstablished(id, 'invite'), body);
  }

  // --- control -------------------------------------------------------------------------------------

  views(): SandboxCallView[] {
    return [...this.calls.values()].map((c) => viewOf(c, this.bot));
  }

  joinMeeting(threadIdOrCallId: string, userKey: string, opts: JoinOptions = {}): void {
    const threadId = this.threadOf(threadIdOrCallId);
    const user = this.deps.directory.find(userKey);
    if (user === undefined) throw new Error(`joinMeeting: no user '${userKey}' in the sandbox directory`);
    this.join(threadId, user, opts);
  }

  leaveMeeting(threadIdOrCallId: string, userKey: string): void {
    const threadId = this.threadOf(threadIdOrCallId);
    const user = this.deps.directory.find(userKey);
    if (user === undefined) throw new Error(`leaveMeeting: no user '${userKey}' in the sandbox directory`);
    this.leave(threadId, user);
  }

  /** Read-only: who was in the meeting's call and when, per session (the attendance reports' source). */
  attendanceSessions(threadId: string): readonly MeetingSession[] {
    return this.attendance.sessions(threadId);
  }

  peopleInMeeting(threadIdOrCallId: string): SandboxUser[] {
    const threadId = this.threadOf(threadIdOrCallId);
    return this.presence.present(threadId).map((p) => p.user);
  }

  dropCall(callId: string, info: ResultInfo = RESULT_INFO.mediaConnectivity): void {
    const call = this.calls.get(callId.toLowerCase());
    if (call === undefined) throw new Error(`dropCall: no call '${callId}'`);
    if (!isLive(call)) return;
    this.lifecycle.end(call, info, true);
  }

  failNextCall(info: ResultInfo, opts: { synchronous?: boolean } = {}): void {
    this.pendingFailure = { info, synchronous: opts.synchronous === true };
  }

  setNotificationDelivery(opts: NotificationDeliveryOptions): void {
    this.delivery.configure(opts);
  }

  setAutoJoin(enabled: boolean, intervalMs = 1500): void {
    this.presence.setAutoJoin(enabled, intervalMs);
  }

  /** POSTs `body` to `callbackUri` with `Authorization: Bearer <token>` (none for null). Never throws. */
  sendRaw(callbackUri: string, body: unknown, token: string | null): Promise<DeliveryResult> {
    return this.delivery.post(callbackUri, body, token);
  }

  /** Pending timers (0 after reset/close). */
  get pendingTimers(): number {
    return this.timers.size;
  }

  reset(): void {
    this.delivery.reset();
    this.stopEverything();
    this.calls.clear();
    this.presence.reset();
    this.attendance.clear();
    this.pendingFailure = null;
  }

  async close(): Promise<void> {
    const closing = this.delivery.close();
    this.stopEverything();
    this.timers.dispose();
    await closing;
  }

  // --- internals -----------------------------------------------------------------------------------

  private stopEverything(): void {
    this.timers.clearAll();
    for (const c of this.calls.values()) c.timers.clear();
    this.presence.forgetTimers();
  }

  private threadOf(threadIdOrCallId: string): string {
    const call = this.calls.get(threadIdOrCallId.toLowerCase());
    if (call !== undefined) {
      if (call.threadId === null) throw new Error(`call '${threadIdOrCallId}' is not in a known meeting`);
      return call.threadId;
    }
    const known = this.presence.has(threadIdOrCallId) || this.deps.store.all().some((m) => chatOf(m)?.threadId === threadIdOrCallId);
    if (!known) throw new Error(`no meeting with thread id (or call with id) '${threadIdOrCallId}'`);
    return threadIdOrCallId;
  }

  private liveCallsIn(threadId: string): CallLeg[] {
    return [...this.calls.values()].filter((c) => c.threadId === threadId && isLive(c));
  }

  private join(threadId: string, user: SandboxUser, opts: JoinOptions): void {
    if (!this.presence.join(threadId, user, opts)) return;
    this.attendance.joined(threadId, user, Date.now());
    for (const call of this.liveCallsIn(threadId)) {
      if (call.state === 'established') this.lifecycle.sendRoster(call);
    }
  }

  private leave(threadId: string, user: SandboxUser): void {
    const left = this.presence.leave(threadId, user);
    if (left === undefined) return;
    this.attendance.left(threadId, user, Date.now(), left.empty);
    const established = this.liveCallsIn(threadId).filter((c) => c.state === 'established');
    for (const call of established) this.lifecycle.sendRoster(call);
    if (left.empty) {
      // Everybody but the bot(s) has left: the group call ends for every leg that had company.
      for (const call of established) {
        if (call.sawOthers) this.lifecycle.end(call, RESULT_INFO.allOthersLeft, false);
      }
    }
  }

  private requireEstablished(id: string, action: string): CallLeg {
    const call = this.calls.get(id.toLowerCase());
    if (call === undefined || !isLive(call)) throw callNotFound(id);
    if (call.state !== 'established') {
      // Wording and status inferred: the action needs an established call.
      throw badRequest(`The call is in state '${call.state}'; ${action} requires an established call.`);
    }
    return call;
  }

  private startAutoJoin(call: CallLeg): void {
    const threadId = call.threadId;
    if (threadId === null) return;
    const stored = (): SandboxUser[] => {
      const meeting = this.deps.store.all().find((m) => chatOf(m)?.threadId === threadId);
      return meeting === undefined ? [] : invitedUsers(meeting, this.deps.directory);
    };
    this.presence.startAutoJoin(threadId, stored, () => this.liveCallsIn(threadId).length > 0, (user) => this.join(threadId, user, {}));
  }

  private roster(call: CallLeg): Record<string, unknown>[] {
    return rosterOf(call, this.presence.present(call.threadId), this.bot);
  }
}
