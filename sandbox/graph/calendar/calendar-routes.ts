/**
 * Calendar events with Teams meetings:
 *   POST /users/{id | userPrincipalName}/events        → 201 event (a retried transactionId → 201, the same event)
 *   GET  /users/{id | userPrincipalName}/events/{id}   → 200 event (start/end in UTC unless Prefer asks otherwise)
 *
 * An event with isOnlineMeeting:true gets a real sandbox online meeting (meeting store, chatInfo,
 * joinWebUrl = the event's onlineMeeting.joinUrl), so a bot can do what the docs say to do with an
 * event's join URL: GET /users/{organizerId}/onlineMeetings?$filter=JoinWebUrl eq '…' for the meeting
 * coordinates, then join its call. Creating the event needs no application access policy (it is
 * the calendar API, Calendars.ReadWrite); reading the meeting through onlineMeetings does.
 *
 * Errors as the calendar service words them: unknown mailbox → 404 ErrorInvalidUser "The requested
 * user '…' is invalid." (microsoftgraph/microsoft-graph-docs#4097, #7909); unknown event → 404
 * ErrorItemNotFound "The specified object was not found in the store."; malformed id → 400
 * ErrorInvalidIdMalformed "Id is malformed."; a user without a mailbox (mail null) → 404
 * MailboxNotEnabledForRESTAPI (wording from memory, inferred).
 */
import type { SandboxUser } from '../users/directory';
import { type EventStore, buildEvent, isWellFormedEventId, renderEvent, type StoredEvent } from './calendar-events';
import type { OnlineMeetingInfo } from './event-body';
import { parseEventRequest, type EventRequest } from './event-request';
import { graphDateTime, odataContext, type GraphRequest, type GraphResponse, type GraphRouter } from '../graph-context';
import { GraphError } from '../graph-errors';
import { isJsonObject } from '../../http/http-util';
import { newMeetingCoordinates } from '../meetings/meeting-coordinates';
import type { MeetingStore, OnlineMeetingResource } from '../meetings/meeting-store';
import { buildOnlineMeeting } from '../meetings/online-meeting-build';
import { resolveTimeZone } from './time-zones';
import type { UserDirectory } from '../users/user-directory';

export interface CalendarDeps {
  readonly directory: UserDirectory;
  readonly events: EventStore;
  readonly meetings: MeetingStore;
  /** Per-tenant dial-in page id (shared with the onlineMeetings routes). */
  readonly dialinId: string;
  /** False when the organizer has no audio-conferencing licence. */
  hasAudioConferencing(organizerId: string): boolean;
}

/** What control.events() lists: one calendar event and the sandbox online meeting behind it. */
export interface SandboxEventView {
  /** The mailbox owner (organizer) object id. */
  readonly userId: string;
  readonly id: string;
  readonly transactionId: string | null;
  /** Id of the online meeting in control.meetings(), or null for an event without a Teams meeting. */
  readonly onlineMeetingId: string | null;
  /** The event resource as the create response showed it (start/end in the request's time zone). */
  readonly event: Record<string, unknown>;
}

function invalidUser(key: string): GraphError {
  return new GraphError(404, 'ErrorInvalidUser', `The requested user '${key}' is invalid.`);
}

function mailbox(deps: CalendarDeps, key: string): SandboxUser {
  const user = deps.directory.find(key);
  if (user === undefined) throw invalidUser(key);
  if (user.mail === null) {
    throw new GraphError(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.');
  }
  return user;
}

/** `Prefer: outlook.timezone="…"` → the zone to state start/end in, when it names a known zone. */
function preferredZone(req: GraphRequest): { name: string; iana: string } | undefined {
  const prefer = req.headers['prefer'];
  if (prefer === undefined) return undefined;
  const m = /outlook\.timezone\s*=\s*(?:"([^"]*)"|([^,;\s]+))/i.exec(prefer);
  const name = m?.[1] ?? m?.[2];
  if (name === undefined) return undefined;
  const iana = resolveTimeZone(name);
  return iana === undefined ? undefined : { name, iana };
}

function eventBody(req: GraphRequest, key: string, e: StoredEvent, zone: { name: string; iana: string } | undefined): Record<string, unknown> {
  return {
    '@odata.context': odataContext(req, `users('${encodeURIComponent(key)}')/events/$entity`),
    ...renderEvent(e, zone),
  };
}

function preferenceApplied(zone: { name: string } | undefined): Record<string, string> {
  return zone === undefined ? {} : { 'Preference-Applied': `outlook.timezone="${zone.name}"` };
}

function nameFor(directory: UserDirectory, address: string): SandboxUser | undefined {
  const a = address.toLowerCase();
  return directory.all().find((u) => u.mail?.toLowerCase() === a || u.userPrincipalName.toLowerCase() === a);
}

/** The Teams meeting behind an online event: a regular sandbox online meeting, organized by the mailbox owner. */
function createTeamsMeeting(deps: CalendarDeps, organizer: SandboxUser, request: EventRequest): OnlineMeetingResource {
  const tenantId = deps.directory.tenantId;
  const attendees = request.attendees
    .filter((a) => a.type !== 'resource')
    .map((a) => nameFor(deps.directory, a.address))
    .filter((u): u is SandboxUser => u !== undefined && u.id !== organizer.id)
    .filter((u, i, all) => all.findIndex((x) => x.id === u.id) === i)
    .map((u) => ({
      upn: u.userPrincipalName,
      role: 'attendee',
      identity: { user: { id: u.id, displayName: null, tenantId, identityProvider: 'AAD' } },
    }));
  const meeting = buildOnlineMeeting(
    {
      startDateTime: graphDateTime(new Date(request.start.utcMs)),
      endDateTime: graphDateTime(new Date(request.end.utcMs)),
      subject: request.subject,
      externalId: null,
      attendees,
      settings: {},
    },
    {
      tenantId,
      organizer,
      coordinates: newMeetingCoordinates(tenantId, organizer.id),
      audioConferencing: deps.hasAudioConferencing(organizer.id),
      dialinId: deps.dialinId,
    },
  );
  // StoredMeeting.createdVia has no calendar value; the event store links event → meeting instead.
  deps.meetings.add({ organizerId: organizer.id, createdVia: 'create', meeting });
  return meeting;
}

function meetingInfo(meeting: OnlineMeetingResource): OnlineMeetingInfo {
  const audio = isJsonObject(meeting['audioConferencing']) ? meeting['audioConferencing'] : null;
  const join = isJsonObject(meeting['joinMeetingIdSettings']) ? meeting['joinMeetingIdSettings'] : null;
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    joinUrl: String(meeting['joinWebUrl']),
    conferenceId: str(audio?.['conferenceId']),
    tollNumber: str(audio?.['tollNumber']),
    joinMeetingId: str(join?.['joinMeetingId']),
    passcode: str(join?.['passcode']),
  };
}

export function registerCalendarRoutes(router: GraphRouter, deps: CalendarDeps): void {
  router.add('POST', '/users/{userKey}/events', (req, params): GraphResponse => {
    const key = params['userKey'] ?? '';
    const user = mailbox(deps, key);
    const request = parseEventRequest(req.body);
    const zone = preferredZone(req);
    const headers = preferenceApplied(zone);
    if (request.transactionId !== null) {
      const existing = deps.events.findByTransactionId(user.id, request.transactionId);
      if (existing !== undefined) return { status: 201, headers, body: eventBody(req, key, existing, zone) };
    }
    const meeting = request.isOnlineMeeting ? createTeamsMeeting(deps, user, request) : null;
    const event = buildEvent(request, {
      organizer: user,
      nameFor: (address) => nameFor(deps.directory, address)?.displayName ?? null,
      meeting: meeting === null ? null : meetingInfo(meeting),
      onlineMeetingId: meeting?.id ?? null,
    });
    deps.events.add(event);
    return { status: 201, headers, body: eventBody(req, key, event, zone) };
  });

  router.add('GET', '/users/{userKey}/events/{eventId}', (req, params): GraphResponse => {
    const key = params['userKey'] ?? '';
    const user = mailbox(deps, key);
    const id = params['eventId'] ?? '';
    if (!isWellFormedEventId(id)) throw new GraphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
    const event = deps.events.get(user.id, id);
    if (event === undefined) throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    const zone = preferredZone(req);
    return {
      status: 200,
      headers: preferenceApplied(zone),
      body: eventBody(req, key, event, zone ?? { name: 'UTC', iana: 'Etc/UTC' }),
    };
  });
}
