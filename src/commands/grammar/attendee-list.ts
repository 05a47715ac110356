/**
 * The list after `with`: Teams @mentions and e-mail addresses/UPNs separated by spaces, commas, semicolons, "and",
 * "&" or "+". Addresses are lower-cased, `mailto:`, `<…>`, quotes and trailing punctuation removed. Duplicates
 * (same mention id, same address) are kept once. Anything else is collected as "ignored" phrases.
 */
import type { AttendeeRequest } from '../../incidents/incident';
import { isPunctuationOnly, keywordOf, stripTrailingPunctuation, trimEndOf, trimStartOf, type Token } from './tokens';

export interface AttendeeList {
  /** Index just after the list. */
  readonly end: number;
  readonly attendees: readonly AttendeeRequest[];
  readonly ignored: readonly string[];
}

const LOCAL = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*";
const DOMAIN = '(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}';
const EMAIL = new RegExp(`^${LOCAL}@${DOMAIN}$`);
const SEPARATOR_WORDS = new Set(['and', '&', '+', 'with']);
/** RFC 5321: a path is at most 256 octets, so an address is at most 254 characters. */
const MAX_ADDRESS_LENGTH = 254;
const OPENING_WRAPPERS = '"\'“”‘’([{';
const CLOSING_WRAPPERS = '"\'“”‘’)]}';
/**
 * Separators and `with`s accepted before the first item ("with , @Megan"). Bounded, so reading a list from every
 * start position of `with with with …` or `page and and and …` costs constant work per position, not a rescan of
 * the rest of the message (which made those messages quadratic).
 */
const MAX_LEADING_SEPARATORS = 4;

export interface AddressToken {
  readonly address: string;
  /** Typed as `<address>` (as in `Patti Fernandez <patti@contoso.com>`): the words before it name the address. */
  readonly angled: boolean;
}

/** An e-mail address or UPN in any of the shapes people and clients produce, or undefined. */
export function toAddress(text: string): AddressToken | undefined {
  let value = text.trim();
  if (value.length > MAX_ADDRESS_LENGTH * 2) return undefined; // no address is that long (and the unwrapping is bounded)
  const markdown = /^\[([^\]]*)\]\((?:mailto:)?([^)]*)\)$/i.exec(value); // [label](mailto:addr)
  if (markdown) value = markdown[2] ?? '';
  value = stripTrailingPunctuation(value);
  let angled = false;
  for (;;) {
    const before = value;
    value = trimEndOf(trimStartOf(value, OPENING_WRAPPERS), CLOSING_WRAPPERS);
    if (value.startsWith('<') && value.endsWith('>') && value.length >= 2) {
      angled = true;
      value = value.slice(1, -1);
    }
    value = stripTrailingPunctuation(value.replace(/^mailto:/i, ''));
    if (value === before) break;
  }
  if (value.length > MAX_ADDRESS_LENGTH) return undefined;
  const address = value.toLowerCase();
  return EMAIL.test(address) ? { address, angled } : undefined;
}

/**
 * Reads the list starting at tokens[start] (just after `with`). Returns undefined unless the first item is a mention
 * or an address — so "Problems with checkout" is not a list. Stops before `stopAt(i)` is true (an `at`/`for` clause).
 */
export function parseAttendeeList(
  tokens: readonly Token[],
  start: number,
  stopAt: (index: number) => boolean,
): AttendeeList | undefined {
  const attendees: AttendeeRequest[] = [];
  const ignored: string[] = [];
  const seen = new Set<string>();
  let phrase: string[] = [];
  let started = false;

  const flush = (): void => {
    if (phrase.length > 0) ignored.push(phrase.join(' '));
    phrase = [];
  };
  const add = (key: string, attendee: AttendeeRequest): void => {
    flush();
    started = true;
    if (seen.has(key)) return;
    seen.add(key);
    attendees.push(attendee);
  };

  let i = start;
  for (; i < tokens.length && !stopAt(i); i++) {
    const token = tokens[i];
    if (!token) break;
    if (!started && i - start >= MAX_LEADING_SEPARATORS) return undefined;
    if (token.kind === 'mention') {
      if (token.entity) {
        add(`mention:${token.entity.id}`, { kind: 'mention', channelUserId: token.entity.id, name: token.entity.name });
      } else if (!started) {
        return undefined;
      } else {
        phrase.push(token.display);
      }
      continue;
    }
    if (keywordOf(token) === 'with') { flush(); continue; } // "with @Megan with @Adele"
    // A word can hold several items: "a@x.com,b@y.com;" → split on commas and semicolons (they separate items).
    const parts = token.text.split(/([,;]+)/);
    for (const part of parts) {
      if (part === '') continue;
      if (/^[,;]+$/.test(part)) { flush(); continue; }
      if (SEPARATOR_WORDS.has(part.toLowerCase()) || isPunctuationOnly(part)) { flush(); continue; }
      const address = toAddress(part);
      if (address) {
        if (address.angled) phrase = []; // "Patti Fernandez <patti@…>": the name belongs to the address
        add(`email:${address.address}`, { kind: 'email', address: address.address });
      } else if (!started) {
        return undefined;
      } else {
        phrase.push(trimEndOf(part, '.,:'));
      }
    }
  }
  flush();
  return started ? { end: i, attendees, ignored } : undefined;
}
