/**
 * Decoding of the HTML character references Teams leaves in activity.text (`&amp;`, `&nbsp;`, `&#39;`, `&eacute;`…),
 * with the `entities` package: every named reference of the HTML standard, decimal and hex references (invalid
 * code points become U+FFFD). Strict mode: only references closed by `;` are decoded, so chat text such as
 * "AT&T" or "&notify" stays as typed (the legacy no-semicolon forms of HTML attributes are not applied).
 */
import { DecodingMode, decodeHTML } from 'entities';

/** Decodes one level of character references; unknown named references are left as typed. */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return decodeHTML(text, DecodingMode.Strict);
}
