/**
 * The incident title: the words between the severity and the first clause. Mentions in it read as the text the
 * message showed. Whitespace is collapsed, quotes around the whole title removed, leading `:`/`-` and trailing
 * `. , : ; - …` trimmed (`!` and `?` are kept: "Checkout down!").
 */
import type { QuotedSpan } from './quotes';
import { renderTokens, type Token } from './tokens';

export const MAX_TITLE_LENGTH = 200;

const LEADING = /^[\s:;,\-\u2013\u2014]+/;
const TRAILING = /[\s.,:;\-\u2013\u2014\u2026]+$/;

function unquoteWhole(tokens: readonly Token[], spans: readonly QuotedSpan[], offset: number): readonly Token[] {
  const whole = spans.find((s) => s.first === offset && s.last === offset + tokens.length - 1);
  if (!whole) return tokens;
  return tokens
    .map((token, i): Token => {
      if (token.kind !== 'word') return token;
      let text = token.text;
      if (i === 0) text = text.slice(whole.open.length);
      if (i === tokens.length - 1) {
        const at = text.replace(/[.,;:!?]+$/, '').lastIndexOf(whole.close);
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
  let title = renderTokens(unquoteWhole(tokens, spans, offset)).replace(/\s+/g, ' ');
  for (;;) {
    const trimmed = title.replace(LEADING, '').replace(TRAILING, '');
    if (trimmed === title) return title;
    title = trimmed;
  }
}
