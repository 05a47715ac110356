/**
 * The card-size guard: Teams refuses a message over 28 KB, and an oversized card update freezes the card.
 * Every card goes through `fitCard` (from `card()`), which trims long lists and free text with a visible
 * "…and N more" / ellipsis instead of failing.
 */
import type { AdaptiveCard, CardAction, CardElement } from './card-types';
import { LIMITS } from './limits';

const ATTACHMENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Bytes of the card as the activity attachment Teams receives (UTF-8 JSON). */
export function attachmentBytes(c: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify({ contentType: ATTACHMENT_TYPE, content: c }), 'utf8');
}

/** Text cut to `max` characters with a visible ellipsis (never inside a surrogate pair or a `\` escape). */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  if (cut > 0 && /[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut -= 1;
  let head = text.slice(0, cut);
  if (/(^|[^\\])(\\\\)*\\$/.test(head)) head = head.slice(0, -1);
  return `${head}…`;
}

/** A list shown as "a, b, c …and 180 more: type `export <id>` for all". */
export function listText(items: readonly string[], max: number = LIMITS.listItems, incidentId?: string): string {
  if (items.length <= max) return items.join(', ');
  const rest = items.length - max;
  return `${items.slice(0, max).join(', ')} …and ${rest} more${incidentId ? `: type "export ${incidentId}" for all` : ''}`;
}

function more(n: number): CardElement {
  return { type: 'TextBlock', wrap: true, isSubtle: true, size: 'Small', spacing: 'None', text: `…and ${n} more: type "export" for all.` };
}

function trimItems(items: CardElement[], max: number): CardElement[] {
  const fitted = items.map((e) => fitElement(e, max));
  if (fitted.length <= max) return fitted;
  return [...fitted.slice(0, max), more(fitted.length - max)];
}

function fitActions(actions: CardAction[], textMax: number): CardAction[] {
  return actions.map((a) => (a.type === 'Action.ShowCard' ? { ...a, card: fitBody(a.card, textMax) } : a));
}

function fitElement(e: CardElement, textMax: number): CardElement {
  switch (e.type) {
    case 'TextBlock':
      return { ...e, text: truncateText(e.text, textMax) };
    case 'FactSet':
      return { ...e, facts: e.facts.slice(0, LIMITS.listRows).map((f) => ({ title: truncateText(f.title, LIMITS.nameLength), value: truncateText(f.value, textMax) })) };
    case 'Container':
      return { ...e, items: trimItems(e.items, LIMITS.listRows) };
    case 'ColumnSet':
      return { ...e, columns: e.columns.map((c) => ({ ...c, items: c.items.map((i) => fitElement(i, textMax)) })) };
    case 'ActionSet':
      return { ...e, actions: fitActions(e.actions, textMax) };
    case 'Input.ChoiceSet':
      return { ...e, choices: e.choices.slice(0, LIMITS.choices).map((c) => ({ ...c, title: truncateText(c.title, LIMITS.nameLength) })) };
    default:
      return e;
  }
}

function fitBody(c: AdaptiveCard, textMax: number): AdaptiveCard {
  const body = c.body.length > LIMITS.listRows * 2 ? [...c.body.slice(0, LIMITS.listRows * 2), more(c.body.length - LIMITS.listRows * 2)] : c.body;
  return { ...c, body: body.map((e) => fitElement(e, textMax)), ...(c.actions ? { actions: fitActions(c.actions, textMax) } : {}) };
}

/**
 * The card itself when it fits `budget` bytes; otherwise the same card with lists trimmed and long texts cut,
 * halving the text cap until it fits (or a final short notice, so sending never fails).
 */
export function fitCard(c: AdaptiveCard, budget: number = LIMITS.cardBytes): AdaptiveCard {
  if (attachmentBytes(c) <= budget) return c;
  for (let textMax: number = LIMITS.textLength; textMax >= 40; textMax = Math.floor(textMax / 2)) {
    const fitted = fitBody(c, textMax);
    if (attachmentBytes(fitted) <= budget) return fitted;
  }
  return { ...c, body: [{ type: 'TextBlock', wrap: true, text: 'This card was too large for Teams. Type "export" for the full details.' }], actions: [] };
}
