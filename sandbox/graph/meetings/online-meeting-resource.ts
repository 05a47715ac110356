/**
 * Request bodies of POST /users/{id}/onlineMeetings and …/onlineMeetings/createOrGet, validated
 * the way Graph validates them, and the onlineMeeting resource built from them.
 *
 * Choices, each documented where Graph documents it:
 *  - createOrGet is an OData action whose parameters are exactly startDateTime, endDateTime,
 *    externalId, participants and subject (onlinemeeting-createorget.md). Any other parameter
 *    (lobbyBypassSettings, allowedPresenters, …) is rejected with OData's 400 "The parameter 'x'
 *    in the request payload is not a valid parameter for the operation 'createOrGet'." rather
 *    than silently ignored, so a client that relies on settings createOrGet cannot take finds
 *    out here and not in production. `@odata.*` annotations are allowed.
 *  - Create (POST …/onlineMeetings) takes an onlineMeeting: properties the type does not define
 *    are a 400 ("The property 'x' does not exist on type 'microsoft.graph.onlineMeeting'…");
 *    read-only ones (id, joinWebUrl, chatInfo, audioConferencing, …) are ignored, the service
 *    computes them.
 *  - Times: missing start = now; missing end = start + 1 h; end without start, or end earlier
 *    than start, is a 400. Times are echoed in UTC with seven fractional digits.
 */
import { graphDateTime } from '../graph-context';
import { badRequest, cannotConvertLiteral, notAValidActionParameter, propertyDoesNotExist } from '../graph-errors';
import { isJsonObject } from '../../http/http-util';

const ONLINE_MEETING_TYPE = 'microsoft.graph.onlineMeeting';

const CREATE_OR_GET_PARAMETERS = ['startDateTime', 'endDateTime', 'externalId', 'participants', 'subject'] as const;

const WRITABLE_PROPERTIES = [
  'allowAttendeeToEnableCamera',
  'allowAttendeeToEnableMic',
  'allowedPresenters',
  'allowMeetingChat',
  'allowParticipantsToChangeName',
  'allowTeamworkReactions',
  'broadcastSettings',
  'endDateTime',
  'externalId',
  'isBroadcast',
  'isEntryExitAnnounced',
  'joinMeetingIdSettings',
  'lobbyBypassSettings',
  'participants',
  'recordAutomatically',
  'shareMeetingChatHistoryDefault',
  'startDateTime',
  'subject',
  'watermarkProtection',
] as const;

const READ_ONLY_PROPERTIES = [
  'id',
  'creationDateTime',
  'joinWebUrl',
  'joinInformation',
  'audioConferencing',
  'chatInfo',
  'videoTeleconferenceId',
  'attendeeReport',
] as const;

export const ENUMS = {
  onlineMeetingPresenters: ['everyone', 'organization', 'roleIsPresenter', 'organizer', 'unknownFutureValue'],
  meetingChatMode: ['enabled', 'disabled', 'limited', 'unknownFutureValue'],
  lobbyBypassScope: [
    'organizer',
    'organization',
    'organizationAndFederated',
    'everyone',
    'unknownFutureValue',
    'invited',
    'organizationExcludingGuests',
  ],
  onlineMeetingRole: ['attendee', 'presenter', 'unknownFutureValue', 'producer', 'coorganizer'],
  meetingChatHistoryDefaultMode: ['all', 'none', 'unknownFutureValue'],
} as const;

type Body = Readonly<Record<string, unknown>>;

/** What a create or createOrGet request asked for, validated. */
export interface MeetingRequest {
  readonly startDateTime: string;
  readonly endDateTime: string;
  readonly subject: string | null;
  readonly externalId: string | null;
  readonly attendees: readonly Record<string, unknown>[];
  readonly settings: Readonly<Record<string, unknown>>;
}

// --- primitive readers -------------------------------------------------------------------------

function isAnnotation(key: string): boolean {
  return key.startsWith('@') || key.includes('@odata.');
}

function optionalBoolean(body: Body, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw cannotConvertLiteral(v, 'Edm.Boolean');
  return v;
}

function optionalString(body: Body, key: string): string | null | undefined {
  const v = body[key];
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string') throw cannotConvertLiteral(v, 'Edm.String');
  return v;
}

function optionalEnum(body: Body, key: string, enumName: keyof typeof ENUMS): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  const allowed: readonly string[] = ENUMS[enumName];
  const match = typeof v === 'string' ? allowed.find((a) => a.toLowerCase() === v.toLowerCase()) : undefined;
  if (match === undefined) throw cannotConvertLiteral(v, `microsoft.graph.${enumName}`);
  return match;
}

const DATE_TIME_OFFSET = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,7})\d*)?(Z|[+-]\d{2}:\d{2})$/i;

/** Parses an Edm.DateTimeOffset and renders it as Graph echoes it (UTC, 7 fractional digits). */
function parseDateTime(value: unknown): { ms: number; text: string } | undefined {
  if (value === undefined || value === null) return undefined;
  const m = typeof value === 'string' ? DATE_TIME_OFFSET.exec(value) : null;
  if (m === null || m[1] === undefined || m[3] === undefined) throw cannotConvertLiteral(value, 'Edm.DateTimeOffset');
  const fraction = (m[2] ?? '').padEnd(7, '0');
  const ms = Date.parse(`${m[1]}.${fraction.slice(0, 3)}${m[3]}`);
  if (Number.isNaN(ms)) throw cannotConvertLiteral(value, 'Edm.DateTimeOffset');
  const whole = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
  return { ms, text: `${whole}.${fraction}Z` };
}

function meetingTimes(body: Body): { startDateTime: string; endDateTime: string } {
  const start = parseDateTime(body['startDateTime']);
  const end = parseDateTime(body['endDateTime']);
  if (start === undefined && end !== undefined) {
    throw badRequest('The endDateTime cannot be provided without a startDateTime.');
  }
  if (start !== undefined && end !== undefined && end.ms < start.ms) {
    throw badRequest('The endDateTime must be later than the startDateTime.');
  }
  const startText = start?.text ?? graphDateTime(new Date());
  const startMs = start?.ms ?? Date.parse(startText);
  return { startDateTime: startText, endDateTime: end?.text ?? graphDateTime(new Date(startMs + 60 * 60 * 1000)) };
}

// --- participants -------------------------------------------------------------------------------

function identityUser(raw: unknown, tenantId: string): Record<string, unknown> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isJsonObject(raw)) throw cannotConvertLiteral(raw, 'microsoft.graph.identity');
  const id = optionalString(raw, 'id');
  return {
    id: id ?? null,
    displayName: optionalString(raw, 'displayName') ?? null,
    tenantId: optionalString(raw, 'tenantId') ?? tenantId,
    identityProvider: optionalString(raw, 'identityProvider') ?? 'AAD',
  };
}

function attendee(raw: unknown, tenantId: string): Record<string, unknown> {
  if (!isJsonObject(raw)) throw cannotConvertLiteral(raw, 'microsoft.graph.meetingParticipantInfo');
  const identityRaw = raw['identity'];
  if (identityRaw !== undefined && identityRaw !== null && !isJsonObject(identityRaw)) {
    throw cannotConvertLiteral(identityRaw, 'microsoft.graph.identitySet');
  }
  const user = isJsonObject(identityRaw) ? identityUser(identityRaw['user'], tenantId) : undefined;
  const upn = optionalString(raw, 'upn') ?? null;
  if (user === undefined && upn === null) {
    throw badRequest('A meeting participant must have an identity or a upn.');
  }
  return {
    upn,
    role: optionalEnum(raw, 'role', 'onlineMeetingRole') ?? null,
    identity: user === undefined ? {} : { user },
  };
}

function attendees(body: Body, tenantId: string): Record<string, unknown>[] {
  const participants = body['participants'];
  if (participants === undefined || participants === null) return [];
  if (!isJsonObject(participants)) throw cannotConvertLiteral(participants, 'microsoft.graph.meetingParticipants');
  const list = participants['attendees'];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw cannotConvertLiteral(list, 'Collection(microsoft.graph.meetingParticipantInfo)');
  // participants.organizer, if sent, is ignored: the organizer is the user in the request path.
  return list.map((a) => attendee(a, tenantId));
}

// --- request bodies -----------------------------------------------------------------------------

function requireObject(body: unknown): Body {
  if (body === undefined) throw badRequest('Empty Payload. JSON content expected.');
  if (!isJsonObject(body)) throw badRequest('Invalid request body: a JSON object is expected.');
  return body;
}

export function parseCreateOrGetRequest(body: unknown, tenantId: string): MeetingRequest & { externalId: string } {
  const b = requireObject(body);
  for (const key of Object.keys(b)) {
    if (isAnnotation(key)) continue;
    if (!(CREATE_OR_GET_PARAMETERS as readonly string[]).includes(key)) throw notAValidActionParameter(key, 'createOrGet');
  }
  const externalId = optionalString(b, 'externalId');
  if (externalId === undefined || externalId === null || externalId.trim() === '') {
    throw badRequest("The 'externalId' parameter is required and cannot be empty.");
  }
  return {
    ...meetingTimes(b),
    subject: optionalString(b, 'subject') ?? null,
    externalId,
    attendees: attendees(b, tenantId),
    settings: {},
  };
}

export function parseCreateRequest(body: unknown, tenantId: string): MeetingRequest {
  const b = requireObject(body);
  for (const key of Object.keys(b)) {
    if (isAnnotation(key)) continue;
    const known = (WRITABLE_PROPERTIES as readonly string[]).includes(key) || (READ_ONLY_PROPERTIES as readonly string[]).includes(key);
    if (!known) throw propertyDoesNotExist(key, ONLINE_MEETING_TYPE);
  }
  const settings: Record<string, unknown> = {};
  const booleans = [
    'allowAttendeeToEnableCamera',
    'allowAttendeeToEnableMic',
    'allowParticipantsToChangeName',
    'allowTeamworkReactions',
    'isEntryExitAnnounced',
    'recordAutomatically',
    'isBroadcast',
  ] as const;
  for (const key of booleans) {
    const v = optionalBoolean(b, key);
    if (v !== undefined) settings[key] = v;
  }
  const presenters = optionalEnum(b, 'allowedPresenters', 'onlineMeetingPresenters');
  if (presenters !== undefined) settings['allowedPresenters'] = presenters;
  const chat = optionalEnum(b, 'allowMeetingChat', 'meetingChatMode');
  if (chat !== undefined) settings['allowMeetingChat'] = chat;
  const history = optionalEnum(b, 'shareMeetingChatHistoryDefault', 'meetingChatHistoryDefaultMode');
  if (history !== undefined) settings['shareMeetingChatHistoryDefault'] = history;

  const lobby = b['lobbyBypassSettings'];
  if (lobby !== undefined && lobby !== null) {
    if (!isJsonObject(lobby)) throw cannotConvertLiteral(lobby, 'microsoft.graph.lobbyBypassSettings');
    settings['lobbyBypassSettings'] = {
      scope: optionalEnum(lobby, 'scope', 'lobbyBypassScope') ?? 'organization',
      isDialInBypassEnabled: optionalBoolean(lobby, 'isDialInBypassEnabled') ?? false,
    };
  }
  const joinSettings = b['joinMeetingIdSettings'];
  if (joinSettings !== undefined && joinSettings !== null) {
    if (!isJsonObject(joinSettings)) throw cannotConvertLiteral(joinSettings, 'microsoft.graph.joinMeetingIdSettings');
    if (joinSettings['passcode'] !== undefined && joinSettings['passcode'] !== null) {
      throw badRequest('A custom passcode is not supported; the passcode is generated by the service.');
    }
    const required = optionalBoolean(joinSettings, 'isPasscodeRequired');
    if (required !== undefined) settings['isPasscodeRequired'] = required;
  }
  const externalId = optionalString(b, 'externalId');
  return {
    ...meetingTimes(b),
    subject: optionalString(b, 'subject') ?? null,
    externalId: externalId ?? null,
    attendees: attendees(b, tenantId),
    settings,
  };
}
