/**
 * Alert → incident, pure: given the alert, its subscription, the incident already opened for (subscription,
 * dedupKey) if any, and the subscription's rate-limit state, decide what happens and return the effects for the
 * caller to run once the link is stored — like applyCallEvent does for call notifications.
 *
 * - no incident (or only a resolved one) + firing → open one (unless filtered, below min severity or rate limited);
 * - open incident + firing → a timeline line: "fired again" (new occurrence) or "redelivered" (an occurrence seen);
 * - incident + resolved → "source reports resolved" on the timeline, and resolve it when the subscription autoresolves;
 * - resolved without an incident, or a repeat of the firing that opened an incident people already resolved → ignore.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_SEVERITY, type AttendeeRequest, type Incident, type Person, type Severity } from '../incidents/incident';
import type { Alert, AlertSource } from './alert';
import type { AlertIncidentLink } from './alert-ports';
import { DEFAULT_RATE_LIMIT, takeToken, type RateLimitPolicy, type RateLimitState } from './rate-limit';
import { mismatch, type AlertSubscription, type MismatchReason } from './subscription';

export const SOURCE_NAMES: Readonly<Record<AlertSource, string>> = {
  alertmanager: 'Alertmanager', grafana: 'Grafana', 'azure-monitor': 'Azure Monitor', pagerduty: 'PagerDuty', generic: 'The alert source',
};

/** How many occurrence keys a link remembers. */
const SEEN_LIMIT = 20;

export interface OpenIncidentFromAlert<Ref> {
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly conversationReference: Ref;
  readonly conversationId: string;
  readonly teamId?: string;
  readonly channelId?: string;
  readonly title: string;
  readonly severity: Severity;
  readonly description?: string;
  readonly link?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly attendees: readonly AttendeeRequest[];
  readonly requestedBy: Person;
  /** Idempotency key for the incident service (a redelivery while opening must not open a second bridge). */
  readonly sourceActivityId: string;
  /** The first timeline line. */
  readonly timelineText: string;
}

type AlertEffect<Ref> =
  | { readonly kind: 'openIncident'; readonly request: OpenIncidentFromAlert<Ref> }
  | { readonly kind: 'addTimeline'; readonly incidentId: string; readonly text: string }
  | { readonly kind: 'resolveIncident'; readonly incidentId: string; readonly summary: string }
  /** Once per burst: tell the subscription's conversation that alerts are being rate limited. */
  | { readonly kind: 'tellRateLimited'; readonly subscriptionId: string; readonly conversationReference: Ref; readonly text: string };

type IgnoreReason = MismatchReason | 'rateLimited' | 'resolvedWithoutIncident' | 'alreadyResolved';

export interface AlertDecision<Ref> {
  readonly outcome: 'open' | 'firedAgain' | 'redelivered' | 'sourceResolved' | 'ignored';
  readonly reason?: IgnoreReason;
  readonly effects: readonly AlertEffect<Ref>[];
  /** The link to store (updates). */
  readonly link?: AlertIncidentLink;
  /** For `open`: the link to store once the incident service returned the incident's id. */
  readonly pendingLink?: Omit<AlertIncidentLink, 'incidentId'>;
  /** The subscription's rate-limit state when it changed. */
  readonly rate?: RateLimitState;
}

export interface AlertDecisionInput<Ref> {
  readonly alert: Alert;
  readonly subscription: AlertSubscription<Ref>;
  readonly existing?: { readonly link: AlertIncidentLink; readonly incident: Pick<Incident, 'id' | 'state'> };
  readonly rate?: RateLimitState;
  readonly policy?: RateLimitPolicy;
  readonly now: Date;
}

export function decideAlert<Ref>(input: AlertDecisionInput<Ref>): AlertDecision<Ref> {
  const { alert, subscription, existing, now } = input;
  const name = SOURCE_NAMES[alert.source];
  const seen = existing?.link.seen.includes(alert.occurrenceKey) ?? false;
  const open = existing !== undefined && existing.incident.state !== 'resolved';

  if (existing && (open || alert.status === 'resolved')) {
    const incidentId = existing.incident.id;
    const link = remember(existing.link, alert, now);
    if (seen) {
      const what = alert.status === 'firing' ? 'alert' : 'resolved notification';
      return { outcome: 'redelivered', effects: [{ kind: 'addTimeline', incidentId, text: `${name} redelivered the ${what}` }], link };
    }
    if (alert.status === 'firing') {
      const after = existing.link.lastStatus === 'resolved' ? ' after reporting it resolved' : '';
      return { outcome: 'firedAgain', effects: [{ kind: 'addTimeline', incidentId, text: `${name} reports the alert firing again${after}` }], link };
    }
    const effects: AlertEffect<Ref>[] = [{ kind: 'addTimeline', incidentId, text: `${name} reports the alert resolved` }];
    if (open && subscription.autoresolve) {
      effects.push({ kind: 'resolveIncident', incidentId, summary: `Resolved automatically: ${name} reports the alert resolved.` });
    }
    return { outcome: 'sourceResolved', effects, link: { ...link, sourceResolvedAt: alert.resolvedAt ?? now.toISOString() } };
  }

  if (alert.status === 'resolved') return { outcome: 'ignored', reason: 'resolvedWithoutIncident', effects: [] };
  if (existing && seen) return { outcome: 'ignored', reason: 'alreadyResolved', effects: [] };
  const why = mismatch(subscription, alert);
  if (why) return { outcome: 'ignored', reason: why, effects: [] };

  const verdict = takeToken(input.rate, input.policy ?? DEFAULT_RATE_LIMIT, now);
  if (!verdict.allowed) {
    const minutes = Math.max(1, Math.ceil(verdict.retryAfterMs / 60_000));
    const effects: AlertEffect<Ref>[] = verdict.tell
      ? [{ kind: 'tellRateLimited', subscriptionId: subscription.id, conversationReference: subscription.conversationReference, text: `Too many alerts at once: new alerts open no bridge for about ${minutes} min (alerts already open keep updating).` }]
      : [];
    return { outcome: 'ignored', reason: 'rateLimited', effects, rate: verdict.state };
  }

  const severity = alert.severity ?? DEFAULT_SEVERITY;
  const request: OpenIncidentFromAlert<Ref> = {
    subscriptionId: subscription.id,
    tenantId: subscription.tenantId,
    conversationReference: subscription.conversationReference,
    conversationId: subscription.conversationId,
    ...(subscription.teamId ? { teamId: subscription.teamId } : {}),
    ...(subscription.channelId ? { channelId: subscription.channelId } : {}),
    title: alert.title,
    severity,
    ...(alert.description ? { description: alert.description } : {}),
    ...(alert.link ? { link: alert.link } : {}),
    labels: alert.labels,
    attendees: subscription.page,
    requestedBy: subscription.createdBy,
    sourceActivityId: `alert:${subscription.id}:${shortHash(`${alert.dedupKey}|${alert.occurrenceKey}`)}`,
    timelineText: `Opened from ${alertPhrase(alert.source)}${alert.sourceSeverity ? ` (severity ${alert.sourceSeverity})` : ''}`,
  };
  const pendingLink: Omit<AlertIncidentLink, 'incidentId'> = {
    subscriptionId: subscription.id, source: alert.source, dedupKey: alert.dedupKey, seen: [alert.occurrenceKey], lastStatus: 'firing', updatedAt: now.toISOString(),
  };
  return { outcome: 'open', effects: [{ kind: 'openIncident', request }], pendingLink, rate: verdict.state };
}

function remember(link: AlertIncidentLink, alert: Alert, now: Date): AlertIncidentLink {
  const seen = link.seen.includes(alert.occurrenceKey) ? link.seen : [...link.seen, alert.occurrenceKey].slice(-SEEN_LIMIT);
  return { ...link, seen, lastStatus: alert.status, updatedAt: now.toISOString() };
}

/** "an Alertmanager alert", "a Grafana alert", "an alert" (generic). */
function alertPhrase(source: AlertSource): string {
  if (source === 'generic') return 'an alert';
  const name = SOURCE_NAMES[source];
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name} alert`;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}
