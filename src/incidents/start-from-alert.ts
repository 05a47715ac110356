/**
 * Alert-opened incidents reuse the normal start (same record, meeting, idempotency and claims): only the request
 * differs. There is no Teams turn, so mentions cannot be looked up here; subscriptions store the paged people as
 * directory users (resolved when subscribing), which the start resolves through the directory.
 */
import type { IncidentAlertSource } from './incident';
import type { IncidentService, StartIncidentOutcome, StartIncidentRequest } from './incident-service';
import type { MemberLookup } from './ports';

/** A start with no Teams message behind it: the alert occurrence is the idempotency key (`sourceActivityId`). */
export type AlertStartRequest = Pick<StartIncidentRequest, 'tenantId' | 'conversationId' | 'teamId' | 'sourceActivityId' | 'requester' | 'severity' | 'title' | 'attendees'> & {
  readonly source: IncidentAlertSource;
  readonly durationMinutes: number;
  readonly now: Date;
};

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
