/**
 * Graph's URL space: every route the sandbox serves under a version (users, groups, onlineMeetings, events,
 * communications/calls, $batch), and routing of one request, from HTTP or as a $batch item (which goes
 * through the same routes and into the request log, with no latency and a per-item throttle instead).
 * GraphErrors become Graph error envelopes.
 */
import { registerBatchRoute, type BatchItemCall } from './batch/batch';
import type { EventStore } from './calendar/calendar-events';
import { registerCalendarRoutes } from './calendar/calendar-routes';
import { registerCallRoutes } from './calls/call-routes';
import type { SimulatedCalls } from './calls/simulated-calls';
import type { GraphRequest, GraphResponse, GraphRouter } from './graph-context';
import { GraphError, errorResponse, internalError, methodNotAllowed, segmentNotFound, type RequestIds } from './graph-errors';
import type { GraphRequestRecord } from './graph-sandbox-types';
import { registerGroupRoutes, type GroupDirectory } from './groups/group-routes';
import type { MeetingStore } from './meetings/meeting-store';
import { registerOnlineMeetingRoutes } from './meetings/online-meeting-routes';
import { registerOnlineMeetingUpdateRoute } from './meetings/online-meeting-update-routes';
import { registerAttendanceReportRoutes } from './meetings/attendance-reports';
import { registerMeetingArtifactRoutes } from './meetings/meeting-artifacts';
import { registerChatAppRoutes } from './chats/chat-apps';
import type { Throttle } from './throttle';
import type { UserDirectory } from './users/user-directory';
import { registerUserRoutes } from './users/user-routes';
import { Router, splitPath } from '../http/router';
import { enforceRoles } from '../identity/required-roles';
import { learnPeople } from './users/learn-people';

export interface GraphRouteParts {
  readonly directory: UserDirectory;
  readonly store: MeetingStore;
  readonly events: EventStore;
  readonly groups: GroupDirectory;
  readonly calls: SimulatedCalls;
  readonly itemThrottle: Throttle;
  readonly log: GraphRequestRecord[];
  readonly dialinId: string;
  /** Organizers (lower-case object ids) without an application access policy. */
  readonly denied: ReadonlySet<string>;
  /** Organizers (lower-case object ids) without an audio-conferencing licence. */
  readonly noAudio: ReadonlySet<string>;
}

export function splitUrl(url: string): { pathname: string; search: string } {
  const q = url.indexOf('?');
  return q === -1 ? { pathname: url, search: '' } : { pathname: url.slice(0, q), search: url.slice(q) };
}

export function createGraphRoutes(parts: GraphRouteParts): { route(req: GraphRequest): Promise<GraphResponse> } {
  const { directory, store, events, groups, calls, itemThrottle, log, dialinId, denied, noAudio } = parts;
  const graph: GraphRouter = new Router<GraphRequest, GraphResponse>();
  registerUserRoutes(graph, directory);
  registerOnlineMeetingRoutes(graph, {
    directory,
    store,
    dialinId,
    policies: {
      isAccessDenied: (id) => denied.has(id.toLowerCase()),
      hasAudioConferencing: (id) => !noAudio.has(id.toLowerCase()),
    },
  });
  registerCallRoutes(graph, calls);
  registerOnlineMeetingUpdateRoute(graph, { directory, store, policies: { isAccessDenied: (id) => denied.has(id.toLowerCase()) } });
  registerCalendarRoutes(graph, {
    directory,
    events,
    meetings: store,
    dialinId,
    hasAudioConferencing: (id) => !noAudio.has(id.toLowerCase()),
  });
  registerGroupRoutes(graph, { users: directory, groups });
  const artifacts = { directory, store, isAccessDenied: (id: string) => denied.has(id.toLowerCase()), sessions: (t: string) => calls.attendanceSessions(t) };
  registerAttendanceReportRoutes(graph, artifacts);
  registerMeetingArtifactRoutes(graph, artifacts);
  registerChatAppRoutes(graph, { store });
  registerBatchRoute(graph, {
    itemThrottle,
    dispatchItem: (call, parent) => dispatchBatchItem(call, parent),
  });
  
  /** Routes one request; GraphErrors become Graph error responses. */
  async function route(req: GraphRequest): Promise<GraphResponse> {
    const ids: RequestIds = req;
    try {
      const match = graph.match(req.method, req.segments);
      if (match.kind === 'not-found') throw segmentNotFound(match.segment);
      if (match.kind === 'method-not-allowed') throw methodNotAllowed();
      enforceRoles(req.method, req.segments, req.body, req.roles);
      learnPeople(directory, req);
      return await match.handler(req, match.params);
    } catch (e: unknown) {
      const err = e instanceof GraphError ? e : internalError(e instanceof Error ? e.message : String(e));
      return errorResponse(err, ids);
    }
  }
  
  async function dispatchBatchItem(call: BatchItemCall, parent: GraphRequest): Promise<GraphResponse> {
    const { pathname, search } = splitUrl(call.url);
    const segments = splitPath(pathname);
    const record: GraphRequestRecord = {
      method: call.method,
      path: `/${parent.version}/${pathname.replace(/^\/+/, '')}`,
      query: search,
      body: call.body,
      headers: call.headers,
      at: Date.now(),
      via: 'batch',
      batch: { itemId: call.id, requestId: parent.requestId },
    };
    log.push(record);
    const res = await route({
      method: call.method,
      version: parent.version,
      segments,
      path: record.path,
      query: new URLSearchParams(search),
      headers: call.headers,
      body: call.body,
      serviceRoot: parent.serviceRoot,
      requestId: parent.requestId,
      clientRequestId: parent.clientRequestId,
      via: 'batch',
      roles: parent.roles,
    });
    record.status = res.status;
    record.finishedAt = Date.now();
    return res;
  }

  return { route };
}
