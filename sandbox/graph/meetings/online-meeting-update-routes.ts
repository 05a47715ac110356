/**
 * PATCH /users/{organizerId}/onlineMeetings/{meetingId} — update a meeting's options
 * (api-reference/v1.0/api/onlinemeeting-update.md) → 200 with the updated onlineMeeting.
 *
 * Documented rules the sandbox applies:
 *  - Updatable: allowAttendeeToEnableCamera, allowAttendeeToEnableMic, allowedPresenters,
 *    allowMeetingChat, allowTeamworkReactions, isEntryExitAnnounced, lobbyBypassSettings,
 *    participants (attendees only), recordAutomatically, startDateTime/endDateTime, subject,
 *    watermarkProtection, broadcastSettings. Supply only what changes.
 *  - Changing the time always needs both startDateTime and endDateTime.
 *  - participants: the organizer can't be changed; attendees are replaced by the full list sent.
 *  - lobbyBypassSettings may be sent partially (the docs' example sends only isDialInBypassEnabled
 *    and the scope stays): missing members keep their current value.
 *  - Same organizer rules as the other onlineMeetings calls: object id in the path, application
 *    access policy (403 "No Application Access Policy found for this app"), 404 for an unknown
 *    organizer or a meeting of someone else, 400 "Meeting Id is corrupted." for a malformed id.
 * Types and enum values are checked exactly as on create (OData's 400 "Cannot convert the literal
 * '…' to the expected type 'microsoft.graph.lobbyBypassScope'." etc.); a property the onlineMeeting
 * type does not define is OData's 400 "The property '…' does not exist on type …".
 * Inferred: the wording of the 400 when only one of startDateTime/endDateTime is sent; properties the
 * type defines but the update does not list (read-only ones such as joinWebUrl, or externalId) are
 * ignored rather than rejected, as create ignores read-only ones.
 */
import type { SandboxUser } from '../users/directory';
import { odataContext, type GraphResponse, type GraphRouter } from '../graph-context';
import { badRequest } from '../graph-errors';
import { isJsonObject } from '../../http/http-util';
import { parseMeetingId } from './meeting-coordinates';
import type { MeetingStore, OnlineMeetingResource, StoredMeeting } from './meeting-store';
import { parseCreateRequest } from './online-meeting-resource';
import { authorizeOrganizer, meetingNotFound, type OnlineMeetingPolicies } from './online-meeting-routes';
import type { UserDirectory } from '../users/user-directory';
import { withEvolvableEnums } from './evolvable-enums';

export interface OnlineMeetingUpdateDeps {
  readonly directory: UserDirectory;
  readonly store: MeetingStore;
  readonly policies: Pick<OnlineMeetingPolicies, 'isAccessDenied'>;
}

/** Settings copied as validated by parseCreateRequest when the body names them. */
const SIMPLE_SETTINGS = [
  'allowAttendeeToEnableCamera',
  'allowAttendeeToEnableMic',
  'allowedPresenters',
  'allowMeetingChat',
  'allowTeamworkReactions',
  'isEntryExitAnnounced',
  'recordAutomatically',
] as const;

function findOwnMeeting(deps: OnlineMeetingUpdateDeps, organizer: SandboxUser, id: string): StoredMeeting {
  if (parseMeetingId(id) === undefined) throw badRequest('Meeting Id is corrupted.');
  const stored = deps.store.get(id);
  if (stored === undefined || stored.organizerId.toLowerCase() !== organizer.id.toLowerCase()) throw meetingNotFound(id);
  return stored;
}

/** The updated resource; throws GraphErrors for bodies Graph would reject. */
function applyMeetingUpdate(current: OnlineMeetingResource, body: unknown, tenantId: string): OnlineMeetingResource {
  if (body === undefined) throw badRequest('Empty Payload. JSON content expected.');
  if (!isJsonObject(body)) throw badRequest('Invalid request body: a JSON object is expected.');
  const hasStart = body['startDateTime'] !== undefined && body['startDateTime'] !== null;
  const hasEnd = body['endDateTime'] !== undefined && body['endDateTime'] !== null;
  if (hasStart !== hasEnd) {
    throw badRequest('Both startDateTime and endDateTime must be provided to change the time of an online meeting.');
  }
  // Validates property names, types and enum members the way create does (and normalizes times).
  const parsed = parseCreateRequest(body, tenantId);
  const next: Record<string, unknown> = { ...current };
  const has = (key: string): boolean => Object.hasOwn(body, key);

  for (const key of SIMPLE_SETTINGS) {
    if (has(key) && parsed.settings[key] !== undefined) next[key] = parsed.settings[key];
  }
  if (hasStart && hasEnd) {
    next['startDateTime'] = parsed.startDateTime;
    next['endDateTime'] = parsed.endDateTime;
  }
  if (has('subject')) next['subject'] = parsed.subject;
  if (has('lobbyBypassSettings') && isJsonObject(body['lobbyBypassSettings'])) {
    const sent = body['lobbyBypassSettings'];
    const validated = parsed.settings['lobbyBypassSettings'] as { scope: string; isDialInBypassEnabled: boolean };
    const old = isJsonObject(current['lobbyBypassSettings']) ? current['lobbyBypassSettings'] : {};
    next['lobbyBypassSettings'] = {
      scope: sent['scope'] !== undefined && sent['scope'] !== null ? validated.scope : (old['scope'] ?? 'organization'),
      isDialInBypassEnabled:
        sent['isDialInBypassEnabled'] !== undefined && sent['isDialInBypassEnabled'] !== null
          ? validated.isDialInBypassEnabled
          : (old['isDialInBypassEnabled'] ?? false),
    };
  }
  const sentParticipants = body['participants'];
  if (isJsonObject(sentParticipants) && Object.hasOwn(sentParticipants, 'attendees')) {
    const participants = isJsonObject(current['participants']) ? current['participants'] : {};
    next['participants'] = { ...participants, attendees: parsed.attendees };
  }
  if (has('watermarkProtection')) next['watermarkProtection'] = body['watermarkProtection'] ?? null;
  if (has('broadcastSettings')) next['broadcastSettings'] = body['broadcastSettings'] ?? null;
  return next as OnlineMeetingResource;
}

export function registerOnlineMeetingUpdateRoute(graph: GraphRouter, deps: OnlineMeetingUpdateDeps): void {
  const router = withEvolvableEnums(graph); // lobby scopes / roles after unknownFutureValue need Prefer
  router.add('PATCH', '/users/{organizerKey}/onlineMeetings/{meetingId}', (req, params): GraphResponse => {
    const organizer = authorizeOrganizer(deps, params);
    const stored = findOwnMeeting(deps, organizer, params['meetingId'] ?? '');
    const meeting = applyMeetingUpdate(stored.meeting, req.body, deps.directory.tenantId);
    deps.store.add({ ...stored, meeting });
    return {
      status: 200,
      body: { '@odata.context': odataContext(req, `users('${organizer.id}')/onlineMeetings/$entity`), ...meeting },
    };
  });
}
