/** Review facts as text, shared by the resolved card and the Markdown export (both pure). */
import type { Incident } from './incident';
import type { AttendanceEntry, ReviewFacts } from './review-facts';
import { reviewDurations } from './timeline';

/** Seconds matter for the first minutes of an incident: "42 s", "3 min 5 s", "1 h 2 min". */
export function preciseDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** The review durations as label + text ("not reached" when it never happened). */
export function durationLines(incident: Incident): readonly { readonly label: string; readonly value: string }[] {
  return reviewDurations(incident).map((d) => ({ label: d.label, value: d.ms === undefined ? 'not reached' : preciseDuration(d.ms) }));
}

/** Why there is no attendance table, or undefined when there is one. */
export function attendanceNote(review: ReviewFacts | undefined): string | undefined {
  if (!review) return 'Not read yet (the bot reads it when the incident is resolved).';
  const problem = review.problems.find((p) => p.part === 'attendance');
  if (problem) return `Could not be read (${problem.code}): ${problem.message}${problem.hint ? ` ${problem.hint}` : ''}`;
  if (review.attendancePending || !review.attendance) return 'No attendance report yet: Teams makes it when the meeting\'s call has ended. Type "export" again later.';
  if (review.attendance.length === 0) return 'The attendance report lists nobody.';
  return undefined;
}

/** "15:02:07Z" style UTC clock time of an ISO instant, or "?" when Graph had no data. */
function utcClock(iso: string | undefined): string {
  if (!iso) return '?';
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(11, 19) : '?';
}

/** One span as "15:02:07–15:10:44 UTC". */
export function spanText(entry: AttendanceEntry): string {
  return entry.spans.map((s) => `${utcClock(s.joinedAt)}–${utcClock(s.leftAt)}`).join(', ');
}

/** Problems other than attendance's (recordings, transcripts), one line each. */
export function otherProblems(review: ReviewFacts | undefined): readonly string[] {
  return (review?.problems ?? []).filter((p) => p.part !== 'attendance').map((p) => `${p.part}: ${p.code}: ${p.message}${p.hint ? ` ${p.hint}` : ''}`);
}
