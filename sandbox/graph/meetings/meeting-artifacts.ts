/**
 * Recordings and transcripts of an online meeting (Graph v1.0, app-only with the organizer's access policy):
 *   GET /users/{organizerId}/onlineMeetings/{meetingId}/recordings   (OnlineMeetingRecording.Read.All)  → 200 {value: [callRecording]}
 *   GET /users/{organizerId}/onlineMeetings/{meetingId}/transcripts  (OnlineMeetingTranscript.Read.All) → 200 {value: [callTranscript]}
 * The simulated meeting records nothing unless it was made with recordAutomatically: then every ended session of its
 * call leaves one recording (inferred: Teams records the whole session). Nobody speaks, so there are no transcripts.
 */
import { graphDateTime, odataContext, type GraphResponse, type GraphRouter } from '../graph-context';
import { artifactMeeting, type MeetingArtifactDeps } from './attendance-reports';

export function registerMeetingArtifactRoutes(router: GraphRouter, deps: MeetingArtifactDeps): void {
  const base = '/users/{organizerKey}/onlineMeetings/{meetingId}';

  router.add('GET', `${base}/recordings`, (req, params): GraphResponse => {
    const { organizerId, meeting, threadId } = artifactMeeting(deps, req, params, ['OnlineMeetingRecording.Read.All']);
    const recorded = meeting['recordAutomatically'] === true;
    const value = recorded
      ? deps.sessions(threadId).filter((s) => s.endedAt !== undefined).map((s) => ({
          id: s.id,
          meetingId: meeting.id,
          meetingOrganizer: { user: { id: organizerId, tenantId: deps.directory.tenantId } },
          createdDateTime: graphDateTime(new Date(s.endedAt ?? s.startedAt)),
          endDateTime: graphDateTime(new Date(s.endedAt ?? s.startedAt)),
          contentCorrelationId: s.id,
          recordingContentUrl: `${req.serviceRoot}/users/${organizerId}/onlineMeetings/${meeting.id}/recordings/${s.id}/content`,
        }))
      : [];
    return { status: 200, body: { '@odata.context': odataContext(req, `users('${organizerId}')/onlineMeetings('${meeting.id}')/recordings`), value } };
  });

  router.add('GET', `${base}/transcripts`, (req, params): GraphResponse => {
    const { organizerId, meeting } = artifactMeeting(deps, req, params, ['OnlineMeetingTranscript.Read.All']);
    return { status: 200, body: { '@odata.context': odataContext(req, `users('${organizerId}')/onlineMeetings('${meeting.id}')/transcripts`), value: [] } };
  });
}
