/**
 * /users/{organizerId}/onlineMeetings… — app-only online meetings (wire-notes §1):
 *   POST   …/onlineMeetings              → 201 onlineMeeting
 *   POST   …/onlineMeetings/createOrGet  → 201 created | 200 existing (same organizer + externalId)
 *   GET    …/onlineMeetings/{id}         → 200 onlineMeeting
 *   GET    …/onlineMeetings?$filter=JoinWebUrl eq '…' | joinMeetingIdSettings/joinMeetingId eq '…'
 *   DELETE …/onlineMeetings/{id}         → 204
 *
 * The organizer in the path must be an object id: the docs say so, and a UPN there gets a 404
 * from the service (microsoftgraph/msgraph-sdk-dotnet#1215). Every call checks the application
 * access policy: an organizer without one gets 403 "No Application Access Policy found for this app".
 * The 404 codes/messages for unknown organizers and meetings are inferred (no document shows them).
 */
import { randomUUID } from 'node:crypto';
import type { SandboxUser } from '../users/directory';
import { odataContext, type GraphRequest, type GraphResponse, type GraphRouter } from '../graph-context';
import { GraphError, badRequest, noApplicationAccessPolicy } from '../graph-errors';
import { isJsonObject } from '../../http/http-util';
import { newMeetingCoordinates, parseMeetingId } from './meeting-coordinates';
import type { MeetingStore, OnlineMeetingResource } from './meeting-store';
import { buildOnlineMeeting } from './online-meeting-build';
import { parseCreateOrGetRequest, parseCreateRequest, type MeetingRequest } from './online-meeting-resource';
import type { RouteParams } from '../../http/router';
import type { UserDirectory } from '../users/user-directory';
import { withEvolvableEnums } from './evolvable-enums';

export interface OnlineMeetingPolicies {
  /** True when no application access policy is granted to this organizer. */
  isAccessDenied(organizerId: string): boolean;
  /** False when the organizer has no audio-conferencing licence (audioConferencing: null). */
  hasAudioConferencing(organizerId: string): boolean;
}

export interface OnlineMeetingDeps {
  readonly directory: UserDirectory;
  readonly store: MeetingStore;
  readonly policies: OnlineMeetingPolicies;
  /** Stable per sandbox: the tenant's dial-in page id. */
  readonly dialinId: string;
}

function organizerNotFound(key: string): GraphError {
  return new GraphError(404, 'NotFound', `The organizer '${key}' was not found. The user id in the path must be the organizer's object id.`);
}

export function meetingNotFound(id: string): GraphError {
  return new GraphError(404, 'NotFound', `The online meeting '${id}' was not found.`);
}

/** The path's organizer, who must exist and hold an application access policy for the app. */
export function authorizeOrganizer(deps: { readonly directory: OnlineMeetingDeps['directory']; readonly policies: Pick<OnlineMeetingPolicies, 'isAccessDenied'> }, params: RouteParams): SandboxUser {
  const key = params['organizerKey'] ?? '';
  const organizer = deps.directory.findById(key);
  if (organizer === undefined) throw organizerNotFound(key);
  if (deps.policies.isAccessDenied(organizer.id)) throw noApplicationAccessPolicy();
  return organizer;
}

function meetingBody(req: GraphRequest, organizer: SandboxUser, meeting: OnlineMeetingResource): Record<string, unknown> {
  return { '@odata.context': odataContext(req, `users('${organizer.id}')/onlineMeetings/$entity`), ...meeting };
}

function createMeeting(deps: OnlineMeetingDeps, organizer: SandboxUser, request: MeetingRequest): OnlineMeetingResource {
  return buildOnlineMeeting(request, {
    tenantId: deps.directory.tenantId,
    organizer,
    coordinates: newMeetingCoordinates(deps.directory.tenantId, organizer.id),
    audioConferencing: deps.policies.hasAudioConferencing(organizer.id),
    dialinId: deps.dialinId,
  });
}

function findOwnMeeting(deps: OnlineMeetingDeps, organizer: SandboxUser, id: string): OnlineMeetingResource {
  const parsed = parseMeetingId(id);
  if (parsed === undefined) throw badRequest('Meeting Id is corrupted.');
  const stored = deps.store.get(id);
  if (stored === undefined || stored.organizerId.toLowerCase() !== organizer.id.toLowerCase()) throw meetingNotFound(id);
  return stored.meeting;
}

const LIST_FILTER = /^\s*(joinWebUrl|joinMeetingIdSettings\/joinMeetingId|videoTeleconferenceId)\s+eq\s+'((?:[^']|'')*)'\s*$/i;

export function registerOnlineMeetingRoutes(graph: GraphRouter, deps: OnlineMeetingDeps): void {
  const router = withEvolvableEnums(graph); // lobby scopes / roles after unknownFutureValue need Prefer
  router.add('POST', '/users/{organizerKey}/onlineMeetings', (req, params): GraphResponse => {
    const organizer = authorizeOrganizer(deps, params);
    const request = parseCreateRequest(req.body, deps.directory.tenantId);
    const meeting = createMeeting(deps, organizer, request);
    deps.store.add({ organizerId: organizer.id, createdVia: 'create', meeting });
    return { status: 201, body: meetingBody(req, organizer, meeting) };
  });

  router.add('POST', '/users/{organizerKey}/onlineMeetings/createOrGet', (req, params): GraphResponse => {
    const organizer = authorizeOrganizer(deps, params);
    const request = parseCreateOrGetRequest(req.body, deps.directory.tenantId);
    const existing = deps.store.findByExternalId(organizer.id, request.externalId);
    if (existing !== undefined) return { status: 200, body: meetingBody(req, organizer, existing.meeting) };
    const meeting = createMeeting(deps, organizer, request);
    deps.store.add({ organizerId: organizer.id, createdVia: 'createOrGet', meeting });
    return { status: 201, body: meetingBody(req, organizer, meeting) };
  });

  router.add('GET', '/users/{organizerKey}/onlineMeetings', (req, params): GraphResponse => {
    const organizer = authorizeOrganizer(deps, params);
    const m = LIST_FILTER.exec(req.query.get('$filter') ?? '');
    if (m?.[1] === undefined || m[2] === undefined) {
      throw badRequest(
        "Listing online meetings requires $filter=JoinWebUrl eq '{joinWebUrl}', joinMeetingIdSettings/joinMeetingId eq '{joinMeetingId}' or VideoTeleconferenceId eq '{id}'.",
      );
    }
    const field = m[1].toLowerCase();
    const value = m[2].replace(/''/g, "'");
    const matches = deps.store.forOrganizer(organizer.id).filter(({ meeting }) => {
      if (field === 'joinweburl') return meeting['joinWebUrl'] === value;
      if (field === 'videoteleconferenceid') return meeting['videoTeleconferenceId'] === value;
      const settings = meeting['joinMeetingIdSettings'];
      return isJsonObject(settings) && settings['joinMeetingId'] === value;
    });
    return {
      status: 200,
      body: {
        '@odata.context': odataContext(req, `users('${organizer.id}')/onlineMeetings`),
        value: matches.map((s) => s.meeting),
      },
    };
  });

  router.add('GET', '/users/{organizerKey}/onlineMeetings/{meetingId}', (req, params): GraphResponse => {
    const organizer = authorizeOrganizer(deps, params);
    const meeting = findOwnMeeting(deps, organizer, params['meetingId'] ?? '');
    return { status: 200, body: meetingBody(req, organizer, meeting) };
  });

  router.add('DELETE', '/users/{organizerKey}/onlineMeetings/{meetingId}', (_req, params): GraphResponse => {
    const organizer = authorizeOrganizer(deps, params);
    const meeting = findOwnMeeting(deps, organizer, params['meetingId'] ?? '');
    deps.store.delete(meeting.id);
    return { status: 204 };
  });
}

export function newDialinId(): string {
  return randomUUID();
}
