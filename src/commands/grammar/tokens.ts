/** The token stream the grammar works on: words and @mentions, with the spacing needed to rebuild a title. */

interface WordToken {
  readonly kind: 'word';
  /** Decoded text, never empty, never containing whitespace. */
  readonly text: string;
  /** Whether whitespace separated this token from the previous one. */
  readonly spaceBefore: boolean;
}

interface MentionToken {
  readonly kind: 'mention';
  /** The matched mention entity; absent when the `<at>` run matched no entity (then it is only text). */
  readonly entity?: { readonly id: string; readonly name: string };
  /** What the message shows: the decoded text inside `<at>…</at>` (may be a first name only). */
  readonly display: string;
  readonly spaceBefore: boolean;
}

export type Token = WordToken | MentionToken;

/** Characters stripped from the end of a keyword or value: "15:00," "with:" "sev2:". */
const TRAILING_PUNCTUATION = '.,;:!?';

/**
 * `text` without the trailing characters that are in `chars`. Linear in the length of the text: a regex like
 * `/[.,]+$/` retries from every position of a long run that does not reach the end (quadratic on "a....b").
 */
export function trimEndOf(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1] ?? '')) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** `text` without the leading characters that are in `chars` (linear, like trimEndOf). */
export function trimStartOf(text: string, chars: string): string {
  let start = 0;
  while (start < text.length && chars.includes(text[start] ?? '')) start++;
  return start === 0 ? text : text.slice(start);
}

export function stripTrailingPunctuation(text: string): string {
  return trimEndOf(text, TRAILING_PUNCTUATION);
}

/** A word made only of punctuation/symbols, e.g. "," "-" "&" "…". */
export function isPunctuationOnly(text: string): boolean {
  return /^[\p{P}\p{S}]+$/u.test(text);
}

/** The word as a keyword candidate: lower-cased, trailing punctuation removed. Mentions are never keywords. */
export function keywordOf(token: Token | undefined): string | undefined {
  if (token?.kind !== 'word') return undefined;
  return stripTrailingPunctuation(token.text).toLowerCase();
}

export function tokenText(token: Token): string {
  return token.kind === 'word' ? token.text : token.display;
}

/** Rebuilds text from tokens: one space where the message had whitespace, none where tokens touched. */
export function renderTokens(tokens: readonly Token[]): string {
  let out = '';
  tokens.forEach((token, index) => {
    if (index > 0 && token.spaceBefore) out += ' ';
    out += tokenText(token);
  });
  return out;
}
