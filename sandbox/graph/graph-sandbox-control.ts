/**
 * GraphSandboxControl over the sandbox's parts: what tests and demos (control/) use to play the rest of
 * the world (access policies, throttling, latency, calls, notifications, app roles).
 */
import type { EventStore } from './calendar/calendar-events';
import { renderEvent } from './calendar/calendar-events';
import type { SimulatedCalls } from './calls/simulated-calls';
import type { GraphRequestRecord, GraphSandboxControl } from './graph-sandbox-types';
import type { GroupDirectory } from './groups/group-routes';
import type { MeetingStore } from './meetings/meeting-store';
import type { Throttle } from './throttle';
import type { UserDirectory } from './users/user-directory';
import type { NotificationSigner } from '../identity/notification-signer';
import type { TokenEndpoint } from '../identity/token-endpoint';

export interface GraphSandboxParts {
  readonly calls: SimulatedCalls;
  readonly signer: NotificationSigner;
  readonly tokens: TokenEndpoint;
  readonly store: MeetingStore;
  readonly events: EventStore;
  readonly groups: GroupDirectory;
  readonly directory: UserDirectory;
  /** Organizers (lower-case object ids) without an application access policy. */
  readonly denied: Set<string>;
  /** Organizers (lower-case object ids) without an audio-conferencing licence. */
  readonly noAudio: Set<string>;
  readonly topThrottle: Throttle;
  readonly itemThrottle: Throttle;
  readonly log: GraphRequestRecord[];
  setLatency(ms: number): void;
  resetLatency(): void;
}

export function createGraphSandboxControl(parts: GraphSandboxParts): GraphSandboxControl {
  const { calls, signer, tokens, store, events, groups, directory, denied, noAudio, topThrottle, itemThrottle, log, setLatency, resetLatency } = parts;
  const memberId = (userKey: string): string => {
    const user = directory.find(userKey);
    if (user === undefined) throw new RangeError(`unknown sandbox user ${userKey}`);
    return user.id;
  };

  return {
    denyAccessPolicy: (id) => void denied.add(id.toLowerCase()),
    allowAccessPolicy: (id) => void denied.delete(id.toLowerCase()),
    throttleNext: (count, retryAfterSeconds) => topThrottle.arm(count, retryAfterSeconds),
    throttleBatchItemsNext: (count, retryAfterSeconds) => itemThrottle.arm(count, retryAfterSeconds),
    setLatency: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`latency must be a non-negative number, got ${ms}`);
      setLatency(ms);
    },
    setAudioConferencing: (id, enabled) => void (enabled ? noAudio.delete(id.toLowerCase()) : noAudio.add(id.toLowerCase())),
    get requests() {
      return log;
    },
    meetings: () => store.all(),
    events: () =>
      events.all().map((e) => ({ userId: e.userId, id: e.id, transactionId: e.transactionId, onlineMeetingId: e.onlineMeetingId, event: renderEvent(e) })),
    addGroupMember: (groupId, userId) => groups.add(groupId, memberId(userId)),
    removeGroupMember: (groupId, userId) => groups.remove(groupId, memberId(userId)),
    calls: () => calls.views(),
    joinMeeting: (threadIdOrCallId, userId, options) => calls.joinMeeting(threadIdOrCallId, userId, options),
    leaveMeeting: (threadIdOrCallId, userId) => calls.leaveMeeting(threadIdOrCallId, userId),
    peopleInMeeting: (threadIdOrCallId) => calls.peopleInMeeting(threadIdOrCallId),
    dropCall: (callId, resultInfo) => calls.dropCall(callId, resultInfo),
    failNextCall: (resultInfo, options) => calls.failNextCall(resultInfo, options),
    setNotificationDelivery: (options) => calls.setNotificationDelivery(options),
    autoJoinAttendees: (enabled, intervalMs) => calls.setAutoJoin(enabled, intervalMs),
    signToken: (overrides) => Promise.resolve(signer.sign(overrides)),
    sendNotification: (callbackUri, body, token) => calls.sendRaw(callbackUri, body, token === undefined ? signer.sign() : token),
    get pendingTimers() {
      return calls.pendingTimers;
    },
    setAppRoles: (roles) => tokens.setAppRoles(roles),
    appRoles: () => tokens.appRoles,
    setClientSecret: (clientId, secret) => tokens.setClientSecret(clientId, secret),
    reset: () => {
      calls.reset();
      store.clear();
      events.clear();
      groups.reset();
      directory.reset();
      denied.clear();
      noAudio.clear();
      topThrottle.reset();
      itemThrottle.reset();
      resetLatency();
      log.length = 0;
      tokens.reset();
    },
  };
}
