/**
 * Linear scanning of the little HTML Teams puts in activity.text. The regexes this replaces (`<at\b[^>]*>…?<\/at>`,
 * `<[^>]*>`) rescan the rest of the message from every unmatched `<`: quadratic on a run of unclosed `<at>` tags.
 * Here every search goes forward from where the previous one ended, and an exhausted search stays exhausted.
 */

/** The next match of a pattern at or after a position, remembered: positions only grow, so the text is read once. */
export class ForwardFinder {
  private readonly pattern: RegExp;
  private found: { readonly index: number; readonly length: number } | undefined;
  private searchedFrom = -1;
  private exhausted = false;

  /** @param source a regex source; matched case-insensitively */
  constructor(private readonly text: string, source: string) {
    this.pattern = new RegExp(source, 'gi');
  }

  /** The first match starting at or after `from`, or undefined when there is none. */
  next(from: number): { readonly index: number; readonly length: number } | undefined {
    if (this.exhausted) return undefined;
    if (this.found && this.found.index >= from && this.searchedFrom <= from) return this.found;
    this.pattern.lastIndex = from;
    const m = this.pattern.exec(this.text);
    this.searchedFrom = from;
    if (!m) {
      this.exhausted = true;
      return undefined;
    }
    this.found = { index: m.index, length: m[0].length };
    return this.found;
  }
}

/** Text with every `<…>` removed, as `text.replace(/<[^>]*>/g, '')` would, in one pass. */
export function stripTags(html: string): string {
  if (!html.includes('<')) return html;
  let out = '';
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) break; // no `>` after this `<`: none after any later `<` either
    out += html.slice(i, lt);
    i = gt + 1;
  }
  return out + html.slice(i);
}

/** Length of the name of an HTML-like tag starting at text[at] (letters then letters/digits), followed by a non-word character. */
export function tagNameLength(text: string, at: number): number {
  let end = at;
  if (!/[a-z]/i.test(text[end] ?? '')) return 0;
  while (end < text.length && /[a-z0-9]/i.test(text[end] ?? '')) end++;
  return /\w/.test(text[end] ?? '') ? 0 : end - at;
}
