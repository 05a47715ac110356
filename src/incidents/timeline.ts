import type { Incident, TimelineEntry } from './incident';

export function addTimeline(incident: Incident, at: Date, text: string): Incident {
  return { ...incident, timeline: [...incident.timeline, { at: at.toISOString(), text }] };
}

/** When the moments a post-incident review reports happened (ISO), read from the timeline. */
interface ReviewMilestones {
  readonly startedAt: string;
  readonly bridgeReadyAt?: string;
  readonly firstResponderAt?: string;
  readonly commanderAt?: string;
  readonly resolvedAt?: string;
}

/** The timeline entries that mark each milestone (their texts are written by incident-service, calls and lifecycle). */
const MILESTONE_TEXT = {
  bridgeReady: /^Meeting ready$/,
  responder: / joined the call$/,
  commander: / took command$| is now incident commander \(named by /,
  resolved: /^Resolved by /,
} as const;

function firstAt(timeline: readonly TimelineEntry[], re: RegExp): string | undefined {
  return timeline.find((t) => re.test(t.text))?.at;
}

function lastAt(timeline: readonly TimelineEntry[], re: RegExp): string | undefined {
  return [...timeline].reverse().find((t) => re.test(t.text))?.at;
}

function reviewMilestones(incident: Incident): ReviewMilestones {
  const t = incident.timeline;
  const bridgeReadyAt = firstAt(t, MILESTONE_TEXT.bridgeReady);
  const firstResponderAt = firstAt(t, MILESTONE_TEXT.responder);
  const commanderAt = firstAt(t, MILESTONE_TEXT.commander);
  const resolvedAt = incident.state === 'resolved' ? (incident.resolvedAt ?? lastAt(t, MILESTONE_TEXT.resolved)) : undefined;
  return {
    startedAt: incident.createdAt,
    ...(bridgeReadyAt ? { bridgeReadyAt } : {}),
    ...(firstResponderAt ? { firstResponderAt } : {}),
    ...(commanderAt ? { commanderAt } : {}),
    ...(resolvedAt ? { resolvedAt } : {}),
  };
}

/** The review's durations, each from the start: label and milliseconds (undefined when it never happened). */
export function reviewDurations(incident: Incident): readonly { readonly label: string; readonly ms?: number }[] {
  const m = reviewMilestones(incident);
  const since = (iso: string | undefined): number | undefined => {
    if (!iso) return undefined;
    const a = Date.parse(m.startedAt);
    const b = Date.parse(iso);
    return Number.isFinite(a) && Number.isFinite(b) ? Math.max(0, b - a) : undefined;
  };
  return [
    { label: 'Start → bridge ready', ms: since(m.bridgeReadyAt) },
    { label: 'Start → first responder in the call', ms: since(m.firstResponderAt) },
    { label: 'Start → commander', ms: since(m.commanderAt) },
    { label: 'Start → resolved', ms: since(m.resolvedAt) },
  ];
}
