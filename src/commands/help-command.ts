/** `help`, `?`, a bare @mention or anything unrecognised: the help card. */
import { helpCard } from '../cards/help-card';
import type { HelpCommand, ParsedCommand } from './command';
import type { CommandHandler } from './command-handler';

export const helpCommand: CommandHandler<HelpCommand> = {
  name: 'help',
  matches: (p: ParsedCommand): p is HelpCommand => p.kind === 'help',
  async handle(cmd, ctx) {
    await ctx.sendCard(helpCard(cmd.reason === 'unrecognised' ? cmd.text : undefined));
  },
};
