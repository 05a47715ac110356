/**
 * Cloud-communications wire shapes (Graph v1.0): the join-meeting request of POST
 * /communications/calls validated the way the service validates it, and the resources the sandbox
 * serves and notifies (call, participant, operations, resultInfo, commsNotifications).
 *
 * Sources (microsoft-graph-docs-contrib, api-reference/v1.0):
 *  - api/application-post-calls.md — request/response of "Join scheduled meeting with service hosted
 *    media" (organizerMeetingInfo + chatInfo, tenantId at the root) and "with joinMeetingId and
 *    passcode"; 201 + Location; establishing/established/roster notification examples.
 *  - api/call-playprompt.md, api/participant-invite.md — operation bodies and their `deleted`
 *    completion notifications; "Inviting up to 5 participants is supported" for calls with chatInfo.
 *  - api/call-delete.md — terminating/terminated notifications and the "Call end reason codes" table.
 *  - api/call-keepalive.md — 200, 404 for a call that has ended.
 * What no document states is marked "inferred".
 */
import { badRequest, GraphError } from '../graph-errors';
import { isJsonObject } from '../../http/http-util';

// --- resultInfo -----------------------------------------------------------------------------------

export interface ResultInfo {
  readonly code: number;
  readonly subcode: number;
  readonly message: string;
}

/** resultInfo values the sandbox sends, with their sources. */
export const RESULT_INFO = {
  /** call-delete.md: the terminated notification after DELETE shows 200/5001 "The conversation has ended."
   *  (the same page's table also lists 200/7000 and 200/10550 "The conversation has ended by bot."). */
  hungUpByApp: { code: 200, subcode: 5001, message: 'The conversation has ended.' },
  /** call-delete.md table. */
  allOthersLeft: { code: 200, subcode: 5002, message: 'The conversation has ended as all other participants have left the call.' },
  /** call-delete.md table. */
  mediaConnectivity: {
    code: 500,
    subcode: 1005,
    message: "Server encountered connectivity error with Bot's media. Please check media connectivity between Bot and Microsoft.",
  },
  /** call-delete.md table; a live call without keepAlive for 45 minutes (call-keepalive.md). */
  keepAliveTimeout: { code: 408, subcode: 8537, message: 'Keep Alive timeout, cleaned up inactive call.' },
  /** microsoft-graph-comms-samples#433 "Bad Request. DiagCode: 400#2203": a join with wrong meeting
   *  coordinates gets 201, `establishing`, then `terminated` with this. Message wording modeled on the
   *  captured "Server Internal Error. DiagCode: 500#560500.@" (inferred). */
  badJoinRequest: { code: 400, subcode: 2203, message: 'Bad Request. DiagCode: 400#2203.@' },
  /** microsoft-graph-comms-samples#276/#850: "Insufficient enterprise tenant permissions, cannot access this API." */
  insufficientTenantPermissions: {
    code: 403,
    subcode: 7504,
    message: 'Insufficient enterprise tenant permissions, cannot access this API.',
  },
  /** call-playprompt.md completion notification. */
  actionCompleted: { code: 200, subcode: 0, message: 'Action completed successfully.' },
} as const satisfies Record<string, ResultInfo>;

export function resultInfoResource(info: ResultInfo): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.resultInfo', code: info.code, subcode: info.subcode, message: info.message };
}

// --- errors raised by the communications routes --------------------------------------------------

/**
 * 403 {"error":{"code":"7505","message":"Request authorization tenant mismatch."}} — synchronous, as
 * captured in microsoft-graph-docs#7080 / #9481 ("TenantId is missing": chatInfo + meetingInfo without a
 * root tenantId), OfficeDev/Microsoft-Teams-Samples#1785 (tenantId misplaced inside meetingInfo) and
 * microsoft-graph-comms-samples#171 (statusCode 403).
 */
export function tenantMismatch(): GraphError {
  return new GraphError(403, '7505', 'Request authorization tenant mismatch.');
}

/** Unknown or ended call (call-keepalive.md: "404 Not-Found"). Code and wording inferred. */
export function callNotFound(id: string): GraphError {
  return new GraphError(404, 'NotFound', `Call '${id}' was not found. It may have ended.`);
}

// --- the join request ------------------------------------------------------------------------------

const MODALITIES = ['unknown', 'audio', 'video', 'videoBasedScreenSharing', 'data'] as const;

type MeetingInfoRequest =
  | {
      readonly kind: 'organizer';
      readonly organizerId: string;
      /** organizer.user.tenantId as sent (undefined when missing). */
      readonly organizerTenantId: string | undefined;
      readonly allowConversationWithoutHost: boolean;
      readonly resource: Record<string, unknown>;
    }
  | {
      readonly kind: 'joinMeetingId';
      readonly joinMeetingId: string;
      readonly passcode: string | null;
      readonly resource: Record<string, unknown>;
    };

export interface PrefetchMedia {
  readonly uri: string;
  readonly resourceId: string;
}

export interface JoinCallRequest {
  readonly callbackUri: string;
  readonly requestedModalities: readonly string[];
  readonly prefetchMedia: readonly PrefetchMedia[];
  readonly mediaConfig: Record<string, unknown>;
  readonly chatInfo: { readonly threadId: string; readonly messageId: string; readonly replyChainMessageId: string | null } | undefined;
  readonly meetingInfo: MeetingInfoRequest;
  /** Root tenantId as sent (undefined when missing). */
  readonly tenantId: string | undefined;
  readonly subject: string | null;
}

export function odataType(value: Record<string, unknown>): string | undefined {
  const t = value['@odata.type'];
  if (typeof t !== 'string') return undefined;
  return t.startsWith('#') ? t : `#${t}`;
}

export function requireString(obj: Record<string, unknown>, key: string, where: string): string {
  const v = obj[key];
  if (typeof v !== 'string' || v.trim() === '') throw badRequest(`${where}.${key} is required and must be a non-empty string.`);
  return v;
}

export function optionalString(obj: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`${where}.${key} must be a string.`);
  return v;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * callbackUri must be an absolute https URL. The one documented deviation of the sandbox: it also
 * accepts plain http to a loopback host (http://127.0.0.1:…, http://localhost:…, http://[::1]:…), so a
 * bot running on a developer machine or in tests can receive notifications without TLS. The real
 * service rejects those (it cannot reach them anyway).
 */
function checkCallbackUri(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw badRequest('callbackUri is required.');
  let url: URL;
  try {
    url = new URL(value);
  } catch (e: unknown) {
    throw badRequest(`callbackUri '${value}' is not a valid absolute URI (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (url.protocol === 'https:') return value;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname.toLowerCase())) return value;
  throw badRequest(`callbackUri '${value}' must use https.`);
}

function parseMediaConfig(raw: unknown): { mediaConfig: Record<string, unknown>; prefetch: PrefetchMedia[] } {
  if (!isJsonObject(raw)) throw badRequest('mediaConfig is required.');
  const type = odataType(raw);
  if (type === '#microsoft.graph.appHostedMediaConfig') {
    // Graph accepts app-hosted media (with Calls.AccessMedia.All); the sandbox does not model it.
    throw badRequest('The sandbox supports only #microsoft.graph.serviceHostedMediaConfig (app-hosted media is not modeled).');
  }
  if (type !== '#microsoft.graph.serviceHostedMediaConfig') {
    throw badRequest("mediaConfig must have '@odata.type' '#microsoft.graph.serviceHostedMediaConfig'.");
  }
  const prefetch: PrefetchMedia[] = [];
  const list = raw['preFetchMedia'];
  if (list !== undefined && list !== null) {
    if (!Array.isArray(list)) throw badRequest('mediaConfig.preFetchMedia must be a collection of mediaInfo.');
    for (const item of list) {
      if (!isJsonObject(item)) throw badRequest('mediaConfig.preFetchMedia items must be mediaInfo objects.');
      prefetch.push({ uri: requireString(item, 'uri', 'preFetchMedia[]'), resourceId: requireString(item, 'resourceId', 'preFetchMedia[]') });
    }
  }
  const mediaConfig: Record<string, unknown> = { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' };
  if (prefetch.length > 0) mediaConfig['preFetchMedia'] = prefetch.map((p) => ({ uri: p.uri, resourceId: p.resourceId }));
  if (typeof raw['removeFromDefaultAudioGroup'] === 'boolean') mediaConfig['removeFromDefaultAudioGroup'] = raw['removeFromDefaultAudioGroup'];
  return { mediaConfig, prefetch };
}

function parseMeetingInfo(raw: unknown): MeetingInfoRequest {
  if (!isJsonObject(raw)) {
    // Only joins of existing meetings are modeled (no targets / peer-to-peer / ad-hoc group calls).
    throw badRequest('meetingInfo is required to join a meeting (the sandbox does not model peer-to-peer or ad-hoc group calls).');
  }
  const type = odataType(raw);
  if (type === '#microsoft.graph.organizerMeetingInfo') {
    const organizer = raw['organizer'];
    if (!isJsonObject(organizer)) throw badRequest('meetingInfo.organizer (identitySet) is required.');
    const user = organizer['user'];
    if (!isJsonObject(user)) throw badRequest('meetingInfo.organizer.user is required.');
    const organizerId = requireString(user, 'id', 'meetingInfo.organizer.user');
    const organizerTenantId = optionalString(user, 'tenantId', 'meetingInfo.organizer.user');
    const allow = raw['allowConversationWithoutHost'];
    if (allow !== undefined && allow !== null && typeof allow !== 'boolean') {
      throw badRequest('meetingInfo.allowConversationWithoutHost must be a boolean.');
    }
    const userOut: Record<string, unknown> = { '@odata.type': '#microsoft.graph.identity', id: organizerId };
    const displayName = optionalString(user, 'displayName', 'meetingInfo.organizer.user');
    if (displayName !== undefined) userOut['displayName'] = displayName;
    if (organizerTenantId !== undefined) userOut['tenantId'] = organizerTenantId;
    return {
      kind: 'organizer',
      organizerId,
      organizerTenantId,
      allowConversationWithoutHost: allow === true,
      resource: {
        '@odata.type': '#microsoft.graph.organizerMeetingInfo',
        organizer: { '@odata.type': '#microsoft.graph.identitySet', user: userOut },
        allowConversationWithoutHost: allow === true,
      },
    };
  }
  if (type === '#microsoft.graph.joinMeetingIdMeetingInfo') {
    const joinMeetingId = requireString(raw, 'joinMeetingId', 'meetingInfo');
    const passcode = optionalString(raw, 'passcode', 'meetingInfo') ?? null;
    return {
      kind: 'joinMeetingId',
      joinMeetingId,
      passcode,
      resource: { '@odata.type': '#microsoft.graph.joinMeetingIdMeetingInfo', joinMeetingId, passcode },
    };
  }
  if (type === '#microsoft.graph.tokenMeetingInfo') {
    throw badRequest('The sandbox does not model #microsoft.graph.tokenMeetingInfo joins.');
  }
  throw badRequest(
    "meetingInfo must have '@odata.type' '#microsoft.graph.organizerMeetingInfo' or '#microsoft.graph.joinMeetingIdMeetingInfo'.",
  );
}

/**
 * Validates POST /communications/calls for a service-hosted-media meeting join. Malformed bodies are
 * 400 BadRequest (the wording of the messages is inferred). Tenant checks are not done here (the
 * caller answers 7505); meeting lookups are asynchronous (2203 after the 201).
 *
 * `@odata.type` "#microsoft.graph.call" is required: every documented request carries it and the
 * communications SDK always sends it (stricter than OData's "declared type by default": inferred).
 */
export function parseJoinCallRequest(body: unknown): JoinCallRequest {
  if (body === undefined) throw badRequest('Empty Payload. JSON content expected.');
  if (!isJsonObject(body)) throw badRequest('Invalid request body: a JSON object is expected.');
  if (odataType(body) !== '#microsoft.graph.call') throw badRequest("The request body must have '@odata.type' '#microsoft.graph.call'.");
  if (Array.isArray(body['targets']) && body['targets'].length > 0) {
    throw badRequest('The sandbox models meeting joins only; calls with targets are not supported.');
  }
  const callbackUri = checkCallbackUri(body['callbackUri']);

  const modalities = body['requestedModalities'];
  if (!Array.isArray(modalities) || modalities.length === 0) throw badRequest('requestedModalities must contain at least one modality.');
  const requestedModalities = modalities.map((m) => {
    const match = typeof m === 'string' ? MODALITIES.find((k) => k.toLowerCase() === m.toLowerCase()) : undefined;
    if (match === undefined) throw badRequest(`Cannot convert the literal '${String(m)}' to the expected type 'microsoft.graph.modality'.`);
    return match;
  });

  const { mediaConfig, prefetch } = parseMediaConfig(body['mediaConfig']);
  const meetingInfo = parseMeetingInfo(body['meetingInfo']);

  let chatInfo: JoinCallRequest['chatInfo'];
  const rawChat = body['chatInfo'];
  if (rawChat !== undefined && rawChat !== null) {
    if (!isJsonObject(rawChat)) throw badRequest('chatInfo must be a chatInfo object.');
    chatInfo = {
      threadId: requireString(rawChat, 'threadId', 'chatInfo'),
      messageId: optionalString(rawChat, 'messageId', 'chatInfo') ?? '0',
      replyChainMessageId: optionalString(rawChat, 'replyChainMessageId', 'chatInfo') ?? null,
    };
  }
  if (meetingInfo.kind === 'organizer' && chatInfo === undefined) {
    // organizermeetinginfo.md: "provide a combination of the organizerMeetingInfo and the chatInfo".
    throw badRequest('chatInfo is required with organizerMeetingInfo.');
  }

  const tenantRaw = body['tenantId'];
  if (tenantRaw !== undefined && tenantRaw !== null && typeof tenantRaw !== 'string') throw badRequest('tenantId must be a string.');
  const subject = optionalString(body, 'subject', 'call') ?? null;

  return {
    callbackUri,
    requestedModalities,
    prefetchMedia: prefetch,
    mediaConfig,
    chatInfo,
    meetingInfo,
    tenantId: typeof tenantRaw === 'string' && tenantRaw.trim() !== '' ? tenantRaw : undefined,
    subject,
  };
}
