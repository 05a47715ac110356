/**
 * Quoted spans: `start "Login with SSO broken" with @Megan`. Words inside quotes are never keywords. Straight
 * double quotes and the typographic pairs clients auto-correct to (“…”, „…“, «…») count; single quotes do not
 * (apostrophes are too common in titles).
 */
import type { Token } from './tokens';

export interface QuotedSpan {
  /** Index of the token holding the opening quote. */
  readonly first: number;
  /** Index of the token holding the closing quote. */
  readonly last: number;
  readonly open: string;
  readonly close: string;
}

const CLOSERS: Readonly<Record<string, readonly string[]>> = {
  '"': ['"', '”', '“'],
  '“': ['”', '"', '“'],
  '”': ['”', '"'],
  '„': ['“', '”', '"'],
  '«': ['»'],
};

/** The closing quote a token ends with (before optional trailing punctuation), if it is one of `closers`. */
export function closingQuote(text: string, closers: readonly string[]): string | undefined {
  const stripped = text.replace(/[.,;:!?]+$/, '');
  const last = stripped.slice(-1);
  return closers.includes(last) ? last : undefined;
}

export function findQuotedSpans(tokens: readonly Token[], from: number): QuotedSpan[] {
  const spans: QuotedSpan[] = [];
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token || token.kind !== 'word') continue;
    const open = token.text[0] ?? '';
    const closers = CLOSERS[open];
    if (!closers) continue;
    for (let j = i; j < tokens.length; j++) {
      const candidate = tokens[j];
      if (!candidate || candidate.kind !== 'word') continue;
      const text = j === i ? candidate.text.slice(1) : candidate.text;
      const close = text === '' ? undefined : closingQuote(text, closers);
      if (close !== undefined) {
        spans.push({ first: i, last: j, open, close });
        i = j;
        break;
      }
    }
  }
  return spans;
}

export function quotedFlags(length: number, spans: readonly QuotedSpan[]): boolean[] {
  const flags = new Array<boolean>(length).fill(false);
  for (const span of spans) for (let i = span.first; i <= span.last; i++) flags[i] = true;
  return flags;
}
