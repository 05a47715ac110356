/** Small formatting pieces shared by the incident cards: severity labels and styles, times Teams localises. */
import type { Severity } from '../incidents/incident';
import type { CardElement, ContainerStyle } from './adaptive-card';
import { plain } from './adaptive-card';
import type { TimelineEntry } from '../incidents/incident';

export const SEVERITY_STYLE: Readonly<Record<Severity, ContainerStyle>> = { sev1: 'attention', sev2: 'attention', sev3: 'warning', sev4: 'emphasis' };

export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = {
  sev1: 'SEV1 · critical',
  sev2: 'SEV2 · major',
  sev3: 'SEV3 · minor',
  sev4: 'SEV4 · low',
};

function cardIso(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

/** Teams formats {{DATE()}}/{{TIME()}} in the reader's locale and time zone. */
export function when(iso: string): string {
  const t = cardIso(iso);
  return `{{DATE(${t}, SHORT)}} {{TIME(${t})}}`;
}

export function time(iso: string): string {
  return `{{TIME(${cardIso(iso)})}}`;
}

/** The timeline section of incident cards: the latest `max` entries, and a pointer to `export` when some are left out. */
export function timelineBlock(incidentId: string, timeline: readonly TimelineEntry[], max: number, stamp: (iso: string) => string = time): CardElement {
  const recent = timeline.slice(-max);
  const earlier = timeline.length - recent.length;
  return {
    type: 'Container',
    spacing: 'Medium',
    separator: true,
    items: [
      { type: 'TextBlock', text: 'Timeline', weight: 'Bolder', size: 'Small' },
      ...(earlier > 0 ? [{ type: 'TextBlock', wrap: true, size: 'Small', isSubtle: true, spacing: 'None', text: `${earlier} earlier ${earlier === 1 ? 'entry' : 'entries'}: type "export ${incidentId}" for all of them.` } satisfies CardElement] : []),
      ...recent.map((t): CardElement => ({ type: 'TextBlock', wrap: true, size: 'Small', spacing: 'None', text: `${stamp(t.at)} · ${plain(t.text)}` })),
    ],
  };
}
