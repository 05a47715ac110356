/** The local Bot Connector's operations, records and interface (see connector-sandbox.ts). */
import type { ConnectorMember } from './connector-members';
import type { RouteParams } from '../../../sandbox/http/router';

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
export const ACTIVITY_OPERATIONS: ReadonlySet<ConnectorOperation> = new Set<ConnectorOperation>([
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

export interface ConnectorRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

export interface Outcome {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly conversationId?: string;
  readonly activityId?: string;
  readonly replyToId?: string;
}

export type ConnectorHandler = (req: ConnectorRequest, params: RouteParams) => Outcome;
