/**
 * PagerDuty v3 webhooks: { event: { id, event_type, resource_type, occurred_at, data: incident } }.
 * incident.triggered → firing, incident.resolved → resolved; every other event type is "ignored" (not an error).
 * Dedupe by the PagerDuty incident id (`event.data.id`); the event id tells a redelivery from a new event.
 * Severity: priority (`P1`…) when the account uses priorities, else urgency (high/low).
 */
import { clip, MAX_TITLE, realTime, safeLink, type ParseOutcome } from '../alert';
import { mapSeverity, type SeverityMap } from '../severity-map';
import { isObject, ShapeReader } from '../shape';

const PAGERDUTY_HANDLED_EVENTS = ['incident.triggered', 'incident.resolved'] as const;

export function parsePagerDuty(body: unknown, severities: SeverityMap): ParseOutcome {
  const r = new ShapeReader('pagerduty');
  const o = r.object(body, '(body)');
  const event = o ? r.object(o['event'], 'event') : undefined;
  const eventId = r.string(event, 'id', 'event');
  const eventType = r.string(event, 'event_type', 'event');
  const occurredAt = r.optionalString(event, 'occurred_at', 'event');
  r.done();
  if (!eventId || !eventType) throw new Error('unreachable: event fields missing without a problem');
  if (!(PAGERDUTY_HANDLED_EVENTS as readonly string[]).includes(eventType)) {
    return { kind: 'ignored', reason: `PagerDuty event ${eventType} is not acted on (only ${PAGERDUTY_HANDLED_EVENTS.join(', ')})` };
  }

  const data = r.object(event?.['data'], 'event.data');
  const p = 'event.data';
  const id = r.string(data, 'id', p);
  const title = r.string(data, 'title', p);
  const htmlUrl = r.optionalString(data, 'html_url', p);
  const urgency = r.optionalString(data, 'urgency', p);
  const createdAt = r.optionalString(data, 'created_at', p);
  const incidentKey = r.optionalString(data, 'incident_key', p);
  const number = data?.['number'];
  const service = data && isObject(data['service']) && typeof data['service']['summary'] === 'string' ? data['service']['summary'] : undefined;
  const priority = data && isObject(data['priority']) && typeof data['priority']['summary'] === 'string' ? data['priority']['summary'] : undefined;
  r.done();
  if (!id || !title) throw new Error('unreachable: incident fields missing without a problem');

  const status = eventType === 'incident.triggered' ? 'firing' : 'resolved';
  const fromPriority = mapSeverity(severities, priority);
  const severity = fromPriority ?? mapSeverity(severities, urgency);
  const firedAt = realTime(createdAt);
  const resolvedAt = realTime(occurredAt);
  const numberText = typeof number === 'number' ? `#${number}` : id;
  return {
    kind: 'alert',
    alert: {
      source: 'pagerduty',
      dedupKey: id,
      occurrenceKey: eventId,
      status,
      title: clip(title, MAX_TITLE),
      ...(severity ? { severity, sourceSeverity: fromPriority ? priority : urgency } : {}),
      description: `PagerDuty incident ${numberText}${service ? ` on ${service}` : ''}`,
      ...(safeLink(htmlUrl) ? { link: htmlUrl } : {}),
      labels: { ...(service ? { service } : {}), ...(urgency ? { urgency } : {}), ...(priority ? { priority } : {}) },
      ...(firedAt ? { firedAt } : {}),
      ...(status === 'resolved' && resolvedAt ? { resolvedAt } : {}),
      summary: { eventType, eventId, incidentNumber: numberText, ...(incidentKey ? { incidentKey } : {}) },
    },
  };
}
