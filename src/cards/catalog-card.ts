/**
 * The help card's body: every available command of a catalog with an example. Pure: the help command passes the
 * registry's catalog (help-card.ts binds it for the welcome card), so the help card and the manifest read one list.
 */
import type { CommandCatalogEntry } from '../commands/command-module';
import type { AdaptiveCard, CardElement } from './adaptive-card';
import { card, plain } from './adaptive-card';
import { startForm } from './start-form';

export function catalogCard(catalog: readonly CommandCatalogEntry[], unrecognised?: string): AdaptiveCard {
  const body: CardElement[] = [];
  if (unrecognised !== undefined && unrecognised.trim() !== '') {
    body.push({ type: 'TextBlock', wrap: true, color: 'Warning', text: `I did not understand "${plain(unrecognised.slice(0, 120))}". Here is what I can do:` });
  }
  body.push({ type: 'TextBlock', text: 'Incident Bridge', weight: 'Bolder', size: 'Medium' });
  body.push({
    type: 'TextBlock',
    wrap: true,
    text: 'I open a Teams meeting for an incident, invite the people you name and post a card with the join link. In group chats and channels, @mention me first.',
  });
  for (const c of catalog.filter((x) => x.available)) {
    body.push({
      type: 'Container',
      spacing: 'Medium',
      items: [
        { type: 'TextBlock', wrap: true, weight: 'Bolder', text: plain(c.name) },
        { type: 'TextBlock', wrap: true, spacing: 'None', text: plain(c.description) },
        { type: 'TextBlock', wrap: true, spacing: 'Small', fontType: 'Monospace', isSubtle: true, text: plain(c.example) },
      ],
    });
  }
  body.push({
    type: 'TextBlock',
    wrap: true,
    spacing: 'Medium',
    isSubtle: true,
    size: 'Small',
    text: 'Severity is sev1 (critical) to sev4 (low); sev3 when left out. Only people after "with" are invited; @mentions in the title stay part of the title.',
  });
  return card(body, [{ type: 'Action.ShowCard', title: 'Start an incident', card: startForm() }]);
}
