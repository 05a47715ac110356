/**
 * Alert-opened incidents reuse the normal start (same record, meeting, idempotency and claims): only the request
 * differs. There is no Teams turn, so mentions cannot be looked up here; subscriptions store the paged people as
 * directory users (resolved when subscribing), which the start resolves through the directory.
 */
import type { IncidentAlertSource, Person, Severity, AttendeeRequest } from './incident';
import type { IncidentService, StartIncidentOutcome } from './incident-service';
import type { MemberLookup } from './ports';

export interface AlertStartRequest {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly teamId?: string;
  /** Idempotency key: the same alert occurrence never opens a second bridge. */
  readonly sourceActivityId: string;
  /** The subscriber: organizer unless MEETING_ORGANIZER_ID is set. */
  readonly requester: Person;
  readonly severity: Severity;
  readonly title: string;
  readonly attendees: readonly AttendeeRequest[];
  readonly source: IncidentAlertSource;
  readonly durationMinutes: number;
  readonly now: Date;
}

const NO_TURN: MemberLookup = async () => ({ found: false, reason: 'an @mention cannot be looked up outside a Teams message' });

export function startFromAlert(incidents: IncidentService, req: AlertStartRequest): Promise<StartIncidentOutcome> {
  return incidents.start({
    tenantId: req.tenantId,
    conversationId: req.conversationId,
    ...(req.teamId ? { teamId: req.teamId } : {}),
    sourceActivityId: req.sourceActivityId,
    requester: req.requester,
    severity: req.severity,
    title: req.title,
    attendees: req.attendees,
    start: req.now,
    end: new Date(req.now.getTime() + req.durationMinutes * 60_000),
    members: NO_TURN,
    source: req.source,
  });
}
