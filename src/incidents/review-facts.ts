/**
 * The facts a post-incident review needs, kept on the incident: who attended the meeting (from Graph's attendance
 * report), links to recordings and transcripts, and why any of it is missing. Pure data, no SDK types.
 */

/** One time span a person was in the meeting. */
export interface AttendanceSpan {
  /** ISO; undefined when Graph lacks the data (it sends null). */
  readonly joinedAt?: string;
  readonly leftAt?: string;
  readonly seconds: number;
}

/** One person's line of the attendance report. */
export interface AttendanceEntry {
  readonly name: string;
  readonly email?: string;
  /** Graph's role: None, Attendee, Presenter, Organizer. */
  readonly role: string;
  readonly totalSeconds: number;
  readonly spans: readonly AttendanceSpan[];
}

/** A recording or transcript of the meeting. */
export interface ArtifactLink {
  readonly kind: 'recording' | 'transcript';
  readonly url: string;
  readonly createdAt?: string;
}

/** Why a part of the facts could not be read: shown on the resolved card and in the export. */
export interface ReviewProblem {
  readonly part: 'attendance' | 'recordings' | 'transcripts';
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

export interface ReviewFacts {
  readonly fetchedAt: string;
  /** Undefined when no report exists yet (the meeting has not ended) or it could not be read (see problems). */
  readonly attendance?: readonly AttendanceEntry[];
  /** true when Graph answered but has no attendance report yet (the meeting's call has not ended). */
  readonly attendancePending?: boolean;
  readonly links: readonly ArtifactLink[];
  readonly problems: readonly ReviewProblem[];
}
