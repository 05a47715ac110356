/**
 * Evolvable enums of the onlineMeeting resource. Members listed after the `unknownFutureValue` sentinel
 * (lobbyBypassScope: invited, organizationExcludingGuests; onlineMeetingRole: producer, coorganizer) are
 * only shown to clients that send `Prefer: include-unknown-enum-members`
 * (https://learn.microsoft.com/en-us/graph/api/resources/lobbybypasssettings: "You must use the Prefer:
 * include-unknown-enum-members request header to get the following values in this evolvable enum").
 * Microsoft's Graph API guidelines (graph/patterns/evolvable-enums.md) give the rest:
 *  - without the preference, every member after the sentinel is answered as `unknownFutureValue`;
 *  - with it, the response carries `Preference-Applied: include-unknown-enum-members`;
 *  - a request that sends a member after the sentinel without the preference is a 400 Bad Request
 *    (the wording, OData's "Cannot convert the literal …", is inferred).
 */
import type { GraphRequest, GraphResponse, GraphRouter } from '../graph-context';
import { cannotConvertLiteral } from '../graph-errors';
import { isJsonObject } from '../../http/http-util';
import type { HttpMethod, RouteHandler } from '../../http/router';
import { ENUMS } from './online-meeting-resource';

const INCLUDE_UNKNOWN_ENUM_MEMBERS = 'include-unknown-enum-members';
const SENTINEL = 'unknownFutureValue';

type EvolvableEnum = 'lobbyBypassScope' | 'onlineMeetingRole';

/** True when `value` is a member listed after the sentinel. */
function afterSentinel(name: EvolvableEnum, value: unknown): boolean {
  const members: readonly string[] = ENUMS[name];
  if (typeof value !== 'string') return false;
  const i = members.findIndex((m) => m.toLowerCase() === value.toLowerCase());
  return i > members.indexOf(SENTINEL);
}

/** `Prefer: include-unknown-enum-members` among the request's preferences (RFC 7240, comma-separated). */
function prefersUnknownEnumMembers(headers: Readonly<Record<string, string>>): boolean {
  const prefer = headers['prefer'] ?? '';
  return prefer.split(',').some((p) => (p.split(/[;=]/)[0] ?? '').trim().toLowerCase() === INCLUDE_UNKNOWN_ENUM_MEMBERS);
}

function participantList(meeting: Record<string, unknown>): Record<string, unknown>[] {
  const p = meeting['participants'];
  if (!isJsonObject(p)) return [];
  const list = Array.isArray(p['attendees']) ? p['attendees'] : [];
  return [p['organizer'], ...list].filter(isJsonObject);
}

/** Throws the 400 when a request body names a member after the sentinel without opting in. */
function checkRequest(body: unknown): void {
  if (!isJsonObject(body)) return;
  const lobby = body['lobbyBypassSettings'];
  if (isJsonObject(lobby) && afterSentinel('lobbyBypassScope', lobby['scope'])) {
    throw cannotConvertLiteral(lobby['scope'], 'microsoft.graph.lobbyBypassScope');
  }
  for (const p of participantList(body)) {
    if (afterSentinel('onlineMeetingRole', p['role'])) throw cannotConvertLiteral(p['role'], 'microsoft.graph.onlineMeetingRole');
  }
}

/** The meeting as a client that did not opt in sees it. */
function withoutUnknownMembers(meeting: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...meeting };
  const lobby = meeting['lobbyBypassSettings'];
  if (isJsonObject(lobby) && afterSentinel('lobbyBypassScope', lobby['scope'])) out['lobbyBypassSettings'] = { ...lobby, scope: SENTINEL };
  const participants = meeting['participants'];
  if (isJsonObject(participants)) {
    const role = (p: unknown): unknown => (isJsonObject(p) && afterSentinel('onlineMeetingRole', p['role']) ? { ...p, role: SENTINEL } : p);
    out['participants'] = {
      ...participants,
      ...(participants['organizer'] === undefined ? {} : { organizer: role(participants['organizer']) }),
      ...(Array.isArray(participants['attendees']) ? { attendees: participants['attendees'].map(role) } : {}),
    };
  }
  return out;
}

function present(res: GraphResponse, optedIn: boolean): GraphResponse {
  if (optedIn) return { ...res, headers: { ...(res.headers ?? {}), 'Preference-Applied': INCLUDE_UNKNOWN_ENUM_MEMBERS } };
  const body = res.body;
  if (!isJsonObject(body)) return res;
  if (Array.isArray(body['value'])) {
    return { ...res, body: { ...body, value: body['value'].map((m) => (isJsonObject(m) ? withoutUnknownMembers(m) : m)) } };
  }
  return { ...res, body: withoutUnknownMembers(body) };
}

export interface MeetingRouter {
  add(method: HttpMethod, pattern: string, handler: RouteHandler<GraphRequest, GraphResponse>): void;
}

/** A router whose onlineMeeting handlers apply the evolvable-enum rules to requests and responses. */
export function withEvolvableEnums(router: GraphRouter): MeetingRouter {
  return {
    add(method, pattern, handler): void {
      router.add(method, pattern, (req, params) => {
        const optedIn = prefersUnknownEnumMembers(req.headers);
        if (!optedIn) checkRequest(req.body);
        const res = handler(req, params);
        return res instanceof Promise ? res.then((r) => present(r, optedIn)) : present(res, optedIn);
      });
    },
  };
}
