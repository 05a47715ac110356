/**
 * The incident title: the words between the severity and the first clause. Mentions in it read as the text the
 * message showed. Whitespace is collapsed, quotes around the whole title removed, leading `:`/`-` and trailing
 * `. , : ; - …` trimmed (`!` and `?` are kept: "Checkout down!").
 */
import { LIMITS } from '../../cards/limits';
import type { QuotedSpan } from './quotes';
import { renderTokens, stripTrailingPunctuation, trimEndOf, trimStartOf, type Token } from './tokens';

/** The typed title and the Start form's share LIMITS.titleLength. */
export const MAX_TITLE_LENGTH = LIMITS.titleLength;

const LEADING = ' :;,-\u2013\u2014';
const TRAILING = ' .,:;-\u2013\u2014\u2026';

function unquoteWhole(tokens: readonly Token[], spans: readonly QuotedSpan[], offset: number): readonly Token[] {
  const whole = spans.find((s) => s.first === offset && s.last === offset + tokens.length - 1);
  if (!whole) return tokens;
  return tokens
    .map((token, i): Token => {
      if (token.kind !== 'word') return token;
      let text = token.text;
      if (i === 0) text = text.slice(whole.open.length);
      if (i === tokens.length - 1) {
        const at = stripTrailingPunctuation(text).lastIndexOf(whole.close);
        if (at >= 0) text = text.slice(0, at);
      }
      return { ...token, text };
    })
    .filter((token) => token.kind !== 'word' || token.text !== '');
}

/**
 * @param tokens the title's tokens
 * @param spans quoted spans of the whole token list
 * @param offset index of tokens[0] in the whole token list
 */
export function buildTitle(tokens: readonly Token[], spans: readonly QuotedSpan[], offset: number): string {
  // Whitespace is already folded to single spaces, so the trims only need the space itself; linear (see trimEndOf).
  return trimEndOf(trimStartOf(renderTokens(unquoteWhole(tokens, spans, offset)).replace(/\s+/g, ' '), LEADING), TRAILING);
}
