/**
 * Free text after a verb (`note`, `resolve`): kept as typed, except that whitespace (spaces, tabs, newlines, nbsp,
 * block tags) folds to single spaces, HTML entities are decoded and mentions read as the text the message showed
 * (both done by command-text.ts; the bot's own mention is removed there). A separator standing alone at the start
 * (`note INC-7F3A2QK - text`, `note — text`) is dropped; nothing else is trimmed or unquoted.
 */
import { renderTokens, type Token } from './tokens';

/** Longest note or resolve summary accepted (the timeline and the card show it in full). */
export const MAX_FREE_TEXT_LENGTH = 2000;

const LEADING_SEPARATOR = /^[:;,\-\u2013\u2014]+(?: |$)/;

export function freeText(tokens: readonly Token[], start: number, end = tokens.length): string {
  let text = renderTokens(tokens.slice(start, end)).replace(/\s+/g, ' ').trim();
  while (LEADING_SEPARATOR.test(text)) text = text.replace(LEADING_SEPARATOR, '');
  return text;
}
