/**
 * The simulated calls' model: timings and delivery options (with their defaults), the bot's call legs,
 * who is present in each meeting's call, and the views and records tests and the control page read.
 */
import { randomUUID } from 'node:crypto';
import type { ResourceForm } from './call-notifications';
import type { JoinCallRequest, ResultInfo } from './call-resources';
import type { MeetingStore } from '../meetings/meeting-store';
import type { SandboxUser } from '../users/directory';
import type { UserDirectory } from '../users/user-directory';
import type { NotificationSigner } from '../../identity/notification-signer';

export type SandboxCallState = 'establishing' | 'established' | 'terminating' | 'terminated';

export interface CallTimings {
  /** POST /communications/calls → `establishing` notification. Default 300 ms. */
  readonly establishingMs?: number;
  /** `establishing` → `established` + roster (or → the asynchronous failure). Default 300 ms. */
  readonly establishedMs?: number;
  /** DELETE / dropCall → `terminating`, and `terminating` → `terminated`. Default 150 ms each. */
  readonly terminatingMs?: number;
  /** playPrompt → its completion notification. Default 1000 ms. */
  readonly promptMs?: number;
  /** invite → the invitee answers (operation completed + roster). Default 1500 ms. */
  readonly inviteAnswerMs?: number;
  /** Wait before the single retry of a failed delivery. Default 1000 ms. */
  readonly retryDelayMs?: number;
  /** Give up on a notification POST the bot has not answered after this long. Default 10000 ms. */
  readonly deliveryTimeoutMs?: number;
  /** A live call without keepAlive for this long ends with 408/8537 (call-keepalive.md: 45 minutes). */
  readonly keepAliveTimeoutMs?: number;
}

export const DEFAULT_TIMINGS: Required<CallTimings> = {
  establishingMs: 300,
  establishedMs: 300,
  terminatingMs: 150,
  promptMs: 1000,
  inviteAnswerMs: 1500,
  retryDelayMs: 1000,
  deliveryTimeoutMs: 10_000,
  keepAliveTimeoutMs: 45 * 60 * 1000,
};

export interface NotificationDeliveryOptions {
  /** Deliver every notification twice (the second POST after the first was answered). */
  readonly duplicate?: boolean;
  /** Deliver `established` before `establishing` (the docs: they "may arrive out of order"). */
  readonly reverseOrder?: boolean;
  /** Extra latency before each POST. */
  readonly delayMs?: number;
  /** Which of `resource` (/app/…) and `resourceUrl` (/communications/…) each item carries. Default 'both'. */
  readonly only?: ResourceForm;
}

export const DEFAULT_DELIVERY: Required<NotificationDeliveryOptions> = { duplicate: false, reverseOrder: false, delayMs: 0, only: 'both' };

export interface NotificationRecord {
  /** What it reports, e.g. "call:establishing", "roster", "operation:playPrompt:completed". */
  readonly kind: string;
  readonly body: Record<string, unknown>;
  /** The bearer token sent (null: none). */
  readonly token: string | null;
  /** Epoch ms when the POST was sent. */
  readonly at: number;
  /** 1, or 2 for the retry. */
  readonly attempt: number;
  /** 1, or 2 for the duplicate copy. */
  readonly copy: number;
  /** The bot's HTTP status; null while in flight or when there was no answer (see error). */
  status: number | null;
  error?: string;
  finishedAt?: number;
}

export interface SandboxCallOperation {
  readonly id: string;
  readonly type: 'playPrompt' | 'invite';
  status: 'running' | 'completed' | 'failed';
  readonly clientContext: string | null;
  resultInfo: ResultInfo | null;
}

export interface SandboxCallView {
  readonly id: string;
  readonly state: SandboxCallState;
  /** The meeting's chat thread id (resolved from joinMeetingId joins); null when no meeting matched. */
  readonly threadId: string | null;
  readonly meetingId: string | null;
  readonly callbackUri: string;
  readonly myParticipantId: string;
  readonly createdAt: number;
  readonly terminatedAt: number | null;
  readonly resultInfo: ResultInfo | null;
  readonly operations: readonly SandboxCallOperation[];
  /** Every POST to the callbackUri (retries and duplicates included), in sending order. */
  readonly notifications: readonly NotificationRecord[];
  /** The call resource as GET would serve it (without @odata.context). */
  readonly resource: Record<string, unknown>;
}

export interface DeliveryResult {
  readonly status: number | null;
  readonly error?: string;
}

export interface CallLeg {
  readonly id: string;
  readonly callChainId: string;
  readonly myParticipantId: string;
  readonly createdAt: number;
  readonly request: JoinCallRequest;
  readonly tenantId: string;
  readonly threadId: string | null;
  readonly meetingId: string | null;
  readonly chatInfo: Record<string, unknown> | null;
  readonly botSourceId: number;
  /** The asynchronous join failure decided at creation (2203, injected failures). */
  readonly failure: ResultInfo | null;
  state: SandboxCallState;
  resultInfo: ResultInfo | null;
  terminatedAt: number | null;
  activeModalities: string[];
  sawOthers: boolean;
  readonly operations: SandboxCallOperation[];
  readonly notifications: NotificationRecord[];
  readonly timers: Set<NodeJS.Timeout>;
  /** The keep-alive deadline (re-armed by every keepAlive). */
  keepAliveTimer: NodeJS.Timeout | undefined;
  chain: Promise<void>;
}

export interface Presence {
  readonly user: SandboxUser;
  readonly participantId: string;
  readonly sourceId: number;
  readonly isMuted: boolean;
  readonly isInLobby: boolean;
}

export interface MeetingCall {
  readonly threadId: string;
  readonly present: Map<string, Presence>;
  nextSourceId: number;
  readonly autoJoinTimers: Set<NodeJS.Timeout>;
  autoJoinRunning: boolean;
}

export interface SimulatedCallsDeps {
  readonly directory: UserDirectory;
  readonly store: MeetingStore;
  readonly signer: NotificationSigner;
  readonly tenantId: string;
  readonly botAppId: string;
  readonly botDisplayName: string;
  readonly timings?: CallTimings;
}

/** A new leg, `establishing`, with what the join request resolved to. */
export function newCallLeg(
  request: JoinCallRequest,
  resolved: Pick<CallLeg, 'tenantId' | 'threadId' | 'meetingId' | 'chatInfo' | 'botSourceId' | 'failure'>,
): CallLeg {
  return {
    id: randomUUID(),
    callChainId: randomUUID(),
    myParticipantId: randomUUID(),
    createdAt: Date.now(),
    request,
    ...resolved,
    state: 'establishing',
    resultInfo: null,
    terminatedAt: null,
    activeModalities: [],
    sawOthers: false,
    operations: [],
    notifications: [],
    timers: new Set(),
    keepAliveTimer: undefined,
    chain: Promise.resolve(),
  };
}

export function isLive(call: CallLeg): boolean {
  return call.state === 'establishing' || call.state === 'established';
}

export function retryable(result: DeliveryResult): boolean {
  if (result.status === null) return true;
  return result.status === 408 || result.status === 429 || result.status >= 500;
}

export function describeError(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return `${e.message}${detail}`;
  }
  return String(e);
}
