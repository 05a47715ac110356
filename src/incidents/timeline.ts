import type { Incident } from './incident';

export function addTimeline(incident: Incident, at: Date, text: string): Incident {
  return { ...incident, timeline: [...incident.timeline, { at: at.toISOString(), text }] };
}
