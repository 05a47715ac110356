/**
 * Our own small JSON for anything else:
 * { "dedupKey": string, "status": "firing"|"resolved", "title": string, "severity"?: "sev1".."sev4" or any word of the
 *   severity map (critical, warning…), "description"?: string, "link"?: http(s) URL, "labels"?: {string: string},
 *   "firedAt"?: ISO time, "eventId"?: string (tells a redelivery from a new firing; else status+firedAt do) }.
 */
import { clip, MAX_DESCRIPTION, MAX_TITLE, realTime, safeLink, type ParseOutcome } from '../alert';
import { mapSeverity, type SeverityMap } from '../severity-map';
import { ShapeReader } from '../shape';

export function parseGeneric(body: unknown, severities: SeverityMap): ParseOutcome {
  const r = new ShapeReader('generic');
  const o = r.object(body, '(body)');
  const dedupKey = r.string(o, 'dedupKey', '');
  const status = r.oneOf(o, 'status', '', ['firing', 'resolved'] as const);
  const title = r.string(o, 'title', '');
  const severity = r.optionalString(o, 'severity', '');
  const description = r.optionalString(o, 'description', '');
  const link = r.optionalString(o, 'link', '');
  const labels = r.stringMap(o, 'labels', '');
  const firedAt = r.optionalString(o, 'firedAt', '');
  const eventId = r.optionalString(o, 'eventId', '');
  if (link !== undefined && link !== '' && safeLink(link) === undefined) r.expect('link', 'an http(s) URL when present');
  if (severity !== undefined && mapSeverity(severities, severity) === undefined) r.expect('severity', 'sev1, sev2, sev3, sev4 or a word of the severity map (critical, error, warning, info…) when present');
  r.done();
  if (!dedupKey || !status || !title) throw new Error('unreachable: required fields missing without a problem');
  const mapped = mapSeverity(severities, severity);
  const fired = realTime(firedAt);
  return {
    kind: 'alert',
    alert: {
      source: 'generic',
      dedupKey,
      occurrenceKey: eventId ?? `${status}@${firedAt ?? ''}`,
      status,
      title: clip(title, MAX_TITLE),
      ...(mapped ? { severity: mapped, sourceSeverity: severity } : {}),
      ...(description ? { description: clip(description, MAX_DESCRIPTION) } : {}),
      ...(link && safeLink(link) ? { link } : {}),
      labels,
      ...(fired ? { firedAt: fired } : {}),
      summary: { ...(eventId ? { eventId } : {}) },
    },
  };
}
