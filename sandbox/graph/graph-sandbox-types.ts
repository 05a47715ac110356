/**
 * The Graph sandbox's public shape: its options, its request log records, the control surface tests and
 * demos drive, and the running sandbox. Types only (graph-sandbox.ts builds them; control/ reads them).
 */
import type { SandboxEventView } from './calendar/calendar-routes';
import type { ResultInfo } from './calls/call-resources';
import type { CallTimings, DeliveryResult, NotificationDeliveryOptions, SandboxCallView } from './calls/simulated-calls';
import type { StoredMeeting } from './meetings/meeting-store';
import type { SandboxGroup, SandboxUser } from './users/directory';
import type { TokenOverrides } from '../identity/notification-signer';

export interface GraphSandboxOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly users?: readonly SandboxUser[];
  readonly tenantId?: string;
  readonly latencyMs?: number;
  /** How many requests control.requests keeps (the most recent; default 10,000). */
  readonly requestLogLimit?: number;
  /** The calling bot's app id: audience of the notification tokens, source.identity.application.id. Default SANDBOX_BOT_APP_ID. */
  readonly botAppId?: string;
  /** The bot's display name in call resources and rosters. Default 'Calling Bot'. */
  readonly botDisplayName?: string;
  /** `iss` of the notification tokens (and the metadata's issuer). Default 'https://graph.microsoft.com'. */
  readonly notificationIssuer?: string;
  /** Delays of the call simulation (defaults suit a demo: ~300 ms to establish, 1 s prompts, 1.5 s invites). */
  readonly callTimings?: CallTimings;
  /** Security groups (GET /groups/{id}, checkMemberGroups). Default SANDBOX_GROUPS (Incident Commanders). */
  readonly groups?: readonly SandboxGroup[];
  /** The app registration's client secret (default: a random one per run). */
  readonly clientSecret?: string;
}

export interface GraphRequestRecord {
  readonly method: string;
  /** Path with the version, without the query string, e.g. /v1.0/users/x/onlineMeetings/createOrGet. */
  readonly path: string;
  /** The query string including '?', or ''. */
  readonly query: string;
  /** Parsed JSON body, the raw text when it was not JSON, or undefined. */
  readonly body: unknown;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Epoch ms when the request arrived (before the artificial latency). */
  readonly at: number;
  /** Epoch ms when the response was written; undefined while in flight. */
  finishedAt?: number;
  status?: number;
  readonly via: 'http' | 'batch';
  /** For batch items: the item id and the request-id of the enclosing $batch. */
  readonly batch?: { readonly itemId: string; readonly requestId: string };
}

export interface GraphSandboxControl {
  /** Remove the application access policy for an organizer: onlineMeetings calls answer 403. */
  denyAccessPolicy(organizerId: string): void;
  allowAccessPolicy(organizerId: string): void;
  /** The next `count` top-level requests (a $batch counts as one) answer 429 with Retry-After. */
  throttleNext(count: number, retryAfterSeconds: number): void;
  /** The next `count` $batch items answer 429 inside the batch (Retry-After in the item's headers). */
  throttleBatchItemsNext(count: number, retryAfterSeconds: number): void;
  /** Artificial delay applied to every top-level request. */
  setLatency(ms: number): void;
  /** false: meetings created for this organizer have audioConferencing null (no licence). */
  setAudioConferencing(organizerId: string, enabled: boolean): void;
  /** The most recent requests received (bounded, see requestLogLimit), in arrival order (batch items included, via: 'batch'). */
  readonly requests: readonly GraphRequestRecord[];
  meetings(): StoredMeeting[];
  /** Calendar events created with POST /users/{id}/events (start/end as the request stated them), with the online meeting behind each. */
  events(): SandboxEventView[];
  /** Adds a directory user (object id or UPN) to a sandbox group; throws RangeError for an unknown group or user. */
  addGroupMember(groupId: string, userId: string): void;
  /** Removes a user from a sandbox group (no-op when not a member); throws RangeError for an unknown group or user. */
  removeGroupMember(groupId: string, userId: string): void;

  // --- cloud communications --------------------------------------------------------------------
  /** Current and past bot call legs: state, meeting thread, operations, and every notification POST with the bot's answer. */
  calls(): SandboxCallView[];
  /** A directory user (object id or UPN) joins the meeting's call (by chat thread id, or by a call id in it):
   *  every live, established bot leg in that meeting gets a roster notification. No-op when already there. */
  joinMeeting(threadIdOrCallId: string, userId: string, options?: { isMuted?: boolean; isInLobby?: boolean }): void;
  /** The user leaves: roster notifications; when nobody but the bot is left (and a leg had company), the legs end with 200/5002. */
  leaveMeeting(threadIdOrCallId: string, userId: string): void;
  /** Users currently in the meeting's call. */
  peopleInMeeting(threadIdOrCallId: string): SandboxUser[];
  /** The service ends a live leg: `terminating`, then `terminated` (deleted) with resultInfo (default 500/1005 media connectivity). */
  dropCall(callId: string, resultInfo?: ResultInfo): void;
  /** The next well-formed POST /communications/calls fails with resultInfo: by default asynchronously (201, `establishing`,
   *  then `terminated` with it); with { synchronous: true } as an HTTP error (status = code, error.code = subcode). */
  failNextCall(resultInfo: ResultInfo, options?: { synchronous?: boolean }): void;
  /** Delivery quirks (merged into the current settings; reset() restores the defaults). */
  setNotificationDelivery(options: NotificationDeliveryOptions): void;
  /** Demo aid: once a leg is established, the meeting's stored attendees join one by one every intervalMs (default 1500). Off by default. */
  autoJoinAttendees(enabled: boolean, intervalMs?: number): void;
  /** A token signed with the sandbox's notification key (for tests of wrong aud/iss/expired/missing tid). */
  signToken(overrides?: TokenOverrides): Promise<string>;
  /** POSTs a raw body to a callbackUri with `Authorization: Bearer <token>` (none for null; a fresh valid token when undefined).
   *  Resolves with the bot's status (null + error when unreachable); never rejects. */
  sendNotification(callbackUri: string, body: unknown, token?: string | null): Promise<DeliveryResult>;
  /** Timers of the call simulation still pending (0 after reset/close). */
  readonly pendingTimers: number;

  // --- identity platform (token endpoint) ------------------------------------------------------
  /** The application permissions (`roles`) in the access tokens issued from now on. Default: every role the bot uses. */
  setAppRoles(roles: readonly string[]): void;
  /** The application permissions the next tokens carry. */
  appRoles(): readonly string[];
  /** Registers a client id with exactly this secret (for the bot's app id: stop accepting any non-empty secret). */
  setClientSecret(clientId: string, secret: string): void;

  /** Back to the start state: no meetings, policies granted, licences on, no throttling, initial latency, empty log,
   *  no calls, nobody in any meeting, default notification delivery, auto-join off, every timer stopped,
   *  default app roles and client secrets. */
  reset(): void;
}

export interface GraphSandbox {
  /** `http://127.0.0.1:PORT` — no trailing slash, no version. Graph paths live under `${url}/v1.0`. */
  readonly url: string;
  /** The same server over plain http (control page for browsers, the notification signer's documents). */
  readonly plainUrl: string;
  /** PEM of the CA that signed the https certificate: what the bot's process trusts. */
  readonly caCertificatePem: string;
  /** The secret of the app registration whose client id is botAppId. */
  readonly clientSecret: string;
  readonly port: number;
  readonly tenantId: string;
  readonly users: readonly SandboxUser[];
  readonly control: GraphSandboxControl;
  /** Audience of the notification tokens. */
  readonly botAppId: string;
  /** Issuer of the notification tokens. */
  readonly notificationIssuer: string;
  /** `${url}/v1/.well-known/OpenIdConfiguration` — the stand-in for https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration. */
  readonly openIdMetadataUrl: string;
  /** `${url}/v1/keys` — the JWKS the metadata points at. */
  readonly jwksUrl: string;
  /** `${url}` — stands in for https://login.microsoftonline.com (see token-endpoint.ts). */
  readonly authorityHost: string;
  /** `${url}/${tenantId}/oauth2/v2.0/token` — client-credentials token endpoint issuing app-only Graph tokens. */
  readonly tokenEndpoint: string;
  /** Stops the server, every call timer and every pending notification delivery. */
  close(): Promise<void>;
}
