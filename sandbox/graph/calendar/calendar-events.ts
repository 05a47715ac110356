/**
 * Outlook calendar events as Graph v1.0 serves them (resources/event.md, api/user-post-events.md):
 * the request body of POST /users/{id}/events validated the way the service validates it, the
 * per-mailbox store (with transactionId de-duplication) and the event resource rendered in a
 * chosen time zone.
 *
 * Documented and mirrored here:
 *  - start/end are dateTimeTimeZone {dateTime, timeZone}; timeZone takes Windows or IANA names;
 *    an unknown one is 400 TimeZoneNotSupportedException. The create response states start/end in
 *    the time zone of the request (user-post-events.md example without a Prefer header) unless
 *    `Prefer: outlook.timezone="…"` asks for another; GET answers in UTC unless asked.
 *  - end earlier than start is 400 ErrorPropertyValidationFailure "At least one property failed
 *    validation." (microsoftgraph/microsoft-graph-docs#7919); isAllDay events must start and end at
 *    midnight in one time zone (event.md, isAllDay).
 *  - transactionId: "A custom identifier specified by a client app for the server to avoid
 *    redundant POST operations in case of client retries to create the same event … only returned
 *    in a response payload if an app has set it." A repeated POST with the same transactionId
 *    answers 201 again and creates nothing (blog.rykoma.net/2020/10/05/1559, a Microsoft support
 *    engineer's test): the sandbox returns the event created first.
 *  - isOnlineMeeting:true + onlineMeetingProvider:"teamsForBusiness" gives the event an
 *    onlineMeeting {joinUrl, conferenceId, tollNumber} (user-post-events.md "Create and enable an
 *    event as an online meeting"); allowNewTimeProposals defaults to true.
 *  - Attendees are email addresses; external ones are fine; each is echoed with
 *    status {response:"none", time:"0001-01-01T00:00:00Z"}.
 * Not documented, so inferred (see the report): a missing start is "now" (observed by
 * Softeria/ms-365-mcp-server#241; Outlook REST creates events without start/end) and a missing end
 * is start + 30 minutes; the same transactionId with a different body still returns the first
 * event; a dateTime with a UTC offset is taken as that instant; the 400s for a dateTime that is not
 * a date or a dateTimeTimeZone without timeZone; the location "Microsoft Teams Meeting" given to
 * Teams events that name none; the body's Teams join block and the bodyPreview derived from it.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxUser } from '../users/directory';
import { graphDateTime } from '../graph-context';
import { htmlBody, preview, type OnlineMeetingInfo } from './event-body';
import type { EventRequest } from './event-request';
import { renderTime, type EventTime } from './event-time';

const NULL_TIME = '0001-01-01T00:00:00Z';

// --- identifiers ----------------------------------------------------------------------------------
// The bot keeps an event's id and reads nothing else of it but onlineMeeting.joinUrl, so ids are opaque:
// Exchange's "AAMk…" prefix and length, no mailbox/folder structure inside (issue #9).

/** A new opaque event id shaped like Exchange's REST ids ("AAMk" + URL-safe characters). */
function newEventId(): string {
  return `AAMk${randomBytes(64).toString('hex')}`;
}

/** True when the id could be one of ours (else Graph's 400 ErrorInvalidIdMalformed). */
export function isWellFormedEventId(id: string): boolean {
  return /^AAMk[A-Za-z0-9_-]+={0,2}$/.test(id);
}

// --- the resource ---------------------------------------------------------------------------------

/** An event as stored: everything but start/end, which are rendered per request. */
export interface StoredEvent {
  readonly userId: string;
  readonly id: string;
  readonly transactionId: string | null;
  /** The sandbox online meeting behind the event's Teams meeting, if any. */
  readonly onlineMeetingId: string | null;
  readonly start: EventTime;
  readonly end: EventTime;
  /** Properties in Graph's order, with `start`/`end` placeholders. */
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface EventContext {
  readonly organizer: SandboxUser;
  /** Display name for an attendee address when the request gave none (directory users), else null. */
  readonly nameFor: (address: string) => string | null;
  readonly meeting: OnlineMeetingInfo | null;
  readonly onlineMeetingId: string | null;
  readonly now?: Date;
}

export function buildEvent(request: EventRequest, ctx: EventContext): StoredEvent {
  const now = ctx.now ?? new Date();
  const restId = newEventId();
  const changeKey = randomBytes(22).toString('base64');
  const created = graphDateTime(now);
  const html = htmlBody(request, ctx.meeting);
  const locationName = request.locationName ?? (ctx.meeting !== null ? 'Microsoft Teams Meeting' : null);
  const location =
    locationName === null
      ? { displayName: '', locationType: 'default', uniqueIdType: 'unknown', address: {}, coordinates: {} }
      : { displayName: locationName, locationType: 'default', uniqueId: locationName, uniqueIdType: 'private' };
  const properties: Record<string, unknown> = {
    '@odata.etag': `W/"${changeKey}"`,
    id: restId,
    createdDateTime: created,
    lastModifiedDateTime: graphDateTime(new Date(now.getTime() + 7)),
    changeKey,
    categories: [...request.categories],
    ...(request.transactionId === null ? {} : { transactionId: request.transactionId }),
    originalStartTimeZone: request.start.timeZone,
    originalEndTimeZone: request.end.timeZone,
    iCalUId: `040000008200E00074C5B7101A82E008${randomBytes(28).toString('hex').toUpperCase()}`, // opaque, Outlook's prefix
    reminderMinutesBeforeStart: request.reminderMinutesBeforeStart,
    isReminderOn: request.isReminderOn,
    hasAttachments: false,
    subject: request.subject ?? '',
    bodyPreview: preview(html),
    importance: request.importance,
    sensitivity: request.sensitivity,
    isAllDay: request.isAllDay,
    isCancelled: false,
    isOrganizer: true,
    responseRequested: request.responseRequested,
    seriesMasterId: null,
    showAs: request.showAs,
    type: 'singleInstance',
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(restId)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: ctx.meeting !== null,
    onlineMeetingProvider: request.onlineMeetingProvider,
    allowNewTimeProposals: request.allowNewTimeProposals,
    occurrenceId: null,
    isDraft: false,
    hideAttendees: request.hideAttendees,
    responseStatus: { response: 'organizer', time: NULL_TIME },
    body: { contentType: 'html', content: html },
    start: null,
    end: null,
    location,
    locations: locationName === null ? [] : [{ displayName: locationName, locationType: 'default', uniqueIdType: 'unknown' }],
    recurrence: null,
    attendees: request.attendees.map((a) => ({
      type: a.type,
      status: { response: 'none', time: NULL_TIME },
      emailAddress: { name: a.name ?? ctx.nameFor(a.address) ?? a.address, address: a.address },
    })),
    organizer: {
      emailAddress: { name: ctx.organizer.displayName, address: ctx.organizer.mail ?? ctx.organizer.userPrincipalName },
    },
    onlineMeeting:
      ctx.meeting === null
        ? null
        : { joinUrl: ctx.meeting.joinUrl, conferenceId: ctx.meeting.conferenceId, tollNumber: ctx.meeting.tollNumber },
  };
  return {
    userId: ctx.organizer.id,
    id: restId,
    transactionId: request.transactionId,
    onlineMeetingId: ctx.onlineMeetingId,
    start: request.start,
    end: request.end,
    properties,
  };
}

/** The event resource with start/end stated in `zone` (as created when undefined). */
export function renderEvent(e: StoredEvent, zone?: { readonly name: string; readonly iana: string }): Record<string, unknown> {
  return { ...e.properties, start: renderTime(e.start, zone), end: renderTime(e.end, zone) };
}

/** Events per mailbox, with the (mailbox, transactionId) index that makes retried POSTs idempotent. */
export class EventStore {
  private readonly byUser = new Map<string, Map<string, StoredEvent>>();

  add(e: StoredEvent): void {
    const key = e.userId.toLowerCase();
    let events = this.byUser.get(key);
    if (events === undefined) {
      events = new Map();
      this.byUser.set(key, events);
    }
    events.set(e.id, e);
  }

  get(userId: string, id: string): StoredEvent | undefined {
    return this.byUser.get(userId.toLowerCase())?.get(id);
  }

  findByTransactionId(userId: string, transactionId: string): StoredEvent | undefined {
    for (const e of this.byUser.get(userId.toLowerCase())?.values() ?? []) {
      if (e.transactionId === transactionId) return e;
    }
    return undefined;
  }

  all(): StoredEvent[] {
    return [...this.byUser.values()].flatMap((m) => [...m.values()]);
  }

  clear(): void {
    this.byUser.clear();
  }
}