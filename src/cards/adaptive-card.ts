import { fitCard } from './card-size';
import type { AdaptiveCard, CardAction, CardElement } from './card-types';

export type { AdaptiveCard, CardAction, CardElement, ContainerStyle } from './card-types';

/** Every card the bot builds: fitted under Teams' payload limit (card-size.ts). */
export function card(body: CardElement[], actions?: CardAction[]): AdaptiveCard {
  return fitCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions && actions.length > 0 ? { actions } : {}),
    msteams: { width: 'Full' },
  });
}

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/**
 * Text that Teams must show literally: Adaptive Card TextBlocks render a Markdown subset and evaluate
 * `{{DATE()}}`/`{{TIME()}}`. Escapes Markdown on every line (list markers, headings, emphasis, links),
 * strips bidi controls, and breaks `{{` so user text cannot inject a text function.
 */
export function plain(text: string): string {
  return text
    .replace(BIDI_CONTROLS, '')
    .replace(/\{(?=\{)/g, '')
    .replace(/\}(?=\})/g, '')
    .replace(/([\\*_`[\]#>~|])/g, '\\$1')
    .replace(/^([ \t]*)(\d+)([.)])/gm, '$1$2\\$3')
    .replace(/^([ \t]*)([-+])/gm, '$1\\$2');
}
