/**
 * An alert subscription: "alerts of these sources, at least this severity, with these labels, open a bridge in this
 * conversation and page these people". Pure data (JSON-serialisable); the conversation reference is opaque here.
 */
import { DEFAULT_SEVERITY, type AttendeeRequest, type Person, type Severity } from '../incidents/incident';
import type { Alert } from './alert';
import { rank } from './severity-map';

export interface AlertSubscription<ConversationRef = Readonly<Record<string, unknown>>> {
  readonly id: string;
  readonly tenantId: string;
  /** Where the card goes (a serialised botbuilder ConversationReference in practice; opaque to the alerts core). */
  readonly conversationReference: ConversationRef;
  readonly conversationId: string;
  readonly teamId?: string;
  readonly channelId?: string;
  /** Alerts less severe than this open nothing (sev1 is the most severe). */
  readonly minSeverity: Severity;
  /** Every pair must be among the alert's labels (exact, case-sensitive values), e.g. { service: 'checkout' }. */
  readonly labelFilter: Readonly<Record<string, string>>;
  /** Who is paged into the bridge, as the subscriber typed them. */
  readonly page: readonly AttendeeRequest[];
  /** Their names as resolved when subscribing (the card and `alerts` show them). */
  readonly pageNames?: readonly string[];
  /** Resolve the incident when the source reports the alert resolved (otherwise the card only says so). */
  readonly autoresolve: boolean;
  /** SHA-256 (hex) of the webhook secret; the secret itself is shown once and never stored. */
  readonly secretHash: string;
  /**
   * PagerDuty's own signing secret for X-PagerDuty-Signature (PagerDuty generates it when the webhook subscription is
   * created there, so it must be kept as is to compute the HMAC). Absent: PagerDuty requests rely on the token alone.
   */
  readonly pagerDutySigningSecret?: string;
  readonly createdBy: Person;
  readonly createdAt: string;
}

/** Why an alert does not open an incident for a subscription, or undefined when it matches. */
export type MismatchReason = 'belowMinSeverity' | 'filtered';

export function mismatch(subscription: Pick<AlertSubscription<unknown>, 'minSeverity' | 'labelFilter'>, alert: Pick<Alert, 'severity' | 'labels'>): MismatchReason | undefined {
  const severity = alert.severity ?? DEFAULT_SEVERITY;
  if (rank(severity) > rank(subscription.minSeverity)) return 'belowMinSeverity';
  for (const [k, v] of Object.entries(subscription.labelFilter)) {
    if (alert.labels[k] !== v) return 'filtered';
  }
  return undefined;
}

export function matches(subscription: Pick<AlertSubscription<unknown>, 'minSeverity' | 'labelFilter'>, alert: Pick<Alert, 'severity' | 'labels'>): boolean {
  return mismatch(subscription, alert) === undefined;
}

/** Parses `service=checkout,env=prod` (the command's filter words) into a label filter; throws a message on bad input. */
export function parseLabelFilter(text: string): Record<string, string> {
  const filter: Record<string, string> = {};
  for (const raw of text.split(/[,\s]+/)) {
    if (raw === '') continue;
    const eq = raw.indexOf('=');
    if (eq <= 0 || eq === raw.length - 1) throw new Error(`"${raw}" is not label=value (e.g. service=checkout)`);
    filter[raw.slice(0, eq)] = raw.slice(eq + 1);
  }
  return filter;
}
