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
 * Delivery
 *  - Notifications of one leg are delivered one after the other (each POST waits for the previous
 *    answer), in the order the service produced them, unless setNotificationDelivery asks for
 *    reversed establishing/established, duplicates or extra latency.
 *  - Every POST is recorded with the bot's HTTP status (or the connection error). A delivery that
 *    failed with a connection error, a timeout, 408, 429 or 5xx is retried once after retryDelayMs
 *    (default 1 s); other 4xx answers (e.g. 401/403 for a rejected token) are final. Graph documents
 *    no retry policy for call notifications: this "retries a little" stand-in is inferred.
 */
import { randomUUID } from 'node:crypto';
import type { SandboxUser } from '../users/directory';
import { GraphError, badRequest } from '../graph-errors';
import { isJsonObject } from '../../http/http-util';
import type { StoredMeeting } from '../meetings/meeting-store';
import { MAX_INVITEES_WITH_CHAT_INFO, parseInvite, parsePlayPrompt } from './call-actions';
import { applicationIdentity, commsNotification, commsNotifications, compactId, participantResource, userIdentity } from './call-notifications';
import {
  RESULT_INFO,
  callNotFound,
  parseJoinCallRequest,
  resultInfoResource,
  tenantMismatch,
  type JoinCallRequest,
  type ResultInfo,
} from './call-resources';
import { TimerSet } from '../../http/timers';
import { AttendanceLog, type MeetingSession } from './attendance-log';
import {
  SandboxCallState,
  CallTimings,
  DEFAULT_TIMINGS,
  NotificationDeliveryOptions,
  DEFAULT_DELIVERY,
  NotificationRecord,
  SandboxCallOperation,
  SandboxCallView,
  DeliveryResult,
  CallLeg,
  MeetingCall,
  SimulatedCallsDeps,
  isLive,
  retryable,
  describeError,
} from './call-model';

export type { CallTimings, DeliveryResult, NotificationDeliveryOptions, SandboxCallView } from './call-model';

export class SimulatedCalls {
  private readonly deps: SimulatedCallsDeps;
  private readonly timings: Required<CallTimings>;
  private readonly timers = new TimerSet((e) => process.emitWarning(`graph sandbox call simulation: ${describeError(e)}`));
  private readonly calls = new Map<string, CallLeg>();
  private readonly meetings = new Map<string, MeetingCall>();
  private readonly attendance = new AttendanceLog();
  private readonly inflight = new Set<{ controller: AbortController; done: Promise<unknown> }>();
  private delivery: Required<NotificationDeliveryOptions> = { ...DEFAULT_DELIVERY };
  private pendingFailure: { info: ResultInfo; synchronous: boolean } | null = null;
  private autoJoin: { enabled: boolean; intervalMs: number } = { enabled: false, intervalMs: 1500 };
  private epoch = 0;
  private closed = false;

  constructor(deps: SimulatedCallsDeps) {
    this.deps = deps;
    this.timings = { ...DEFAULT_TIMINGS, ...(deps.timings ?? {}) };
    for (const [k, v] of Object.entries(this.timings)) {
      if (!Number.isFinite(v) || v < 0) throw new RangeError(`callTimings.${k} must be a non-negative number, got ${v}`);
    }
  }

  // --- HTTP operations -----------------------------------------------------------------------------

  /** POST /communications/calls. Throws GraphError for synchronous failures. */
  create(body: unknown): { call: Record<string, unknown>; id: string } {
    const request = parseJoinCallRequest(body);
    this.checkTenant(request);

    const injected = this.pendingFailure;
    this.pendingFailure = null;
    if (injected?.synchronous === true) {
      const status = injected.info.code >= 400 && injected.info.code <= 599 ? injected.info.code : 500;
      throw new GraphError(status, String(injected.info.subcode), injected.info.message);
    }

    const resolved = this.resolveMeeting(request);
    const meetingCall = resolved.threadId === null ? null : this.meetingCall(resolved.threadId);
    const call: CallLeg = {
      id: randomUUID(),
      callChainId: randomUUID(),
      myParticipantId: randomUUID(),
      createdAt: Date.now(),
      request,
      tenantId: request.tenantId ?? this.deps.tenantId,
      threadId: resolved.threadId,
      meetingId: resolved.meeting?.meeting.id ?? null,
      chatInfo: resolved.chatInfo,
      botSourceId: meetingCall === null ? 1 : meetingCall.nextSourceId++,
      failure: injected?.info ?? resolved.failure,
      state: 'establishing',
      resultInfo: null,
      terminatedAt: null,
      activeModalities: [],
      sawOthers: false,
      operations: [],
      notifications: [],
      timers: new Set(),
      chain: Promise.resolve(),
    };
    this.calls.set(call.id, call);
    this.scheduleEstablishment(call);
    return { id: call.id, call: this.callResource(call) };
  }

  get(id: string): Record<string, unknown> {
    const call = this.calls.get(id.toLowerCase());
    if (call === undefined || call.state === 'terminated') throw callNotFound(id);
    return this.callResource(call);
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
    this.endCall(call, RESULT_INFO.hungUpByApp, true);
  }

  keepAlive(id: string): void {
    const call = this.calls.get(id.toLowerCase());
    if (call === undefined || !isLive(call)) throw callNotFound(id);
  }

  playPrompt(id: string, body: unknown): { operation: Record<string, unknown>; id: string } {
    const call = this.requireEstablished(id, 'playPrompt');
    const { clientContext } = parsePlayPrompt(body);
    const op: SandboxCallOperation = { id: randomUUID(), type: 'playPrompt', status: 'running', clientContext, resultInfo: null };
    call.operations.push(op);
    this.timers.after(
      this.timings.promptMs,
      () => {
        if (!isLive(call)) return;
        op.status = 'completed';
        op.resultInfo = RESULT_INFO.actionCompleted;
        // call-playprompt.md's completion notification names the call and the operation in the
        // compact form (upper case, no dashes) and carries @odata.id instead of id.
        const path = `/calls/${compactId(call.id)}/operations/${compactId(op.id)}`;
        this.enqueue(call, 'operation:playPrompt:completed', 'deleted', path, {
          '@odata.type': '#microsoft.graph.playPromptOperation',
          '@odata.id': `/communications${path}`,
          '@odata.etag': 'W/"1"',
          resultInfo: resultInfoResource(RESULT_INFO.actionCompleted),
          clientContext,
          status: 'completed',
        });
      },
      call.timers,
    );
    return {
      id: op.id,
      operation: { '@odata.type': '#microsoft.graph.playPromptOperation', id: op.id, status: 'running', clientContext, resultInfo: null },
    };
  }

  invite(id: string, body: unknown): { operation: Record<string, unknown>; id: string } {
    const call = this.requireEstablished(id, 'invite');
    const { clientContext, invitees } = parseInvite(body);
    if (call.chatInfo !== null && invitees.length > MAX_INVITEES_WITH_CHAT_INFO) {
      // Limit documented in participant-invite.md; the error wording is inferred.
      throw badRequest(`Inviting more than ${MAX_INVITEES_WITH_CHAT_INFO} participants in one request is not supported for calls with chatInfo.`);
    }
    const op: SandboxCallOperation = { id: randomUUID(), type: 'invite', status: 'running', clientContext, resultInfo: null };
    call.operations.push(op);
    const participantsOut = invitees.map((inv) => ({
      '@odata.type': '#microsoft.graph.invitationParticipantInfo',
      endpointType: null,
      id: null,
      replacesCallId: inv.replacesCallId,
      identity: {
        '@odata.type': '#microsoft.graph.identitySet',
        user: { '@odata.type': '#microsoft.graph.identity', id: inv.userId, identityProvider: 'AAD', tenantId: call.tenantId },
        application: null,
        device: null,
        phone: null,
      },
    }));
    this.timers.after(
      this.timings.inviteAnswerMs,
      () => {
        if (!isLive(call)) return;
        const known = invitees.map((inv) => ({ inv, user: this.deps.directory.findById(inv.userId) }));
        const unknown = known.find((k) => k.user === undefined);
        op.status = unknown === undefined ? 'completed' : 'failed';
        // Failure shape modeled on microsoft-graph-comms-samples#410 ("addParticipants failed for
        // participant …. Underlying reason: …. DiagCode: 412#10073"); code/subcode/reason inferred.
        op.resultInfo =
          unknown === undefined
            ? null
            : {
                code: 404,
                subcode: 9999,
                message: `addParticipants failed for participant 8:orgid:${unknown.inv.userId}. Underlying reason: The user was not found in the tenant.. DiagCode: 404#10037`,
              };
        const data: Record<string, unknown> = {
          '@odata.type': '#microsoft.graph.inviteParticipantsOperation',
          participants: participantsOut.map((p) => ({ '@odata.type': p['@odata.type'], identity: { '@odata.type': '#microsoft.graph.identitySet', user: p.identity.user } })),
          status: op.status,
          clientContext,
          id: op.id,
        };
        if (op.resultInfo !== null) data['resultInfo'] = resultInfoResource(op.resultInfo);
        this.enqueue(call, `operation:invite:${op.status}`, 'deleted', `/calls/${call.id}/operations/${op.id}`, data);
        for (const k of known) {
          if (k.user !== undefined && call.threadId !== null) this.join(call.threadId, k.user, {});
        }
      },
      call.timers,
    );
    return {
      id: op.id,
      operation: {
        '@odata.type': '#microsoft.graph.inviteParticipantsOperation',
        id: op.id,
        status: 'running',
        clientContext,
        resultInfo: null,
        participants: participantsOut,
      },
    };
  }

  // --- control -------------------------------------------------------------------------------------

  views(): SandboxCallView[] {
    return [...this.calls.values()].map((c) => ({
      id: c.id,
      state: c.state,
      threadId: c.threadId,
      meetingId: c.meetingId,
      callbackUri: c.request.callbackUri,
      myParticipantId: c.myParticipantId,
      createdAt: c.createdAt,
      terminatedAt: c.terminatedAt,
      resultInfo: c.resultInfo,
      operations: c.operations.map((o) => ({ ...o })),
      notifications: [...c.notifications],
      resource: this.callResource(c),
    }));
  }

  joinMeeting(threadIdOrCallId: string, userKey: string, opts: { isMuted?: boolean; isInLobby?: boolean } = {}): void {
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
    return [...(this.meetings.get(threadId)?.present.values() ?? [])].map((p) => p.user);
  }

  dropCall(callId: string, info: ResultInfo = RESULT_INFO.mediaConnectivity): void {
    const call = this.calls.get(callId.toLowerCase());
    if (call === undefined) throw new Error(`dropCall: no call '${callId}'`);
    if (!isLive(call)) return;
    this.endCall(call, info, true);
  }

  failNextCall(info: ResultInfo, opts: { synchronous?: boolean } = {}): void {
    this.pendingFailure = { info, synchronous: opts.synchronous === true };
  }

  setNotificationDelivery(opts: NotificationDeliveryOptions): void {
    if (opts.delayMs !== undefined && (!Number.isFinite(opts.delayMs) || opts.delayMs < 0)) {
      throw new RangeError(`delayMs must be a non-negative number, got ${opts.delayMs}`);
    }
    this.delivery = { ...this.delivery, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) };
  }

  setAutoJoin(enabled: boolean, intervalMs = 1500): void {
    if (!Number.isFinite(intervalMs) || intervalMs < 0) throw new RangeError(`intervalMs must be a non-negative number, got ${intervalMs}`);
    this.autoJoin = { enabled, intervalMs };
    if (!enabled) {
      for (const m of this.meetings.values()) {
        this.timers.cancelGroup(m.autoJoinTimers);
        m.autoJoinRunning = false;
      }
    }
  }

  /** POSTs `body` to `callbackUri` with `Authorization: Bearer <token>` (none for null). Never throws. */
  sendRaw(callbackUri: string, body: unknown, token: string | null): Promise<DeliveryResult> {
    return this.post(callbackUri, body, token);
  }

  /** Pending timers (0 after reset/close). */
  get pendingTimers(): number {
    return this.timers.size;
  }

  reset(): void {
    this.epoch += 1;
    this.stopEverything();
    this.calls.clear();
    this.meetings.clear();
    this.attendance.clear();
    this.delivery = { ...DEFAULT_DELIVERY };
    this.pendingFailure = null;
    this.autoJoin = { enabled: false, intervalMs: 1500 };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.epoch += 1;
    const pending = [...this.inflight].map((f) => f.done);
    this.stopEverything();
    this.timers.dispose();
    await Promise.allSettled(pending);
  }

  // --- internals -----------------------------------------------------------------------------------

  private stopEverything(): void {
    this.timers.clearAll();
    for (const f of this.inflight) f.controller.abort(new Error('graph sandbox stopped'));
    for (const c of this.calls.values()) c.timers.clear();
    for (const m of this.meetings.values()) {
      m.autoJoinTimers.clear();
      m.autoJoinRunning = false;
    }
  }

  /**
   * Tenant checks (synchronous 403 7505, see tenantMismatch()): the root tenantId must be present and
   * be the tenant the app's request is authorized in (the sandbox tenant). organizer.user.tenantId
   * missing or different from the root: also 7505 (inferred from wire-notes "misplacing it gives 7505").
   */
  private checkTenant(request: JoinCallRequest): void {
    const root = request.tenantId;
    if (root === undefined || root.toLowerCase() !== this.deps.tenantId.toLowerCase()) throw tenantMismatch();
    if (request.meetingInfo.kind === 'organizer') {
      const org = request.meetingInfo.organizerTenantId;
      if (org === undefined || org.toLowerCase() !== root.toLowerCase()) throw tenantMismatch();
    }
  }

  /** Finds the meeting the join names; a mismatch is the asynchronous 400/2203. */
  private resolveMeeting(request: JoinCallRequest): {
    meeting: StoredMeeting | null;
    threadId: string | null;
    chatInfo: Record<string, unknown> | null;
    failure: ResultInfo | null;
  } {
    const all = this.deps.store.all();
    const chatOf = (m: StoredMeeting): { threadId: string; messageId: string } | undefined => {
      const c = m.meeting['chatInfo'];
      if (!isJsonObject(c) || typeof c['threadId'] !== 'string') return undefined;
      return { threadId: c['threadId'], messageId: typeof c['messageId'] === 'string' ? c['messageId'] : '0' };
    };
    const requestedChat = request.chatInfo
      ? { '@odata.type': '#microsoft.graph.chatInfo', threadId: request.chatInfo.threadId, messageId: request.chatInfo.messageId, replyChainMessageId: request.chatInfo.replyChainMessageId }
      : null;
    const fail = { meeting: null, threadId: null, chatInfo: requestedChat, failure: RESULT_INFO.badJoinRequest };

    let meeting: StoredMeeting | undefined;
    if (request.meetingInfo.kind === 'organizer') {
      const chat = request.chatInfo;
      if (chat === undefined) return fail;
      meeting = all.find((m) => chatOf(m)?.threadId === chat.threadId);
      if (meeting === undefined) return fail;
      if (chatOf(meeting)?.messageId !== chat.messageId) return fail;
      if (meeting.organizerId.toLowerCase() !== request.meetingInfo.organizerId.toLowerCase()) return fail;
    } else {
      const { joinMeetingId, passcode } = request.meetingInfo;
      meeting = all.find((m) => {
        const s = m.meeting['joinMeetingIdSettings'];
        return isJsonObject(s) && s['joinMeetingId'] === joinMeetingId.replace(/\s+/g, '');
      });
      if (meeting === undefined) return fail;
      const settings = meeting.meeting['joinMeetingIdSettings'];
      const required = isJsonObject(settings) && settings['isPasscodeRequired'] === true;
      if (required && isJsonObject(settings) && settings['passcode'] !== passcode) return fail; // inferred: 2203
      const found = chatOf(meeting);
      if (request.chatInfo !== undefined && request.chatInfo.threadId !== found?.threadId) return fail;
    }
    const chat = chatOf(meeting);
    if (chat === undefined) return fail;
    return {
      meeting,
      threadId: chat.threadId,
      chatInfo: { '@odata.type': '#microsoft.graph.chatInfo', threadId: chat.threadId, messageId: chat.messageId, replyChainMessageId: null },
      failure: null,
    };
  }

  private meetingCall(threadId: string): MeetingCall {
    let m = this.meetings.get(threadId);
    if (m === undefined) {
      m = { threadId, present: new Map(), nextSourceId: 1, autoJoinTimers: new Set(), autoJoinRunning: false };
      this.meetings.set(threadId, m);
    }
    return m;
  }

  private threadOf(threadIdOrCallId: string): string {
    const call = this.calls.get(threadIdOrCallId.toLowerCase());
    if (call !== undefined) {
      if (call.threadId === null) throw new Error(`call '${threadIdOrCallId}' is not in a known meeting`);
      return call.threadId;
    }
    const known =
      this.meetings.has(threadIdOrCallId) ||
      this.deps.store.all().some((m) => isJsonObject(m.meeting['chatInfo']) && m.meeting['chatInfo']['threadId'] === threadIdOrCallId);
    if (!known) throw new Error(`no meeting with thread id (or call with id) '${threadIdOrCallId}'`);
    return threadIdOrCallId;
  }

  private liveCallsIn(threadId: string): CallLeg[] {
    return [...this.calls.values()].filter((c) => c.threadId === threadId && isLive(c));
  }

  private join(threadId: string, user: SandboxUser, opts: { isMuted?: boolean; isInLobby?: boolean }): void {
    const m = this.meetingCall(threadId);
    const key = user.id.toLowerCase();
    if (m.present.has(key)) return;
    m.present.set(key, {
      user,
      participantId: randomUUID(),
      sourceId: m.nextSourceId++,
      isMuted: opts.isMuted ?? false,
      isInLobby: opts.isInLobby ?? false,
    });
    this.attendance.joined(threadId, user, Date.now());
    for (const call of this.liveCallsIn(threadId)) {
      if (call.state === 'established') this.sendRoster(call);
    }
  }

  private leave(threadId: string, user: SandboxUser): void {
    const m = this.meetings.get(threadId);
    if (m === undefined || !m.present.delete(user.id.toLowerCase())) return;
    this.attendance.left(threadId, user, Date.now(), m.present.size === 0);
    const established = this.liveCallsIn(threadId).filter((c) => c.state === 'established');
    for (const call of established) this.sendRoster(call);
    if (m.present.size === 0) {
      // Everybody but the bot(s) has left: the group call ends for every leg that had company.
      for (const call of established) {
        if (call.sawOthers) this.endCall(call, RESULT_INFO.allOthersLeft, false);
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

  private scheduleEstablishment(call: CallLeg): void {
    const t = this.timings;
    this.timers.after(
      t.establishingMs,
      () => {
        if (!this.delivery.reverseOrder || call.failure !== null) this.sendState(call, 'establishing', 'updated');
        this.timers.after(
          t.establishedMs,
          () => {
            if (call.state !== 'establishing') return;
            if (call.failure !== null) {
              this.endCall(call, call.failure, false);
              return;
            }
            call.state = 'established';
            call.activeModalities = call.request.requestedModalities.filter((m) => m === 'audio');
            this.sendState(call, 'established', 'updated');
            if (this.delivery.reverseOrder) this.sendState(call, 'establishing', 'updated');
            this.sendRoster(call);
            this.startAutoJoin(call);
          },
          call.timers,
        );
      },
      call.timers,
    );
  }

  private startAutoJoin(call: CallLeg): void {
    if (!this.autoJoin.enabled || call.threadId === null) return;
    const m = this.meetingCall(call.threadId);
    if (m.autoJoinRunning) return;
    const stored = this.deps.store.all().find((s) => isJsonObject(s.meeting['chatInfo']) && s.meeting['chatInfo']['threadId'] === call.threadId);
    if (stored === undefined) return;
    const participants = stored.meeting['participants'];
    const attendees = isJsonObject(participants) && Array.isArray(participants['attendees']) ? participants['attendees'] : [];
    const queue: SandboxUser[] = [];
    for (const a of attendees) {
      if (!isJsonObject(a)) continue;
      const identity = a['identity'];
      const user = isJsonObject(identity) && isJsonObject(identity['user']) ? identity['user'] : undefined;
      const id = user !== undefined && typeof user['id'] === 'string' ? user['id'] : undefined;
      const upn = typeof a['upn'] === 'string' ? a['upn'] : undefined;
      const found = (id !== undefined ? this.deps.directory.findById(id) : undefined) ?? (upn !== undefined ? this.deps.directory.find(upn) : undefined);
      if (found !== undefined && !queue.some((q) => q.id === found.id)) queue.push(found);
    }
    if (queue.length === 0) return;
    m.autoJoinRunning = true;
    const step = (): void => {
      const threadId = m.threadId;
      if (this.liveCallsIn(threadId).length === 0) {
        m.autoJoinRunning = false;
        return;
      }
      const next = queue.shift();
      if (next !== undefined) this.join(threadId, next, {});
      if (queue.length > 0) this.timers.after(this.autoJoin.intervalMs, step, m.autoJoinTimers);
      else m.autoJoinRunning = false;
    };
    this.timers.after(this.autoJoin.intervalMs, step, m.autoJoinTimers);
  }

  /** Ends a leg: optionally `terminating` first (app hang-up, service drop), then `terminated` (deleted). */
  private endCall(call: CallLeg, info: ResultInfo, withTerminating: boolean): void {
    if (!isLive(call)) return;
    this.timers.cancelGroup(call.timers);
    const finish = (): void => {
      call.state = 'terminated';
      call.resultInfo = info;
      call.terminatedAt = Date.now();
      this.sendState(call, 'terminated', 'deleted');
      if (call.threadId !== null && this.liveCallsIn(call.threadId).length === 0) {
        const m = this.meetings.get(call.threadId);
        if (m !== undefined) {
          this.timers.cancelGroup(m.autoJoinTimers);
          m.autoJoinRunning = false;
        }
      }
    };
    if (!withTerminating) {
      finish();
      return;
    }
    call.state = 'terminating';
    this.timers.after(this.timings.terminatingMs, () => {
      this.sendState(call, 'terminating', 'updated');
      this.timers.after(this.timings.terminatingMs, finish);
    });
  }

  private roster(call: CallLeg): Record<string, unknown>[] {
    const bot = participantResource({
      id: call.myParticipantId,
      identity: applicationIdentity(this.deps.botAppId, this.deps.botDisplayName),
      sourceId: call.botSourceId,
      isMuted: false,
      isInLobby: false,
    });
    const people = [...(call.threadId === null ? [] : this.meetings.get(call.threadId)?.present.values() ?? [])].map((p) =>
      participantResource({
        id: p.participantId,
        identity: userIdentity({ id: p.user.id, displayName: p.user.displayName }, this.deps.tenantId),
        sourceId: p.sourceId,
        isMuted: p.isMuted,
        isInLobby: p.isInLobby,
      }),
    );
    return [...people, bot];
  }

  private sendRoster(call: CallLeg): void {
    const roster = this.roster(call);
    if (roster.length > 1) call.sawOthers = true;
    this.enqueue(call, 'roster', 'updated', `/calls/${call.id}/participants`, roster);
  }

  private sendState(call: CallLeg, state: SandboxCallState, changeType: 'updated' | 'deleted'): void {
    const data = this.callResource(call);
    data['state'] = state;
    if (state !== 'terminated') data['resultInfo'] = null;
    if (state === 'establishing') {
      data['activeModalities'] = [];
      data['mediaState'] = null;
    }
    this.enqueue(call, `call:${state}`, changeType, `/calls/${call.id}`, data);
  }

  /** The call resource (application-post-calls.md responses), without @odata.context. */
  private callResource(call: CallLeg): Record<string, unknown> {
    const r = call.request;
    const out: Record<string, unknown> = {
      '@odata.type': '#microsoft.graph.call',
      state: call.state,
      direction: 'outgoing',
      callbackUri: r.callbackUri,
      callChainId: call.callChainId,
      callRoutes: [],
      source: {
        '@odata.type': '#microsoft.graph.participantInfo',
        identity: applicationIdentity(this.deps.botAppId, this.deps.botDisplayName),
        region: null,
        languageId: null,
      },
      targets: [],
      requestedModalities: [...r.requestedModalities],
      activeModalities: [...call.activeModalities],
      mediaConfig: r.mediaConfig,
      mediaState: call.state === 'established' ? { '@odata.type': '#microsoft.graph.callMediaState', audio: 'active' } : null,
      chatInfo: call.chatInfo,
      meetingInfo: r.meetingInfo.resource,
      routingPolicies: [],
      tenantId: call.tenantId,
      myParticipantId: call.myParticipantId,
      id: call.id,
      subject: r.subject,
      terminationReason: null,
      ringingTimeoutInSeconds: null,
      resultInfo: call.resultInfo === null ? null : resultInfoResource(call.resultInfo),
      answeredBy: null,
      transcription: null,
      toneInfo: null,
      meetingCapability: null,
    };
    return out;
  }

  /** Queues one notification on the leg's delivery chain. */
  private enqueue(call: CallLeg, kind: string, changeType: 'created' | 'updated' | 'deleted', path: string, data: unknown): void {
    const body = commsNotifications([commsNotification(changeType, path, data, this.delivery.only)]);
    const epoch = this.epoch;
    call.chain = call.chain.then(() => this.deliver(call, kind, body, epoch)).catch((e: unknown) => {
      process.emitWarning(`graph sandbox notification delivery: ${describeError(e)}`);
    });
  }

  private async deliver(call: CallLeg, kind: string, body: Record<string, unknown>, epoch: number): Promise<void> {
    // After reset()/close() a chain that was mid-delivery stops here instead of starting new timers.
    const stale = (): boolean => this.closed || epoch !== this.epoch;
    const copies = this.delivery.duplicate ? 2 : 1;
    for (let copy = 1; copy <= copies; copy++) {
      if (stale()) return;
      if (this.delivery.delayMs > 0 && !(await this.timers.sleep(this.delivery.delayMs))) return;
      for (let attempt = 1; attempt <= 2; attempt++) {
        if (stale()) return;
        const token = this.deps.signer.sign();
        const record: NotificationRecord = { kind, body, token, at: Date.now(), attempt, copy, status: null };
        call.notifications.push(record);
        const result = await this.post(call.request.callbackUri, body, token);
        record.status = result.status;
        if (result.error !== undefined) record.error = result.error;
        record.finishedAt = Date.now();
        if (!retryable(result) || attempt === 2) break;
        if (stale() || !(await this.timers.sleep(this.timings.retryDelayMs))) return;
      }
    }
  }

  private post(uri: string, body: unknown, token: string | null): Promise<DeliveryResult> {
    if (this.closed) return Promise.resolve({ status: null, error: 'graph sandbox closed' });
    const controller = new AbortController();
    const timeout = this.timers.after(this.timings.deliveryTimeoutMs, () =>
      controller.abort(new Error(`no answer within ${this.timings.deliveryTimeoutMs} ms`)),
    );
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'Microsoft-Skype/3.0,(Calling/1.0)' };
    if (token !== null) headers['Authorization'] = `Bearer ${token}`;
    const done = (async (): Promise<DeliveryResult> => {
      try {
        const res = await fetch(uri, { method: 'POST', headers, body: JSON.stringify(body), signal: controller.signal });
        await res.arrayBuffer().catch(() => undefined);
        return { status: res.status };
      } catch (e: unknown) {
        const reason: unknown = controller.signal.aborted ? controller.signal.reason : e;
        return { status: null, error: describeError(reason) };
      } finally {
        this.timers.cancel(timeout);
      }
    })();
    const entry = { controller, done };
    this.inflight.add(entry);
    return done.finally(() => this.inflight.delete(entry));
  }
}
