/**
 * Quoted spans: `start "Login with SSO broken" with @Megan`. Words inside quotes are never keywords. Straight
 * double quotes and the typographic pairs clients auto-correct to (“…”, „…“, «…») count; single quotes do not
 * (apostrophes are too common in titles).
 */
import { stripTrailingPunctuation, type Token } from './tokens';

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
function closingQuote(text: string, closers: readonly string[]): string | undefined {
  const last = stripTrailingPunctuation(text).slice(-1);
  return closers.includes(last) ? last : undefined;
}

const CLOSE_CHARACTERS: readonly string[] = [...new Set(Object.values(CLOSERS).flat())];

/**
 * For each closing character, the index of the first word token at or after i that ends with it (or
 * tokens.length). Built right to left in one pass, so finding every span is linear in the number of tokens
 * (the scan it replaces restarted at every unmatched opening quote: quadratic on `"a "a "a …`).
 */
function nextClosers(tokens: readonly Token[], from: number): Map<string, Int32Array> {
  const next = new Map<string, Int32Array>();
  for (const c of CLOSE_CHARACTERS) next.set(c, new Int32Array(Math.max(0, tokens.length - from + 1)).fill(tokens.length));
  for (let i = tokens.length - 1; i >= from; i--) {
    const token = tokens[i];
    for (const positions of next.values()) positions[i - from] = positions[i - from + 1] ?? tokens.length;
    if (token?.kind !== 'word') continue;
    const close = closingQuote(token.text, CLOSE_CHARACTERS);
    const positions = close === undefined ? undefined : next.get(close);
    if (positions) positions[i - from] = i;
  }
  return next;
}

export function findQuotedSpans(tokens: readonly Token[], from: number): QuotedSpan[] {
  const spans: QuotedSpan[] = [];
  const next = nextClosers(tokens, from);
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i];
    if (token?.kind !== 'word') continue;
    const open = token.text[0] ?? '';
    const closers = CLOSERS[open];
    if (!closers) continue;
    const self = token.text.slice(1);
    const selfClose = self === '' ? undefined : closingQuote(self, closers);
    if (selfClose !== undefined) {
      spans.push({ first: i, last: i, open, close: selfClose });
      continue;
    }
    let last = tokens.length;
    for (const c of closers) last = Math.min(last, next.get(c)?.[i + 1 - from] ?? tokens.length);
    const closing = tokens[last];
    if (closing?.kind !== 'word') continue;
    const close = closingQuote(closing.text, closers);
    if (close === undefined) continue;
    spans.push({ first: i, last, open, close });
    i = last;
  }
  return spans;
}

export function quotedFlags(length: number, spans: readonly QuotedSpan[]): boolean[] {
  const flags = new Array<boolean>(length).fill(false);
  for (const span of spans) for (let i = span.first; i <= span.last; i++) flags[i] = true;
  return flags;
}
