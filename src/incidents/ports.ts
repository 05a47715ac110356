/**
 * The small async interfaces the incident core needs from the outside world.
 * Implementations live in src/graph, src/calls (the Graph call gateway), src/bot and src/storage; wired in src/app.ts.
 */
import type { CallState } from '../calls/call-state';
import type { Incident, MeetingCoordinates, MeetingOptions, Person } from './incident';

export interface MeetingRequest {
  readonly organizerId: string;
  readonly externalId: string;
  readonly subject: string;
  readonly startDateTime: string;
  readonly endDateTime: string;
  /** People by object id, or by address alone (`upn`) when the directory has not answered yet. */
  readonly attendees: readonly MeetingAttendee[];
  /** Options the meeting must have; applied after creation when Graph's defaults differ. */
  readonly options?: MeetingOptions;
  /** Create an Outlook calendar event with a Teams meeting (attendees see it in their calendars). */
  readonly calendar?: boolean;
}

export interface MeetingAttendee {
  readonly aadObjectId?: string;
  readonly upn?: string;
  readonly displayName?: string;
}

export interface MeetingGateway {
  /** Idempotent by (organizer, externalId), with or without a calendar event. */
  createOrGet(req: MeetingRequest): Promise<MeetingCoordinates>;
  /**
   * Replaces the meeting's attendees with this full list (people resolved after the meeting was made). Safe to
   * repeat. Optional: a gateway without it (test doubles) leaves late attendees on the card only.
   */
  updateAttendees?(req: { readonly organizerId: string; readonly meetingId: string; readonly attendees: readonly MeetingAttendee[] }): Promise<void>;
}

export type UserLookupResult =
  | { readonly found: true; readonly user: Person & { readonly aadObjectId: string } }
  | { readonly found: false; readonly reason: string };

export interface UserDirectory {
  /** Looks up users by UPN or e-mail. One result per input, in any order, keyed by the input. */
  lookupByUpn(upns: readonly string[]): Promise<ReadonlyMap<string, UserLookupResult>>;
}

/** Resolves a channel user id (a Teams mention) into a directory person. Implemented per turn by the bot. */
export type MemberLookup = (channelUserId: string) => Promise<UserLookupResult>;

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface JoinCallRequest {
  readonly meeting: MeetingCoordinates;
  readonly tenantId: string;
  /** Where Graph posts call notifications (the bot's /api/calls). */
  readonly callbackUri: string;
  /** Pre-fetched announcement prompt. */
  readonly prompt?: MediaPrompt;
}

export interface MediaPrompt {
  readonly uri: string;
  readonly resourceId: string;
}

/** The bot's calls through Graph cloud communications (service-hosted media). */
export interface CallGateway {
  join(req: JoinCallRequest): Promise<{ readonly callId: string; readonly state: CallState }>;
  hangUp(callId: string): Promise<void>;
  /** Invites people (at most 5 per request; the implementation splits larger lists). */
  invite(callId: string, people: readonly { readonly aadObjectId: string; readonly tenantId?: string }[], clientContext: string): Promise<void>;
  playPrompt(callId: string, prompt: MediaPrompt, clientContext: string): Promise<void>;
  /** 'gone' when the service no longer knows the call. */
  keepAlive(callId: string): Promise<'ok' | 'gone'>;
}

/** Updates an incident's card where it was posted (proactively, outside the turn that posted it). */
export interface CardNotifier {
  update(incident: Incident): Promise<void>;
}

/** Who counts as an incident admin (may resolve and reopen any incident). */
export interface AdminCheck {
  isAdmin(aadObjectId: string): Promise<boolean>;
}
