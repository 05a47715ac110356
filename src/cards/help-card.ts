/** The help (and welcome) card: every available command with an example, from the registry the manifest reads. */
import { COMMAND_CATALOG } from '../commands/registry';
import type { AdaptiveCard } from './adaptive-card';
import { catalogCard } from './catalog-card';

export function helpCard(unrecognised?: string): AdaptiveCard {
  return catalogCard(COMMAND_CATALOG, unrecognised);
}
