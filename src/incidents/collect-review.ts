/** Reads the review facts of an incident's meeting through the artifacts port; every part fails on its own. */
import type { ArtifactResult, MeetingArtifactsGateway } from './artifact-ports';
import type { Incident } from './incident';
import type { ArtifactLink, ReviewFacts, ReviewProblem } from './review-facts';

export async function collectReviewFacts(incident: Incident, gateway: MeetingArtifactsGateway, now: Date): Promise<ReviewFacts | undefined> {
  const meeting = incident.meeting;
  if (!meeting) return undefined;
  const organizerId = meeting.organizer.id || incident.organizerId;
  const [attendance, recordings, transcripts] = await Promise.all([
    settle(gateway.attendance(organizerId, meeting.id)),
    settle(gateway.recordings(organizerId, meeting.id)),
    settle(gateway.transcripts(organizerId, meeting.id)),
  ]);
  const problems: ReviewProblem[] = [];
  const links: ArtifactLink[] = [];
  const note = <T>(part: ReviewProblem['part'], r: ArtifactResult<T>): T | undefined => {
    if (r.ok) return r.value;
    problems.push({ part, code: r.code, message: r.message, ...(r.hint ? { hint: r.hint } : {}) });
    return undefined;
  };
  const report = note('attendance', attendance);
  links.push(...(note('recordings', recordings) ?? []), ...(note('transcripts', transcripts) ?? []));
  return {
    fetchedAt: now.toISOString(),
    ...(report && !report.pending ? { attendance: report.entries } : {}),
    ...(report?.pending ? { attendancePending: true } : {}),
    links,
    problems,
  };
}

/** A gateway that throws (a bug, a network error the adapter did not map) still yields a problem, not a failed resolve. */
async function settle<T>(p: Promise<ArtifactResult<T>>): Promise<ArtifactResult<T>> {
  try {
    return await p;
  } catch (e: unknown) {
    return { ok: false, code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
  }
}
