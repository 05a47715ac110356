/**
 * The small async interfaces the incident core needs from the outside world.
 * Implementations live in src/graph, src/bot and src/storage and are wired in src/app.ts.
 */
import type { MeetingCoordinates, Person } from './incident';

export interface MeetingRequest {
  readonly organizerId: string;
  readonly externalId: string;
  readonly subject: string;
  readonly startDateTime: string;
  readonly endDateTime: string;
  readonly attendees: readonly { readonly aadObjectId: string; readonly upn?: string }[];
}

export interface MeetingGateway {
  /** Idempotent by (organizer, externalId). */
  createOrGet(req: MeetingRequest): Promise<MeetingCoordinates>;
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
