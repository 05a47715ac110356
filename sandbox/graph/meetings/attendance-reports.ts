/**
 * Attendance reports of an online meeting (Graph v1.0, app-only; OnlineMeetingArtifact.Read.All + the organizer's
 * application access policy):
 *   GET /users/{organizerId}/onlineMeetings/{meetingId}/attendanceReports                       → 200 {value: [meetingAttendanceReport]}
 *   GET …/attendanceReports/{reportId}                                                          → 200 meetingAttendanceReport | 404
 *   GET …/attendanceReports/{reportId}/attendanceRecords                                        → 200 {value: [attendanceRecord]} | 404
 * Built from what happened in the simulated call (calls/attendance-log.ts): one report per session, made when the
 * session ends (the docs: "When an online meeting ends, an attendance report is generated for that session"), so a
 * meeting whose call is still going or never happened lists no report. Records: emailAddress, identity
 * {id, displayName, tenantId}, role, totalAttendanceInSeconds, attendanceIntervals [{joinDateTime, leaveDateTime,
 * durationInSeconds}]. The role (Organizer for the organizer, else Attendee) and the 404 wording are inferred.
 */
import { requireAppRole } from '../app-roles';
import type { MeetingSession } from '../calls/attendance-log';
import { graphDateTime, odataContext, type GraphRequest, type GraphResponse, type GraphRouter } from '../graph-context';
import { GraphError, badRequest } from '../graph-errors';
import { isJsonObject } from '../../http/http-util';
import type { RouteParams } from '../../http/router';
import type { UserDirectory } from '../users/user-directory';
import { parseMeetingId } from './meeting-coordinates';
import type { MeetingStore, OnlineMeetingResource } from './meeting-store';
import { authorizeOrganizer, meetingNotFound } from './online-meeting-routes';

const ARTIFACT_ROLES = ['OnlineMeetingArtifact.Read.All'] as const;

export interface MeetingArtifactDeps {
  readonly directory: UserDirectory;
  readonly store: MeetingStore;
  readonly isAccessDenied: (organizerId: string) => boolean;
  /** The simulated call's sessions of a meeting, by chat thread id. */
  readonly sessions: (threadId: string) => readonly MeetingSession[];
}

/** The organizer (access policy), the role, then the organizer's own meeting — in the order Graph checks them (inferred). */
export function artifactMeeting(deps: MeetingArtifactDeps, req: GraphRequest, params: RouteParams, roles: readonly string[]): { organizerId: string; meeting: OnlineMeetingResource; threadId: string } {
  requireAppRole(req, roles);
  const organizer = authorizeOrganizer({ directory: deps.directory, policies: { isAccessDenied: deps.isAccessDenied } }, params);
  const id = params['meetingId'] ?? '';
  if (parseMeetingId(id) === undefined) throw badRequest('Meeting Id is corrupted.');
  const stored = deps.store.get(id);
  if (stored === undefined || stored.organizerId.toLowerCase() !== organizer.id.toLowerCase()) throw meetingNotFound(id);
  const chat = stored.meeting['chatInfo'];
  const threadId = isJsonObject(chat) && typeof chat['threadId'] === 'string' ? chat['threadId'] : '';
  return { organizerId: organizer.id, meeting: stored.meeting, threadId };
}

function reportNotFound(id: string): GraphError {
  return new GraphError(404, 'NotFound', `The attendance report '${id}' was not found.`);
}

function seconds(from: number, to: number): number {
  return Math.max(0, Math.round((to - from) / 1000));
}

function reportResource(s: MeetingSession): Record<string, unknown> {
  return {
    id: s.id,
    totalParticipantCount: new Set(s.intervals.map((i) => i.user.id.toLowerCase())).size,
    meetingStartDateTime: graphDateTime(new Date(s.startedAt)),
    meetingEndDateTime: graphDateTime(new Date(s.endedAt ?? s.startedAt)),
  };
}

function recordResources(s: MeetingSession, organizerId: string, tenantId: string): Record<string, unknown>[] {
  const byUser = new Map<string, MeetingSession['intervals']>();
  for (const i of s.intervals) {
    const key = i.user.id.toLowerCase();
    byUser.set(key, [...(byUser.get(key) ?? []), i]);
  }
  return [...byUser.values()].flatMap((intervals) => {
    const user = intervals[0]?.user;
    if (!user) return [];
    const spans = intervals.map((i) => {
      const left = i.leftAt ?? s.endedAt ?? i.joinedAt;
      return { joinDateTime: graphDateTime(new Date(i.joinedAt)), leaveDateTime: graphDateTime(new Date(left)), durationInSeconds: seconds(i.joinedAt, left) };
    });
    return {
      id: user.id,
      emailAddress: user.mail ?? user.userPrincipalName,
      totalAttendanceInSeconds: spans.reduce((n, x) => n + x.durationInSeconds, 0),
      role: user.id.toLowerCase() === organizerId.toLowerCase() ? 'Organizer' : 'Attendee',
      identity: { id: user.id, displayName: user.displayName, tenantId },
      attendanceIntervals: spans,
    };
  });
}

export function registerAttendanceReportRoutes(router: GraphRouter, deps: MeetingArtifactDeps): void {
  const base = '/users/{organizerKey}/onlineMeetings/{meetingId}/attendanceReports';
  const ended = (threadId: string): MeetingSession[] => deps.sessions(threadId).filter((s) => s.endedAt !== undefined);

  router.add('GET', base, (req, params): GraphResponse => {
    const { organizerId, meeting, threadId } = artifactMeeting(deps, req, params, ARTIFACT_ROLES);
    return {
      status: 200,
      body: { '@odata.context': odataContext(req, `users('${organizerId}')/onlineMeetings('${meeting.id}')/attendanceReports`), value: ended(threadId).map(reportResource) },
    };
  });

  router.add('GET', `${base}/{reportId}`, (req, params): GraphResponse => {
    const { threadId } = artifactMeeting(deps, req, params, ARTIFACT_ROLES);
    const report = ended(threadId).find((s) => s.id === params['reportId']);
    if (!report) throw reportNotFound(params['reportId'] ?? '');
    return { status: 200, body: { '@odata.context': odataContext(req, 'meetingAttendanceReport/$entity'), ...reportResource(report) } };
  });

  router.add('GET', `${base}/{reportId}/attendanceRecords`, (req, params): GraphResponse => {
    const { organizerId, threadId } = artifactMeeting(deps, req, params, ARTIFACT_ROLES);
    const report = ended(threadId).find((s) => s.id === params['reportId']);
    if (!report) throw reportNotFound(params['reportId'] ?? '');
    return { status: 200, body: { '@odata.context': odataContext(req, 'attendanceRecords'), value: recordResources(report, organizerId, deps.directory.tenantId) } };
  });
}
