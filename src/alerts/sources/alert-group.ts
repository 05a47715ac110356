/**
 * The Alertmanager webhook group shape (version 4), which Grafana's webhook contact point reuses:
 * { status, receiver, groupKey, truncatedAlerts, groupLabels, commonLabels, commonAnnotations, externalURL,
 *   alerts[] { status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint } }.
 * Shared by alertmanager.ts and grafana.ts.
 */
import { createHash } from 'node:crypto';
import { clip, MAX_DESCRIPTION, MAX_TITLE, realTime, safeLink, type Alert, type AlertSource, type AlertStatus } from '../alert';
import { mostSevere, type SeverityMap } from '../severity-map';
import type { JsonObject, ShapeReader } from '../shape';

const STATUSES: readonly AlertStatus[] = ['firing', 'resolved'];

interface GroupAlert {
  readonly status: AlertStatus;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly generatorURL?: string;
  readonly fingerprint?: string;
}

export interface AlertGroup {
  readonly status: AlertStatus;
  readonly groupKey: string;
  readonly receiver?: string;
  readonly externalURL?: string;
  readonly truncatedAlerts?: number;
  readonly commonLabels: Readonly<Record<string, string>>;
  readonly commonAnnotations: Readonly<Record<string, string>>;
  readonly alerts: readonly GroupAlert[];
}

/** Reads the group; problems go to `r` (the caller calls r.done()). */
export function readGroup(r: ShapeReader, o: JsonObject | undefined): AlertGroup | undefined {
  const status = r.oneOf(o, 'status', '', STATUSES);
  const groupKey = r.string(o, 'groupKey', '');
  const receiver = r.optionalString(o, 'receiver', '');
  const externalURL = r.optionalString(o, 'externalURL', '');
  const commonLabels = r.stringMap(o, 'commonLabels', '');
  const commonAnnotations = r.stringMap(o, 'commonAnnotations', '');
  const truncated = o?.['truncatedAlerts'];
  if (truncated !== undefined && truncated !== null && typeof truncated !== 'number') r.expect('truncatedAlerts', 'a number when present');
  const list = r.array(o, 'alerts', '');
  if (list !== undefined && list.length === 0) r.expect('alerts', 'at least one alert');
  const alerts: GroupAlert[] = [];
  (list ?? []).forEach((item, i) => {
    const path = `alerts[${i}]`;
    const a = r.object(item, path);
    const s = r.oneOf(a, 'status', path, STATUSES);
    const labels = r.stringMap(a, 'labels', path, true);
    const annotations = r.stringMap(a, 'annotations', path);
    const startsAt = r.optionalString(a, 'startsAt', path);
    const endsAt = r.optionalString(a, 'endsAt', path);
    const generatorURL = r.optionalString(a, 'generatorURL', path);
    const fingerprint = r.optionalString(a, 'fingerprint', path);
    if (a && s) alerts.push({ status: s, labels, annotations, startsAt, endsAt, generatorURL, fingerprint });
  });
  if (!status || !groupKey) return undefined;
  return { status, groupKey, receiver, externalURL, truncatedAlerts: typeof truncated === 'number' ? truncated : undefined, commonLabels, commonAnnotations, alerts };
}

/** The group as one Alert: title from the common summary or the alert names, the most severe `severity` label, earliest start. */
export function groupToAlert(source: AlertSource, g: AlertGroup, severities: SeverityMap, extra: { fallbackTitle?: string; summary?: Record<string, string> } = {}): Alert {
  const relevant = g.status === 'firing' ? g.alerts.filter((a) => a.status === 'firing') : g.alerts;
  const shown = relevant.length > 0 ? relevant : g.alerts;
  const first = shown[0];
  const labels = Object.keys(g.commonLabels).length > 0 ? g.commonLabels : commonOf(shown.map((a) => a.labels));
  const names = [...new Set(shown.map((a) => a.labels['alertname']).filter((n): n is string => n !== undefined && n !== ''))];
  const more = names.length > 1 ? ` (+${names.length - 1} more)` : '';
  const title = g.commonAnnotations['summary']
    ?? (names[0] !== undefined ? `${names[0]}${more}` : undefined)
    ?? first?.annotations['summary']
    ?? extra.fallbackTitle
    ?? g.groupKey;
  const sev = mostSevere(severities, [g.commonLabels['severity'], ...shown.map((a) => a.labels['severity'])]);
  const starts = shown.map((a) => realTime(a.startsAt)).filter((t): t is string => t !== undefined).sort();
  const ends = shown.map((a) => realTime(a.endsAt)).filter((t): t is string => t !== undefined).sort();
  const occurrence = createHash('sha256')
    .update(`${g.status}|${shown.map((a) => `${a.fingerprint ?? JSON.stringify(a.labels)}@${a.startsAt ?? ''}${g.status === 'resolved' ? `-${a.endsAt ?? ''}` : ''}`).sort().join(',')}`)
    .digest('hex').slice(0, 24);
  const description = describe(g, shown);
  return {
    source,
    dedupKey: g.groupKey,
    occurrenceKey: occurrence,
    status: g.status,
    title: clip(title, MAX_TITLE),
    ...(sev.severity ? { severity: sev.severity, sourceSeverity: sev.word } : {}),
    ...(description ? { description: clip(description, MAX_DESCRIPTION) } : {}),
    ...withLink(safeLink(first?.generatorURL) ?? safeLink(g.externalURL)),
    labels,
    ...(starts[0] ? { firedAt: starts[0] } : {}),
    ...(g.status === 'resolved' && ends.length > 0 ? { resolvedAt: ends[ends.length - 1] } : {}),
    summary: {
      ...(g.receiver ? { receiver: g.receiver } : {}),
      alerts: String(g.alerts.length),
      firing: String(g.alerts.filter((a) => a.status === 'firing').length),
      ...(g.truncatedAlerts ? { truncatedAlerts: String(g.truncatedAlerts) } : {}),
      ...(g.externalURL ? { externalURL: g.externalURL } : {}),
      ...extra.summary,
    },
  };
}

function describe(g: AlertGroup, shown: readonly GroupAlert[]): string | undefined {
  if (shown.length === 1 || g.commonAnnotations['description']) {
    const a = shown[0];
    return g.commonAnnotations['description'] ?? a?.annotations['description'] ?? a?.annotations['summary'];
  }
  const lines = shown.slice(0, 10).map((a) => {
    const text = a.annotations['summary'] ?? a.annotations['description'];
    return `- ${a.labels['alertname'] ?? a.fingerprint ?? 'alert'}${text ? `: ${text}` : ''}`;
  });
  if (shown.length > 10) lines.push(`- … and ${shown.length - 10} more`);
  return lines.join('\n');
}

function commonOf(maps: readonly Readonly<Record<string, string>>[]): Record<string, string> {
  const [head, ...rest] = maps;
  if (!head) return {};
  return Object.fromEntries(Object.entries(head).filter(([k, v]) => rest.every((m) => m[k] === v)));
}

function withLink(link: string | undefined): { link?: string } {
  return link ? { link } : {};
}
