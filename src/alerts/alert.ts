/**
 * The normalised alert: what every source's documented webhook payload becomes. Pure data, no SDK, no HTTP.
 * One payload is one Alert (Alertmanager and Grafana send a *group* of alerts; the group is the unit, keyed by groupKey).
 */
import type { Severity } from '../incidents/incident';

export type AlertSource = 'alertmanager' | 'grafana' | 'azure-monitor' | 'pagerduty' | 'generic';
export const ALERT_SOURCES: readonly AlertSource[] = ['alertmanager', 'grafana', 'azure-monitor', 'pagerduty', 'generic'];

export function isAlertSource(s: string): s is AlertSource {
  return (ALERT_SOURCES as readonly string[]).includes(s);
}

export type AlertStatus = 'firing' | 'resolved';

export interface Alert {
  readonly source: AlertSource;
  /** Same key = same incident (per subscription): alertmanager/grafana groupKey, Azure alertId, PagerDuty incident id, generic dedupKey. */
  readonly dedupKey: string;
  /**
   * Identifies this notification's content (status + what fired when). The same key again is a redelivery; a new key
   * for a known dedupKey means it fired again (or changed).
   */
  readonly occurrenceKey: string;
  readonly status: AlertStatus;
  readonly title: string;
  /** Mapped with the SeverityMap; undefined when the source said nothing we know (the caller uses DEFAULT_SEVERITY). */
  readonly severity?: Severity;
  /** The severity as the source said it (e.g. "Sev0", "critical", "P1"), for the card and the logs. */
  readonly sourceSeverity?: string;
  readonly description?: string;
  /** Back to the alert in its source (Alertmanager/Grafana generatorURL, PagerDuty html_url, …). http(s) only. */
  readonly link?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** ISO time the source says it started firing, when it says. */
  readonly firedAt?: string;
  readonly resolvedAt?: string;
  /** A few raw fields worth showing or logging (receiver, alert counts, monitoring service, PagerDuty number…). */
  readonly summary: Readonly<Record<string, string>>;
}

/** What a parser makes of a payload. */
export type ParseOutcome =
  | { readonly kind: 'alert'; readonly alert: Alert }
  /** A well-formed payload we deliberately do nothing with (e.g. PagerDuty incident.acknowledged). Not an error. */
  | { readonly kind: 'ignored'; readonly reason: string };

/** The payload does not have the documented shape. `expected` lists what was missing or wrong (→ HTTP 400). */
export class AlertPayloadError extends Error {
  readonly source: AlertSource;
  readonly expected: readonly string[];
  constructor(source: AlertSource, expected: readonly string[]) {
    super(`The ${source} payload does not have the documented shape: ${expected.join('; ')}`);
    this.name = 'AlertPayloadError';
    this.source = source;
    this.expected = expected;
  }
}

export const MAX_TITLE = 200;
export const MAX_DESCRIPTION = 2000;

/** Shortens text for the card (alert text is escaped by the card builders, not here). */
export function clip(text: string, max: number): string {
  const t = text.trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

/** Only http(s) links leave the parser: a javascript: or data: URL in a payload must never become a card button. */
export function safeLink(url: string | undefined): string | undefined {
  if (url === undefined || url === '') return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? url : undefined;
  } catch (e: unknown) {
    if (e instanceof TypeError) return undefined; // not a URL at all
    throw e;
  }
}

/** Alertmanager's "zero time" for an alert that has not ended. */
export function realTime(t: string | undefined): string | undefined {
  if (t === undefined || t === '' || t.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
