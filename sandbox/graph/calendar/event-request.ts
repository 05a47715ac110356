/**
 * The request body of POST /users/{id}/events (resources/event.md, api/user-post-events.md) validated
 * the way the service validates it; see calendar-events.ts for what is documented and what inferred.
 */
import { GraphError, badRequest, cannotConvertLiteral, propertyDoesNotExist } from '../graph-errors';
import { isJsonObject } from '../../http/http-util';
import { expectedObject, parseEventTime, propertyValidationFailure, timeFromInstant, type EventTime } from './event-time';

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
const ALLOWED_ONLINE_MEETING_PROVIDERS = ['teamsForBusiness'] as const;

const DEFAULT_DURATION_MS = 30 * 60 * 1000;

type Body = Readonly<Record<string, unknown>>;

// --- request body ---------------------------------------------------------------------------------

interface EventAttendee {
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
