/**
 * activity.text → tokens.
 *
 * What Teams delivers (msteams-docs, botbuilder issues): plain text with `<at>Name</at>` for each mention, often a
 * leading "\r\n" and a trailing "\n", HTML character references in places (`&amp;`, `&nbsp;`, `&#39;`). Links are
 * normally flattened to their label, but clients and simulators differ, so `<a href="mailto:…">` is read (the address
 * is kept) and block tags (`<p>`, `<div>`, `<br>`) become whitespace, inline formatting tags are dropped. Any other
 * `<word>` is left as the user typed it. The bot's own mentions are removed wherever they are.
 */
import type { CommandInput } from '../command';
import { decodeHtmlEntities } from './html-entities';
import { matchMentionRuns } from './mention-matching';
import type { Token } from './tokens';

export interface CommandText {
  readonly tokens: readonly Token[];
  /** The bot's display name when the message mentioned it (for help texts), else undefined. */
  readonly botName?: string;
}

const MARKUP = /<at\b[^>]*>([\s\S]*?)<\/at\s*>|<a\b([^>]*)>([\s\S]*?)<\/a\s*>|<\/?([a-z][a-z0-9]*)\b[^<>]*>/gi;
const BLOCK_TAGS = new Set(['p', 'div', 'br', 'hr', 'li', 'ul', 'ol', 'blockquote', 'pre', 'table', 'tr', 'td', 'th',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'img', 'section', 'article']);
const INLINE_TAGS = new Set(['span', 'strong', 'b', 'em', 'i', 'u', 's', 'strike', 'del', 'ins', 'code', 'font',
  'sup', 'sub', 'small', 'big', 'mark', 'ignore']);
const INVISIBLE = /[\u200b\u200c\u200d\u2060\ufeff]/g;

type Piece =
  | { readonly kind: 'text'; readonly text: string } // decoded
  | { readonly kind: 'break' }                        // whitespace that came from markup
  | { readonly kind: 'mention'; readonly inner: string };

function hrefOf(attributes: string): string | undefined {
  const m = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attributes);
  const raw = m ? (m[1] ?? m[2] ?? m[3]) : undefined;
  return raw === undefined ? undefined : decodeHtmlEntities(raw);
}

function mailtoAddress(href: string | undefined): string | undefined {
  if (!href || !/^mailto:/i.test(href)) return undefined;
  const target = href.slice('mailto:'.length).split('?')[0] ?? '';
  try {
    return decodeURIComponent(target);
  } catch (e: unknown) {
    if (!(e instanceof URIError)) throw e;
    return target; // malformed %-escape: keep the address as typed
  }
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, '');
}

function splitMarkup(text: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  const pushText = (raw: string): void => {
    if (raw) pieces.push({ kind: 'text', text: decodeHtmlEntities(raw) });
  };
  for (const m of text.matchAll(MARKUP)) {
    const index = m.index ?? 0;
    const [whole, atInner, anchorAttributes, anchorLabel, tagName] = m;
    if (atInner !== undefined) {
      pushText(text.slice(last, index));
      pieces.push({ kind: 'mention', inner: atInner });
    } else if (anchorLabel !== undefined) {
      pushText(text.slice(last, index));
      const address = mailtoAddress(hrefOf(anchorAttributes ?? ''));
      pieces.push({ kind: 'text', text: address ?? decodeHtmlEntities(stripTags(anchorLabel)) });
    } else {
      const name = (tagName ?? '').toLowerCase();
      if (BLOCK_TAGS.has(name)) {
        pushText(text.slice(last, index));
        pieces.push({ kind: 'break' });
      } else if (INLINE_TAGS.has(name)) {
        pushText(text.slice(last, index));
      } else {
        continue; // not markup we know: keep it as typed (it stays in the pending text)
      }
    }
    last = index + whole.length;
  }
  pushText(text.slice(last));
  return pieces;
}

export function toCommandText(input: CommandInput): CommandText {
  const pieces = splitMarkup(input.text.replace(INVISIBLE, ''));
  const runs = pieces.flatMap((p) => (p.kind === 'mention' ? [p.inner] : []));
  const matches = matchMentionRuns(runs, input.mentions, input.botId);
  const botName = input.mentions.find((m) => input.botId !== '' && m.id === input.botId)?.name;

  const tokens: Token[] = [];
  let pendingSpace = false;
  let runIndex = 0;
  const pushWords = (text: string): void => {
    for (const part of text.split(/(\s+)/)) {
      if (part === '') continue;
      if (/^\s+$/.test(part)) {
        pendingSpace = true;
      } else {
        tokens.push({ kind: 'word', text: part, spaceBefore: pendingSpace });
        pendingSpace = false;
      }
    }
  };

  for (const piece of pieces) {
    if (piece.kind === 'text') {
      pushWords(piece.text);
    } else if (piece.kind === 'break') {
      pendingSpace = true;
    } else {
      const match = matches[runIndex++] ?? { kind: 'none' };
      const display = decodeHtmlEntities(stripTags(piece.inner)).replace(/\s+/g, ' ').trim();
      if (match.kind === 'bot') {
        pendingSpace = true;
      } else if (display === '' && match.kind === 'none') {
        pendingSpace = true;
      } else {
        const shown = display || (match.kind === 'entity' ? match.entity.name : '');
        tokens.push({
          kind: 'mention',
          display: shown,
          spaceBefore: pendingSpace,
          ...(match.kind === 'entity' ? { entity: { id: match.entity.id, name: match.entity.name || shown } } : {}),
        });
        pendingSpace = false;
      }
    }
  }
  return botName === undefined ? { tokens } : { tokens, botName };
}
