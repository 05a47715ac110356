/** `help [topic]`, `?`, a bare @mention or anything unrecognised: the help card. */
import { catalogCard } from '../cards/catalog-card';
import type { HelpCommand } from './command';
import { defineCommand, PERSONAL } from './command-module';
import { renderTokens } from './grammar/tokens';
import type { VerbParser } from './grammar/verb';

const parseHelpCommand: VerbParser<HelpCommand> = (tokens, argsStart) => {
  const topic = renderTokens(tokens.slice(argsStart)).trim();
  return topic === '' ? { kind: 'help', reason: 'asked' } : { kind: 'help', reason: 'asked', text: topic };
};

export const help = defineCommand<HelpCommand>()({
  name: 'help',
  aliases: ['help', '?'],
  catalog: {
    name: 'help',
    also: ['?'],
    description: 'Show what I can do and examples of each command.',
    example: 'help',
    scopes: PERSONAL,
    available: true,
  },
  parse: parseHelpCommand,
  async handle(cmd, ctx, _services, catalog) {
    await ctx.sendCard(catalogCard(catalog, cmd.reason === 'unrecognised' ? cmd.text : undefined));
  },
});
