/**
 * activity.text → tokens.
 *
 * What Teams delivers (msteams-docs, botbuilder issues): plain text with `<at>Name</at>` for each mention, often a
 * leading "\r\n" and a trailing "\n", HTML character references in places (`&amp;`, `&nbsp;`, `&#39;`). Links are
 * normally flattened to their label, but clients and simulators differ, so `<a href="mailto:…">` is read (the address
 * is kept) and block tags (`<p>`, `<div>`, `<br>`) become whitespace, inline formatting tags are dropped. Any other
 * `<word>` is left as the user typed it. The bot's own mentions are removed wherever they are.
 */
import { LIMITS } from '../../cards/limits';
import type { CommandInput, InvalidCommand } from '../command';
import { decodeHtmlEntities } from './html-entities';
import { ForwardFinder, stripTags, tagNameLength } from './markup-scan';
import { matchMentionRuns } from './mention-matching';
import type { Token } from './tokens';

export interface CommandText {
  readonly tokens: readonly Token[];
  /** The bot's display name when the message mentioned it (for help texts), else undefined. */
  readonly botName?: string;
}

/**
 * The markup read, in the order a regex alternation would try it at each `<`:
 * `<at …>inner</at>` (a mention), `<a …>label</a>` (a link), `</?name …>` (any other tag). Scanned by markup-scan.ts
 * in one pass (the equivalent regex was quadratic on unclosed `<at>` runs).
 */
const BLOCK_TAGS = new Set(['p', 'div', 'br', 'hr', 'li', 'ul', 'ol', 'blockquote', 'pre', 'table', 'tr', 'td', 'th',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'img', 'section', 'article']);
const INLINE_TAGS = new Set(['span', 'strong', 'b', 'em', 'i', 'u', 's', 'strike', 'del', 'ins', 'code', 'font',
  'sup', 'sub', 'small', 'big', 'mark', 'ignore']);
const INVISIBLE = /\u200b|\u200c|\u200d|\u2060|\ufeff/g;

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

type Tag =
  | { readonly kind: 'mention'; readonly end: number; readonly inner: string }
  | { readonly kind: 'anchor'; readonly end: number; readonly attributes: string; readonly label: string }
  | { readonly kind: 'tag'; readonly end: number; readonly name: string };

interface Finders {
  readonly gt: ForwardFinder;
  readonly lt: ForwardFinder;
  readonly atClose: ForwardFinder;
  readonly anchorClose: ForwardFinder;
}

/** `<name …>content</name>` starting at text[lt], where the name (length nameLength) is already read. */
function element(text: string, lt: number, nameLength: number, close: ForwardFinder, f: Finders) {
  const gt = f.gt.next(lt + 1 + nameLength);
  if (!gt) return undefined;
  const end = close.next(gt.index + 1);
  if (!end) return undefined;
  return { end: end.index + end.length, attributes: text.slice(lt + 1 + nameLength, gt.index), content: text.slice(gt.index + 1, end.index) };
}

function tagAt(text: string, lt: number, f: Finders): Tag | undefined {
  const nameLength = tagNameLength(text, lt + 1);
  const name = text.slice(lt + 1, lt + 1 + nameLength).toLowerCase();
  if (name === 'at') {
    const m = element(text, lt, nameLength, f.atClose, f);
    if (m) return { kind: 'mention', end: m.end, inner: m.content };
  } else if (name === 'a') {
    const m = element(text, lt, nameLength, f.anchorClose, f);
    if (m) return { kind: 'anchor', end: m.end, attributes: m.attributes, label: m.content };
  }
  const slash = text[lt + 1] === '/' ? 1 : 0;
  const tagLength = slash === 0 ? nameLength : tagNameLength(text, lt + 2);
  if (tagLength === 0) return undefined;
  const nameEnd = lt + 1 + slash + tagLength;
  const gt = f.gt.next(nameEnd);
  const nextLt = f.lt.next(nameEnd);
  if (!gt || (nextLt && nextLt.index < gt.index)) return undefined;
  return { kind: 'tag', end: gt.index + 1, name: text.slice(lt + 1 + slash, nameEnd).toLowerCase() };
}

function splitMarkup(text: string): Piece[] {
  const pieces: Piece[] = [];
  const pushText = (raw: string): void => {
    if (raw) pieces.push({ kind: 'text', text: decodeHtmlEntities(raw) });
  };
  const finders: Finders = {
    gt: new ForwardFinder(text, '>'),
    lt: new ForwardFinder(text, '<'),
    atClose: new ForwardFinder(text, '<\\/at\\s*>'),
    anchorClose: new ForwardFinder(text, '<\\/a\\s*>'),
  };
  let last = 0;
  let i = 0;
  for (let lt = text.indexOf('<', i); lt >= 0; lt = text.indexOf('<', i)) {
    const tag = tagAt(text, lt, finders);
    if (!tag) { i = lt + 1; continue; }
    i = tag.end;
    if (tag.kind === 'mention') {
      pushText(text.slice(last, lt));
      pieces.push({ kind: 'mention', inner: tag.inner });
    } else if (tag.kind === 'anchor') {
      pushText(text.slice(last, lt));
      const address = mailtoAddress(hrefOf(tag.attributes));
      pieces.push({ kind: 'text', text: address ?? decodeHtmlEntities(stripTags(tag.label)) });
    } else if (BLOCK_TAGS.has(tag.name)) {
      pushText(text.slice(last, lt));
      pieces.push({ kind: 'break' });
    } else if (INLINE_TAGS.has(tag.name)) {
      pushText(text.slice(last, lt));
    } else {
      continue; // not markup we know: keep it as typed (it stays in the pending text)
    }
    last = tag.end;
  }
  pushText(text.slice(last));
  return pieces;
}

/**
 * The refusal of a message the parser will not read, or undefined: text over `limit` characters, or more mention
 * entities than LIMITS.mentions (each one becomes a directory look-up). Checked before tokenising, so no message
 * costs more than reading `limit` characters.
 */
export function refusedCommandInput(input: CommandInput, limit: number): InvalidCommand | undefined {
  const n = (value: number): string => value.toLocaleString('en-US');
  if (input.text.length > limit) {
    return {
      kind: 'invalid',
      command: 'message',
      code: 'COMMAND_INVALID',
      message: `Your message is ${n(input.text.length)} characters long; commands take at most ${n(limit)}.`,
      hint: 'Shorten it: keep the title short, page people in a second message, and put long details in notes '
        + `(up to ${n(LIMITS.summaryLength)} characters each) or the meeting chat.`,
    };
  }
  if (input.mentions.length > LIMITS.mentions) {
    return {
      kind: 'invalid',
      command: 'message',
      code: 'COMMAND_INVALID',
      message: `Your message mentions ${n(input.mentions.length)} people; one command may mention at most ${n(LIMITS.mentions)}.`,
      hint: `Name up to ${LIMITS.attendees} people per command; page the others in a second message.`,
    };
  }
  return undefined;
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
