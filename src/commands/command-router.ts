/** Finds the handler for a parsed command. Order matters only for overlapping matchers (there are none). */
import type { ParsedCommand } from './command';
import type { CommandContext } from './command-context';
import type { CommandHandler } from './command-handler';
import type { CommandServices } from './command-services';
import { helpCommand } from './help-command';
import { invalidCommand } from './invalid-command';
import { joinCommand } from './join-command';
import { leaveCommand } from './leave-command';
import { pageCommand } from './page-command';
import { startCommand } from './start-command';

const HANDLERS: readonly CommandHandler[] = [startCommand, helpCommand, invalidCommand, joinCommand, leaveCommand, pageCommand];

export async function dispatchCommand(parsed: ParsedCommand, ctx: CommandContext, services: CommandServices): Promise<void> {
  for (const h of HANDLERS) {
    if (h.matches(parsed)) {
      await h.handle(parsed, ctx, services);
      return;
    }
  }
  await helpCommand.handle({ kind: 'help', reason: 'unrecognised' }, ctx, services);
}
