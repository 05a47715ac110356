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
import { createHash, randomBytes } from 'node:crypto';
import type { SandboxUser } from '../users/directory';
import { graphDateTime } from '../graph-context';
import { GraphError, badRequest, cannotConvertLiteral, propertyDoesNotExist } from '../graph-errors';
import { isJsonObject } from '../../http/http-util';
import { resolveTimeZone, utcToWallClock, wallClockToUtc } from './time-zones';

const EVENT_TYPE = 'microsoft.graph.event';

/** Properties of microsoft.graph.event (v1.0), navigation properties included. */
const EVENT_PROPERTIES = new Set([
  'allowNewTimeProposals',
  'attachments',
  'attendees',
  'body',
  'bodyPreview',
  'calendar',
  'cancelledOccurrences',
  'categories',
  'changeKey',
  'createdDateTime',
  'end',
  'exceptionOccurrences',
  'extensions',
  'hasAttachments',
  'hideAttendees',
  'iCalUId',
  'id',
  'importance',
  'instances',
  'isAllDay',
  'isCancelled',
  'isDraft',
  'isOnlineMeeting',
  'isOrganizer',
  'isReminderOn',
  'lastModifiedDateTime',
  'location',
  'locations',
  'multiValueExtendedProperties',
  'onlineMeeting',
  'onlineMeetingProvider',
  'onlineMeetingUrl',
  'organizer',
  'originalEndTimeZone',
  'originalStart',
  'originalStartTimeZone',
  'recurrence',
  'reminderMinutesBeforeStart',
  'responseRequested',
  'responseStatus',
  'sensitivity',
  'seriesMasterId',
  'showAs',
  'singleValueExtendedProperties',
  'start',
  'subject',
  'transactionId',
  'type',
  'webLink',
]);

const ENUMS = {
  importance: ['low', 'normal', 'high'],
  sensitivity: ['normal', 'personal', 'private', 'confidential'],
  freeBusyStatus: ['unknown', 'free', 'tentative', 'busy', 'oof', 'workingElsewhere'],
  onlineMeetingProviderType: ['unknown', 'skypeForBusiness', 'skypeForConsumer', 'teamsForBusiness'],
  attendeeType: ['required', 'optional', 'resource'],
  bodyType: ['text', 'html'],
} as const;

/** The online meeting providers the sandbox tenant's calendars allow (calendar.allowedOnlineMeetingProviders). */
export const ALLOWED_ONLINE_MEETING_PROVIDERS = ['teamsForBusiness'] as const;

const DEFAULT_DURATION_MS = 30 * 60 * 1000;
const NULL_TIME = '0001-01-01T00:00:00Z';

type Body = Readonly<Record<string, unknown>>;

// --- errors, worded as Outlook's calendar service words them -----------------------------------

export function propertyValidationFailure(): GraphError {
  return new GraphError(400, 'ErrorPropertyValidationFailure', 'At least one property failed validation.');
}

export function timeZoneNotSupported(value: string): GraphError {
  return new GraphError(
    400,
    'TimeZoneNotSupportedException',
    `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${value}'.`,
  );
}

/** OData's reader error for a primitive where an object (complex type) belongs. */
function expectedObject(value: unknown): GraphError {
  const node = Array.isArray(value) ? 'StartArray' : 'PrimitiveValue';
  return badRequest(`An unexpected '${node}' node was found when reading from the JSON reader. A 'StartObject' node was expected.`);
}

// --- times ----------------------------------------------------------------------------------------

/** One end of an event: the instant, and how the request stated it. */
export interface EventTime {
  readonly utcMs: number;
  /** Seven fractional digits as given (used while rendering in the original zone). */
  readonly fraction: string;
  /** The time-zone name as the request spelled it. */
  readonly timeZone: string;
  readonly iana: string;
  /** Wall-clock time in `timeZone`, 'YYYY-MM-DDTHH:mm:ss'. */
  readonly wall: string;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d{1,7})\d*)?(Z|[+-]\d{2}:\d{2})?$/i;

function wallString(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 19);
}

function parseEventTime(raw: unknown): EventTime {
  if (!isJsonObject(raw)) throw expectedObject(raw);
  const dateTime = raw['dateTime'];
  const timeZone = raw['timeZone'];
  if (dateTime !== undefined && dateTime !== null && typeof dateTime !== 'string') throw cannotConvertLiteral(dateTime, 'Edm.String');
  if (timeZone !== undefined && timeZone !== null && typeof timeZone !== 'string') throw cannotConvertLiteral(timeZone, 'Edm.String');
  if (typeof dateTime !== 'string' || dateTime.trim() === '') throw propertyValidationFailure();
  const zoneName = typeof timeZone === 'string' ? timeZone : '';
  const iana = resolveTimeZone(zoneName);
  if (iana === undefined) throw timeZoneNotSupported(zoneName);
  const m = LOCAL_DATE_TIME.exec(dateTime.trim());
  if (m === null) throw propertyValidationFailure();
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  const fraction = (frac ?? '').padEnd(7, '0');
  const wallMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? '0'), Number(fraction.slice(0, 3)));
  const check = new Date(wallMs);
  if (Number.isNaN(wallMs) || check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) throw propertyValidationFailure();
  if (offset === undefined) {
    const utcMs = wallClockToUtc(wallMs, iana);
    return { utcMs, fraction, timeZone: zoneName, iana, wall: wallString(utcToWallClock(utcMs, iana)) };
  }
  // An explicit offset names an instant; restate it in the requested zone.
  const sign = offset.toUpperCase() === 'Z' ? 0 : offset.startsWith('-') ? -1 : 1;
  const offMs = sign === 0 ? 0 : sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
  const utcMs = wallMs - offMs;
  return { utcMs, fraction, timeZone: zoneName, iana, wall: wallString(utcToWallClock(utcMs, iana)) };
}

function timeFromInstant(utcMs: number, zoneName: string, iana: string): EventTime {
  const fraction = String(utcMs % 1000).padStart(3, '0').padEnd(7, '0');
  return { utcMs, fraction, timeZone: zoneName, iana, wall: wallString(utcToWallClock(utcMs, iana)) };
}

/** dateTimeTimeZone in `zone` (or as originally stated when zone is undefined). */
export function renderTime(t: EventTime, zone?: { readonly name: string; readonly iana: string }): { dateTime: string; timeZone: string } {
  if (zone === undefined || zone.name.toLowerCase() === t.timeZone.toLowerCase()) {
    return { dateTime: `${t.wall}.${t.fraction}`, timeZone: t.timeZone };
  }
  const wallMs = utcToWallClock(t.utcMs, zone.iana);
  const fraction = String(((t.utcMs % 1000) + 1000) % 1000).padStart(3, '0').padEnd(7, '0');
  return { dateTime: `${wallString(wallMs)}.${fraction}`, timeZone: zone.name };
}

// --- request body ---------------------------------------------------------------------------------

export interface EventAttendee {
  readonly type: string;
  readonly address: string;
  readonly name: string | null;
}

/** A validated POST /events body. */
export interface EventRequest {
  readonly subject: string | null;
  readonly body: { readonly contentType: 'text' | 'html'; readonly content: string };
  readonly start: EventTime;
  readonly end: EventTime;
  readonly attendees: readonly EventAttendee[];
  readonly isOnlineMeeting: boolean;
  readonly onlineMeetingProvider: string;
  readonly transactionId: string | null;
  readonly allowNewTimeProposals: boolean;
  readonly isAllDay: boolean;
  readonly importance: string;
  readonly sensitivity: string;
  readonly showAs: string;
  readonly isReminderOn: boolean;
  readonly reminderMinutesBeforeStart: number;
  readonly responseRequested: boolean;
  readonly hideAttendees: boolean;
  readonly categories: readonly string[];
  readonly locationName: string | null;
}

function optionalString(body: Body, key: string): string | null | undefined {
  const v = body[key];
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string') throw cannotConvertLiteral(v, 'Edm.String');
  return v;
}

function optionalBoolean(body: Body, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw cannotConvertLiteral(v, 'Edm.Boolean');
  return v;
}

function optionalEnum(body: Body, key: string, name: keyof typeof ENUMS): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  const allowed: readonly string[] = ENUMS[name];
  const match = typeof v === 'string' ? allowed.find((a) => a.toLowerCase() === v.toLowerCase()) : undefined;
  if (match === undefined) throw cannotConvertLiteral(v, `microsoft.graph.${name}`);
  return match;
}

function parseBody(raw: unknown): EventRequest['body'] {
  if (raw === undefined || raw === null) return { contentType: 'html', content: '' };
  if (!isJsonObject(raw)) throw expectedObject(raw);
  const contentType = (optionalEnum(raw, 'contentType', 'bodyType') ?? 'text') as 'text' | 'html';
  return { contentType, content: optionalString(raw, 'content') ?? '' };
}

function parseAttendees(raw: unknown): EventAttendee[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw cannotConvertLiteral(raw, 'Collection(microsoft.graph.attendee)');
  return raw.map((a): EventAttendee => {
    if (!isJsonObject(a)) throw expectedObject(a);
    const email = a['emailAddress'];
    if (email === undefined || email === null) throw propertyValidationFailure();
    if (!isJsonObject(email)) throw expectedObject(email);
    const address = optionalString(email, 'address');
    if (address === undefined || address === null || address.trim() === '') throw propertyValidationFailure();
    return { type: optionalEnum(a, 'type', 'attendeeType') ?? 'required', address: address.trim(), name: optionalString(email, 'name') ?? null };
  });
}

function parseLocation(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (!isJsonObject(raw)) throw expectedObject(raw);
  const name = optionalString(raw, 'displayName');
  return name === undefined || name === null || name === '' ? null : name;
}

function isMidnight(t: EventTime): boolean {
  return t.wall.endsWith('T00:00:00') && /^0+$/.test(t.fraction);
}

export function parseEventRequest(raw: unknown, now: Date = new Date()): EventRequest {
  if (raw === undefined) throw badRequest('Empty Payload. JSON content expected.');
  if (!isJsonObject(raw)) throw badRequest('Invalid request body: a JSON object is expected.');
  for (const key of Object.keys(raw)) {
    if (key.startsWith('@') || key.includes('@odata.')) continue;
    if (!EVENT_PROPERTIES.has(key)) throw propertyDoesNotExist(key, EVENT_TYPE);
  }
  if (raw['recurrence'] !== undefined && raw['recurrence'] !== null) {
    throw new GraphError(501, 'NotImplemented', 'The Graph sandbox does not simulate recurring events (recurrence).');
  }

  let start = raw['start'] === undefined || raw['start'] === null ? undefined : parseEventTime(raw['start']);
  let end = raw['end'] === undefined || raw['end'] === null ? undefined : parseEventTime(raw['end']);
  if (start === undefined) {
    const zone = end ?? { timeZone: 'UTC', iana: 'Etc/UTC' };
    start = timeFromInstant(Math.floor(now.getTime() / 1000) * 1000, zone.timeZone, zone.iana);
  }
  if (end === undefined) end = timeFromInstant(start.utcMs + DEFAULT_DURATION_MS, start.timeZone, start.iana);
  if (end.utcMs < start.utcMs) throw propertyValidationFailure();

  const isAllDay = optionalBoolean(raw, 'isAllDay') ?? false;
  if (isAllDay && (!isMidnight(start) || !isMidnight(end) || start.iana !== end.iana || end.utcMs === start.utcMs)) {
    throw propertyValidationFailure();
  }

  const isOnlineMeeting = optionalBoolean(raw, 'isOnlineMeeting') ?? false;
  const requestedProvider = optionalEnum(raw, 'onlineMeetingProvider', 'onlineMeetingProviderType');
  if (isOnlineMeeting && requestedProvider !== undefined && requestedProvider !== 'unknown') {
    if (!(ALLOWED_ONLINE_MEETING_PROVIDERS as readonly string[]).includes(requestedProvider)) {
      throw new GraphError(
        400,
        'ErrorInvalidRequest',
        `Your request can't be completed. The online meeting provider '${requestedProvider}' isn't allowed for this calendar.`,
      );
    }
  }
  // The calendar's default provider is Teams: isOnlineMeeting alone gives a Teams meeting.
  const onlineMeetingProvider = isOnlineMeeting ? 'teamsForBusiness' : (requestedProvider ?? 'unknown');

  const reminder = raw['reminderMinutesBeforeStart'];
  if (reminder !== undefined && reminder !== null && (typeof reminder !== 'number' || !Number.isInteger(reminder))) {
    throw cannotConvertLiteral(reminder, 'Edm.Int32');
  }
  const categories = raw['categories'];
  if (categories !== undefined && categories !== null && (!Array.isArray(categories) || !categories.every((c) => typeof c === 'string'))) {
    throw cannotConvertLiteral(categories, 'Collection(Edm.String)');
  }
  const transactionId = optionalString(raw, 'transactionId');

  return {
    subject: optionalString(raw, 'subject') ?? null,
    body: parseBody(raw['body']),
    start,
    end,
    attendees: parseAttendees(raw['attendees']),
    isOnlineMeeting,
    onlineMeetingProvider,
    transactionId: transactionId === undefined || transactionId === null || transactionId === '' ? null : transactionId,
    allowNewTimeProposals: optionalBoolean(raw, 'allowNewTimeProposals') ?? true,
    isAllDay,
    importance: optionalEnum(raw, 'importance', 'importance') ?? 'normal',
    sensitivity: optionalEnum(raw, 'sensitivity', 'sensitivity') ?? 'normal',
    showAs: optionalEnum(raw, 'showAs', 'freeBusyStatus') ?? 'busy',
    isReminderOn: optionalBoolean(raw, 'isReminderOn') ?? true,
    reminderMinutesBeforeStart: typeof reminder === 'number' ? reminder : 15,
    responseRequested: optionalBoolean(raw, 'responseRequested') ?? true,
    hideAttendees: optionalBoolean(raw, 'hideAttendees') ?? false,
    categories: Array.isArray(categories) ? (categories as string[]) : [],
    locationName: parseLocation(raw['location']),
  };
}

// --- identifiers ----------------------------------------------------------------------------------

/** A stable per-user mailbox GUID (Exchange ids embed the mailbox's). */
function mailboxGuid(userId: string): string {
  const h = createHash('sha1').update(`mailbox:${userId.toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Exchange's REST item id: base64 with '/' → '-' and '+' → '_' (padding kept), e.g. "AAMkADBmYTFk…AAA=". */
export function toRestId(standardBase64: string): string {
  return standardBase64.replace(/\//g, '-').replace(/\+/g, '_');
}

export function fromRestId(id: string): string {
  return id.replace(/-/g, '/').replace(/_/g, '+');
}

/** A new item id shaped like Exchange's: 00 03 24 00 <mailbox guid> 00 46 … <folder> 07 00 <entry ids>. */
export function newEventIds(userId: string): { restId: string; standard: string } {
  const bytes = Buffer.concat([
    Buffer.from([0x00, 0x03, 0x24, 0x00]),
    Buffer.from(mailboxGuid(userId), 'ascii'),
    Buffer.from([0x00, 0x46, 0x00, 0x00, 0x00, 0x00, 0x00]),
    randomBytes(16),
    Buffer.from([0x07, 0x00]),
    randomBytes(16),
    Buffer.from([0x00, 0x00, 0x00, 0x00, 0x01, 0x0d, 0x00, 0x00]),
    randomBytes(16),
    Buffer.from([0x00, 0x00]),
    randomBytes(4),
    Buffer.from([0x00, 0x00]),
  ]);
  const standard = bytes.toString('base64');
  return { restId: toRestId(standard), standard };
}

/** True when the id could be one of ours (else Graph's 400 ErrorInvalidIdMalformed). */
export function isWellFormedEventId(id: string): boolean {
  if (!/^AAMk[A-Za-z0-9_-]+={0,2}$/.test(id)) return false;
  const bytes = Buffer.from(fromRestId(id), 'base64');
  return bytes.length > 40 && bytes[0] === 0x00 && bytes[1] === 0x03 && bytes[2] === 0x24;
}

/** iCalUId as Exchange forms it: the Outlook global-object-id prefix, a FILETIME, and a GUID. */
function newICalUId(now: Date): string {
  const filetime = (BigInt(now.getTime()) + 11_644_473_600_000n) * 10_000n;
  const ft = Buffer.alloc(8);
  ft.writeBigUInt64LE(filetime);
  return `040000008200E00074C5B7101A82E00800000000${ft.toString('hex')}000000000000000010000000${randomBytes(16).toString('hex')}`.toUpperCase();
}

// --- the resource ---------------------------------------------------------------------------------

export interface OnlineMeetingInfo {
  readonly joinUrl: string;
  readonly conferenceId: string | null;
  readonly tollNumber: string | null;
  readonly joinMeetingId: string | null;
  readonly passcode: string | null;
}

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

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function teamsBlock(meeting: OnlineMeetingInfo): string {
  const id = meeting.joinMeetingId === null ? '' : meeting.joinMeetingId.replace(/(\d{3})(?=\d)/g, '$1 ');
  const codes =
    meeting.joinMeetingId === null
      ? ''
      : `<div style="margin-bottom:20px"><span style="font-size:14px;color:#252424">Meeting ID: ${id}</span><br>` +
        (meeting.passcode === null ? '' : `<span style="font-size:14px;color:#252424">Passcode: ${escapeHtml(meeting.passcode)}</span>`) +
        '</div>';
  const dialIn =
    meeting.tollNumber === null || meeting.conferenceId === null
      ? ''
      : `<div style="margin-bottom:20px"><span style="font-size:14px;color:#252424">Dial in by phone</span><br>` +
        `<span style="font-size:14px;color:#252424">${escapeHtml(meeting.tollNumber)},,${meeting.conferenceId}# United States, Seattle</span><br>` +
        `<span style="font-size:14px;color:#252424">Phone conference ID: ${meeting.conferenceId}#</span></div>`;
  return (
    '<div style="width:100%"><span style="white-space:nowrap;color:#5F5F5F;opacity:.36">________________________________________________________________________________</span></div>' +
    '<div class="me-email-text" lang="en-US" style="color:#252424;font-family:\'Segoe UI\',\'Helvetica Neue\',Helvetica,Arial,sans-serif">' +
    '<div style="margin-top:24px;margin-bottom:20px"><span style="font-size:24px;color:#252424">Microsoft Teams meeting</span></div>' +
    '<div style="margin-bottom:20px"><div style="margin-top:0px;margin-bottom:0px;font-weight:bold"><span style="font-size:14px;color:#252424">Join on your computer, mobile app or room device</span></div>' +
    `<a class="me-email-headline" href="${escapeHtml(meeting.joinUrl)}" target="_blank" rel="noreferrer noopener" style="font-size:14px;font-family:'Segoe UI Semibold','Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif;text-decoration:underline;color:#6264a7">Click here to join the meeting</a></div>` +
    codes +
    dialIn +
    '</div>'
  );
}

function htmlBody(request: EventRequest, meeting: OnlineMeetingInfo | null): string {
  const own = request.body.contentType === 'html' ? request.body.content : escapeHtml(request.body.content).replace(/\r?\n/g, '<br>');
  const inner = /<body[^>]*>([\s\S]*)<\/body>/i.exec(own)?.[1] ?? own;
  return (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>' +
    inner +
    (meeting === null ? '' : `<br>${teamsBlock(meeting)}`) +
    '</body></html>'
  );
}

function preview(html: string): string {
  const text = html
    .replace(/<head[\s\S]*?<\/head>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(div|p)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  const lines = text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l.length > 0);
  return lines.join('\r\n').slice(0, 255);
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
  const { restId, standard } = newEventIds(ctx.organizer.id);
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
    iCalUId: newICalUId(now),
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
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(standard)}&exvsurl=1&path=/calendar/item`,
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
