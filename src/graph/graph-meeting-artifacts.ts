/**
 * MeetingArtifactsGateway on Graph (app-only; wire-notes §10):
 *   GET /users/{organizerId}/onlineMeetings/{meetingId}/attendanceReports
 *   GET …/attendanceReports/{reportId}/attendanceRecords            (OnlineMeetingArtifact.Read.All + access policy)
 *   GET …/onlineMeetings/{meetingId}/recordings | …/transcripts    (OnlineMeetingRecording.Read.All / OnlineMeetingTranscript.Read.All)
 * Every report (one per session of the meeting) is merged into one line per person. No report yet (an empty list, or
 * 404 while Teams has not made it) is "pending", not a failure. A refusal becomes a coded failure whose hint names the
 * permission to grant; the incident carries on without the facts.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { ArtifactFailure, ArtifactResult, MeetingArtifactsGateway } from '../incidents/artifact-ports';
import type { ArtifactLink, AttendanceEntry, AttendanceSpan } from '../incidents/review-facts';
import { commonGraphError, graphFailureOf } from './graph-errors';
import { defaultTiming, withGraphRetry, type RetryTiming } from './graph-retry';

interface Page<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

interface AttendanceRecordResource {
  emailAddress?: string | null;
  role?: string | null;
  totalAttendanceInSeconds?: number | null;
  identity?: { id?: string | null; displayName?: string | null } | null;
  attendanceIntervals?: { joinDateTime?: string | null; leaveDateTime?: string | null; durationInSeconds?: number | null }[] | null;
}

interface ContentResource {
  recordingContentUrl?: string | null;
  transcriptContentUrl?: string | null;
  createdDateTime?: string | null;
}

/** Pages followed at most (a report of a long incident with many people stays far below this). */
const MAX_PAGES = 20;

const PERMISSION = {
  attendance: 'OnlineMeetingArtifact.Read.All',
  recordings: 'OnlineMeetingRecording.Read.All',
  transcripts: 'OnlineMeetingTranscript.Read.All',
} as const;

export class GraphMeetingArtifacts implements MeetingArtifactsGateway {
  constructor(private readonly client: Client, private readonly timing: RetryTiming = defaultTiming) {}

  private base(organizerId: string, meetingId: string): string {
    return `/users/${encodeURIComponent(organizerId)}/onlineMeetings/${encodeURIComponent(meetingId)}`;
  }

  private async all<T>(path: string): Promise<T[]> {
    const out: T[] = [];
    let next: string | undefined = path;
    for (let i = 0; next !== undefined && i < MAX_PAGES; i++) {
      const url: string = next;
      const page = (await withGraphRetry(() => this.client.api(url).get(), this.timing)) as Page<T>;
      out.push(...(page.value ?? []));
      next = page['@odata.nextLink'];
    }
    return out;
  }

  async attendance(organizerId: string, meetingId: string): Promise<ArtifactResult<{ entries: readonly AttendanceEntry[]; pending: boolean }>> {
    const base = `${this.base(organizerId, meetingId)}/attendanceReports`;
    try {
      const reports = await this.all<{ id: string }>(base);
      if (reports.length === 0) return { ok: true, value: { entries: [], pending: true } };
      const records: AttendanceRecordResource[] = [];
      for (const r of reports) records.push(...(await this.all<AttendanceRecordResource>(`${base}/${encodeURIComponent(r.id)}/attendanceRecords`)));
      return { ok: true, value: { entries: mergeRecords(records), pending: false } };
    } catch (e: unknown) {
      if (graphFailureOf(e).statusCode === 404) return { ok: true, value: { entries: [], pending: true } };
      return failure(e, 'read the meeting\'s attendance report', PERMISSION.attendance, organizerId);
    }
  }

  recordings(organizerId: string, meetingId: string): Promise<ArtifactResult<readonly ArtifactLink[]>> {
    return this.links(organizerId, meetingId, 'recordings');
  }

  transcripts(organizerId: string, meetingId: string): Promise<ArtifactResult<readonly ArtifactLink[]>> {
    return this.links(organizerId, meetingId, 'transcripts');
  }

  private async links(organizerId: string, meetingId: string, what: 'recordings' | 'transcripts'): Promise<ArtifactResult<readonly ArtifactLink[]>> {
    try {
      const items = await this.all<ContentResource>(`${this.base(organizerId, meetingId)}/${what}`);
      const kind = what === 'recordings' ? 'recording' : 'transcript';
      const links = items.flatMap((i): ArtifactLink[] => {
        const url = what === 'recordings' ? i.recordingContentUrl : i.transcriptContentUrl;
        return url ? [{ kind, url, ...(i.createdDateTime ? { createdAt: i.createdDateTime } : {}) }] : [];
      });
      return { ok: true, value: links };
    } catch (e: unknown) {
      if (graphFailureOf(e).statusCode === 404) return { ok: true, value: [] };
      return failure(e, `list the meeting's ${what}`, PERMISSION[what], organizerId);
    }
  }
}

function failure(e: unknown, what: string, permission: string, organizerId: string): ArtifactFailure {
  const f = graphFailureOf(e);
  if (f.statusCode === 403 && /application access policy/i.test(f.message)) {
    return { ok: false, code: 'ACCESS_POLICY_MISSING', message: `No application access policy lets the bot ${what} for organizer ${organizerId}.`, hint: 'A Teams admin must grant the IncidentBridge application access policy to the organizer (see "npm run doctor").' };
  }
  if (f.statusCode === 401 || f.statusCode === 403) {
    return { ok: false, code: 'GRAPH_PERMISSION_MISSING', message: `Microsoft Graph refused to ${what} (${f.statusCode}${f.code ? ` ${f.code}` : ''}).`, hint: `An admin must grant the app the ${permission} application permission (with admin consent).` };
  }
  const err = commonGraphError(e, f, what);
  return { ok: false, code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
}

function seconds(n: number | null | undefined): number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.round(n) : 0;
}

/** One line per person over every report (each session of the meeting makes its own report). */
export function mergeRecords(records: readonly AttendanceRecordResource[]): AttendanceEntry[] {
  const byKey = new Map<string, { name: string; email?: string; role: string; total: number; spans: AttendanceSpan[] }>();
  for (const r of records) {
    const name = r.identity?.displayName ?? r.emailAddress ?? 'someone';
    const key = (r.identity?.id ?? r.emailAddress ?? name).toLowerCase();
    const spans = (r.attendanceIntervals ?? []).map((s): AttendanceSpan => ({
      ...(s.joinDateTime ? { joinedAt: s.joinDateTime } : {}),
      ...(s.leaveDateTime ? { leftAt: s.leaveDateTime } : {}),
      seconds: seconds(s.durationInSeconds),
    }));
    const cur = byKey.get(key);
    if (cur) {
      cur.total += seconds(r.totalAttendanceInSeconds);
      cur.spans.push(...spans);
    } else {
      byKey.set(key, { name, ...(r.emailAddress ? { email: r.emailAddress } : {}), role: r.role ?? 'None', total: seconds(r.totalAttendanceInSeconds), spans });
    }
  }
  return [...byKey.values()]
    .map((v) => ({ name: v.name, ...(v.email ? { email: v.email } : {}), role: v.role, totalSeconds: v.total, spans: v.spans.sort((a, b) => (a.joinedAt ?? '').localeCompare(b.joinedAt ?? '')) }))
    .sort((a, b) => (a.spans[0]?.joinedAt ?? '').localeCompare(b.spans[0]?.joinedAt ?? ''));
}
