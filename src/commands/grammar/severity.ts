/**
 * Severity right after the verb: `sev1`…`sev4` in any case, also `sev 2`, `sev-2`, `sev_2`, `[SEV2]` (the subject
 * prefix the bot itself writes), with an optional trailing `:` or `,`. `sev0`/`sev5`… are rejected rather than
 * silently becoming part of the title. `p1`, `s2`, `high` are not severities (they stay in the title).
 */
import type { Severity } from '../../incidents/incident';
import { keywordOf, type Token } from './tokens';

export type SeverityMatch =
  | { readonly kind: 'severity'; readonly severity: Severity; readonly consumed: number }
  | { readonly kind: 'out-of-range'; readonly text: string; readonly consumed: number }
  | { readonly kind: 'none' };

function unbracket(text: string): string {
  return text.replace(/^\[(.*)\]$/, '$1');
}

function fromDigits(digits: string, text: string, consumed: number): SeverityMatch {
  const level = Number(digits);
  if (level >= 1 && level <= 4) return { kind: 'severity', severity: `sev${level}` as Severity, consumed };
  return { kind: 'out-of-range', text, consumed };
}

export function matchSeverity(tokens: readonly Token[], index: number): SeverityMatch {
  const word = keywordOf(tokens[index]);
  if (word === undefined) return { kind: 'none' };
  const text = unbracket(word);
  const joined = /^sev[-_]?(\d{1,2})$/.exec(text);
  if (joined) return fromDigits(joined[1] ?? '', text, 1);
  if (text === 'sev') {
    const next = keywordOf(tokens[index + 1]);
    const digits = next === undefined ? undefined : /^(\d{1,2})\]?$/.exec(next)?.[1];
    if (digits !== undefined) return fromDigits(digits, `sev ${digits}`, 2);
  }
  return { kind: 'none' };
}
