/**
 * The port the incident core reads meeting artifacts through (attendance reports, recordings, transcripts).
 * Implemented on Graph in src/graph/graph-meeting-artifacts.ts; wired in src/app.ts.
 */
import type { ArtifactLink, AttendanceEntry } from './review-facts';

/** A part that could not be read, with the code and hint the card shows. */
export interface ArtifactFailure {
  readonly ok: false;
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

export type ArtifactResult<T> = { readonly ok: true; readonly value: T } | ArtifactFailure;

export interface MeetingArtifactsGateway {
  /** All attendance reports of the meeting merged into one line per person; `pending` when none exists yet. */
  attendance(organizerId: string, meetingId: string): Promise<ArtifactResult<{ readonly entries: readonly AttendanceEntry[]; readonly pending: boolean }>>;
  recordings(organizerId: string, meetingId: string): Promise<ArtifactResult<readonly ArtifactLink[]>>;
  transcripts(organizerId: string, meetingId: string): Promise<ArtifactResult<readonly ArtifactLink[]>>;
}
