/** Small formatting pieces shared by the incident cards: severity labels and styles, times Teams localises. */
import type { Severity } from '../incidents/incident';
import type { ContainerStyle } from './adaptive-card';

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
