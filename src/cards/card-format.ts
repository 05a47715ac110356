/** Small formatting pieces shared by the incident cards: severity labels and styles, times Teams localises. */
import type { Severity } from '../incidents/incident';
import type { CardElement, ContainerStyle } from './adaptive-card';
import { plain } from './adaptive-card';
import { truncateText } from './card-size';
import { LIMITS } from './limits';
import type { TimelineEntry } from '../incidents/incident';

export const SEVERITY_STYLE: Readonly<Record<Severity, ContainerStyle>> = { sev1: 'attention', sev2: 'attention', sev3: 'warning', sev4: 'emphasis' };

export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = {
  sev1: 'SEV1 · critical',
  sev2: 'SEV2 · major',
  sev3: 'SEV3 · minor',
  sev4: 'SEV4 · low',
};

/**
 * A date for `{{DATE()}}`/`{{TIME()}}`: strict RFC 3339 in UTC without a fraction (`2017-02-14T06:08:00Z`, the form
 * the Adaptive Cards text-features page documents). Accepts any number of fractional digits (Graph sends seven)
 * and any offset; undefined when the text is not a date.
 */
export function cardDate(iso: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:[.,]\d+)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/.exec(iso.trim());
  if (!m) return undefined;
  const zone = m[3] === undefined || m[3] === 'z' ? 'Z' : /^[+-]\d{4}$/.test(m[3]) ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : m[3].length === 3 ? `${m[3]}:00` : m[3];
  const seconds = m[2]?.length === 5 ? `${m[2]}:00` : m[2];
  const ms = Date.parse(`${m[1]}T${seconds}${zone}`);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** User text for a card: cut to `max` characters with an ellipsis, then made literal (plain). */
export function userText(text: string, max: number = LIMITS.textLength): string {
  return plain(truncateText(text, max));
}

/** Teams formats {{DATE()}}/{{TIME()}} in the reader's locale and time zone. */
export function when(iso: string): string {
  const t = cardDate(iso);
  return t ? `{{DATE(${t}, SHORT)}} {{TIME(${t})}}` : plain(iso);
}

export function time(iso: string): string {
  const t = cardDate(iso);
  return t ? `{{TIME(${t})}}` : plain(iso);
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
      ...recent.map((t): CardElement => ({ type: 'TextBlock', wrap: true, size: 'Small', spacing: 'None', text: `${stamp(t.at)} · ${userText(t.text, LIMITS.noteLength)}` })),
    ],
  };
}
