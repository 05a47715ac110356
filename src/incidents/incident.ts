/** The incident model. Pure data: no SDK types, serialisable as JSON into any Storage backend. */
import type { CallState } from '../calls/call-state';
import type { AllowedPresenters, LobbyBypassScope } from './meeting-options';
import type { ReviewFacts } from './review-facts';

export type Severity = 'sev1' | 'sev2' | 'sev3' | 'sev4';
export const SEVERITIES: readonly Severity[] = ['sev1', 'sev2', 'sev3', 'sev4'];
export const DEFAULT_SEVERITY: Severity = 'sev3';

export type IncidentState =
  | 'creating'      // record exists, meeting not made yet
  | 'meetingReady'  // meeting exists, bot not in the call
  | 'meetingFailed' // Graph refused the meeting; the incident is kept and can be retried
  | 'botJoining'    // POST /communications/calls sent
  | 'botConnected'  // call established
  | 'callEnded'     // the bot's call terminated; the meeting lives on
  | 'resolved';

export interface Person {
  /** AAD object id when known. */
  readonly aadObjectId?: string;
  readonly displayName: string;
  readonly upn?: string;
}

/** Someone the requester asked for, as typed. */
export type AttendeeRequest =
  | { readonly kind: 'mention'; readonly channelUserId: string; readonly name: string }
  | { readonly kind: 'email'; readonly address: string }
  /** Picked in a card's people picker: an Azure AD object id. */
  | { readonly kind: 'directoryUser'; readonly aadObjectId: string };

/** A stable key (duplicates) and what the user typed (messages), for any kind of attendee request. */
export function attendeeKey(a: AttendeeRequest): string {
  switch (a.kind) {
    case 'mention': return `mention:${a.channelUserId}`;
    case 'email': return `email:${a.address}`;
    case 'directoryUser': return `user:${a.aadObjectId.toLowerCase()}`;
  }
}

export function attendeeLabel(a: AttendeeRequest): string {
  switch (a.kind) {
    case 'mention': return a.name;
    case 'email': return a.address;
    case 'directoryUser': return a.aadObjectId;
  }
}

export interface ResolvedAttendee extends Person {
  readonly aadObjectId: string;
  readonly requestedAs: string;
}

export interface UnresolvedAttendee {
  readonly requestedAs: string;
  readonly reason: string;
}

export interface MeetingCoordinates {
  readonly id: string;
  readonly joinWebUrl: string;
  readonly subject: string;
  readonly startDateTime: string;
  readonly endDateTime: string;
  readonly externalId: string;
  readonly joinMeetingId?: string;
  readonly passcode?: string;
  readonly dialIn?: { readonly tollNumber?: string; readonly tollFreeNumber?: string; readonly conferenceId?: string; readonly dialinUrl?: string };
  /** Taken verbatim from Graph: needed to join the meeting's call later. */
  readonly chatInfo: { readonly threadId: string; readonly messageId: string; readonly replyChainMessageId?: string | null };
  readonly organizer: { readonly id: string; readonly tenantId?: string; readonly upn?: string };
  /** The options the meeting has (as Graph returned them after creation or update). */
  readonly options?: MeetingOptions;
  /** Set when the meeting came with an Outlook calendar event (`+calendar`). */
  readonly calendarEventId?: string;
}

/** Meeting options (Graph onlineMeeting lobbyBypassSettings.scope, allowedPresenters, recordAutomatically). */
export interface MeetingOptions {
  readonly lobbyBypass: LobbyBypassScope;
  readonly allowedPresenters: AllowedPresenters;
  readonly recordAutomatically: boolean;
}

/** Responders must not wait in a lobby: everyone in the organisation joins directly. */
export const DEFAULT_MEETING_OPTIONS: MeetingOptions = { lobbyBypass: 'organization', allowedPresenters: 'everyone', recordAutomatically: false };

export interface TimelineEntry {
  readonly at: string; // ISO
  readonly text: string;
}

export interface IncidentFailure {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly details?: readonly string[];
}

/** Where the incident's card lives, so it can be updated in place later. Opaque to the domain. */
export interface CardLocation {
  readonly activityId: string;
  /** Serialised conversation reference (channel-specific, opaque to the domain). */
  readonly conversationReference: Readonly<Record<string, unknown>>;
}

/** A person in the meeting's call, as the bot sees it from roster notifications. */
export interface CallMember {
  readonly participantId: string;
  readonly displayName: string;
  readonly aadObjectId?: string;
}

/** Why the bot's call ended (or could not start), with the sentence the card shows. */
export interface CallEnd {
  readonly code: number;
  readonly subcode: number;
  readonly message?: string;
  readonly explanation: string;
  /** true when this was a failure someone must fix (permissions, configuration). */
  readonly isFailure: boolean;
}

/** The bot's leg in the meeting's call. A new join makes a new CallInfo; the meeting lives on. */
export interface CallInfo {
  readonly callId: string;
  /** Graph call state as last notified (the call model: src/calls/call-state.ts). */
  readonly state: CallState;
  readonly requestedAt: string;
  readonly connectedAt?: string;
  readonly endedAt?: string;
  readonly end?: CallEnd;
  /** People (not bots) currently in the call. */
  readonly members: readonly CallMember[];
  /** Everyone who was in the call at some point (names), for the summary. */
  readonly everJoined: readonly string[];
  readonly promptRequested?: boolean;
  readonly promptPlayed?: boolean;
  readonly lastKeepAliveAt?: string;
}

/** A join in flight: set atomically (eTag) before POST /communications/calls so double clicks make one call. */
interface JoinClaim {
  readonly at: string;
  readonly token: string;
  readonly by: string;
}

export interface Incident {
  readonly id: string;
  readonly tenantId: string;
  readonly conversationId: string;
  /** Team id for channel conversations (list scoping), else undefined. */
  readonly teamId?: string;
  readonly severity: Severity;
  readonly title: string;
  readonly requestedBy: Person;
  readonly organizerId: string;
  readonly createdAt: string;
  /** Meeting options asked for (config defaults + command flags) and whether attendees get a calendar invitation. */
  readonly meetingOptions?: MeetingOptions;
  readonly calendar?: boolean;
  /** The meeting's planned window (ISO): start = now for immediate bridges. */
  readonly window: { readonly start: string; readonly end: string };
  readonly state: IncidentState;
  readonly attendees: readonly ResolvedAttendee[];
  readonly unresolved: readonly UnresolvedAttendee[];
  readonly meeting?: MeetingCoordinates;
  readonly failure?: IncidentFailure;
  readonly card?: CardLocation;
  readonly timeline: readonly TimelineEntry[];
  readonly call?: CallInfo;
  readonly joinClaim?: JoinClaim;
  /** A start in progress (meeting + card), so that a concurrent redelivery does not post a second card. */
  readonly startClaim?: { readonly token: string; readonly at: string; readonly owner?: string };
  /** Attendee look-ups still running when the card was posted: the card and the meeting get them afterwards. */
  readonly lookupsPending?: boolean;
  /** AAD ids paged before the bot's call was established: invited as soon as it is. */
  readonly pendingInvites?: readonly string[];
  /** The last call that failed to start or was refused (shown on the card until the next join). */
  readonly callFailure?: IncidentFailure;
  /** Idempotency: the activity that created it. */
  readonly sourceActivityId: string;
  /** Who runs the incident, once someone took or was given command. */
  readonly commander?: Person;
  /** Set while the incident is resolved (cleared by reopen). */
  readonly resolvedAt?: string;
  readonly resolvedBy?: Person;
  /** What the resolver wrote when resolving, if anything. */
  readonly summary?: string;
  /** Set when an alert webhook opened the incident (src/alerts): shown on the card. */
  readonly source?: IncidentAlertSource;
  /** More copies of the incident card, in other conversations (the meeting's chat), each updated like `card`. */
  readonly extraCards?: readonly CardLocation[];
  /** The incident card in the meeting's own chat: posted there, or why not. */
  readonly meetingChat?: MeetingChatStatus;
  /** Facts for the post-incident review (attendance, recordings, transcripts), read on resolve. */
  readonly review?: ReviewFacts;
}

/** The alert behind an alert-opened incident. Text is as the source sent it (cards escape it). */
export interface IncidentAlertSource {
  readonly kind: 'alert';
  /** Display name of the alerting tool, e.g. "Alertmanager". */
  readonly name: string;
  readonly link?: string;
  readonly description?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly sourceSeverity?: string;
  /** What the source said last; 'resolved' shows on the card even when the incident stays open. */
  readonly status: 'firing' | 'resolved';
}

/** Whether the meeting's chat carries the incident card. */
export type MeetingChatStatus =
  | { readonly status: 'posted'; readonly chatId: string; readonly at: string }
  | { readonly status: 'unavailable'; readonly code: string; readonly message: string; readonly hint?: string };

export function subjectFor(severity: Severity, title: string): string {
  return `[${severity.toUpperCase()}] ${title}`;
}

/**
 * A conversation id without its channel-thread suffix: Teams sends `19:…@thread.tacv2;messageid=<root>` for a reply
 * in a channel thread, and the channel (`19:…@thread.tacv2`) is the conversation an incident belongs to.
 */
export function conversationRoot(conversationId: string): string {
  const cut = conversationId.indexOf(';');
  return cut < 0 ? conversationId : conversationId.slice(0, cut);
}
