/** Finds the handler for a parsed command. Order matters only for overlapping matchers (there are none). */
import { alertsCommand } from './alerts';
import type { ParsedCommand } from './command';
import type { CommandContext } from './command-context';
import type { CommandHandler } from './command-handler';
import type { CommandServices } from './command-services';
import { commanderCommand } from './commander-command';
import { exportCommand } from './export-command';
import { helpCommand } from './help-command';
import { invalidCommand } from './invalid-command';
import { joinCommand } from './join-command';
import { leaveCommand } from './leave-command';
import { listCommand } from './list-command';
import { noteCommand } from './note-command';
import { pageCommand } from './page-command';
import { refusingResolved } from './refuse-resolved';
import { reopenCommand } from './reopen-command';
import { resolveCommand } from './resolve-command';
import { severityCommand } from './severity-command';
import { startCommand } from './start-command';
import { statusCommand } from './status-command';

const HANDLERS: readonly CommandHandler[] = [
  startCommand, helpCommand, invalidCommand,
  refusingResolved(joinCommand), leaveCommand, refusingResolved(pageCommand),
  listCommand, statusCommand, commanderCommand, severityCommand, noteCommand, resolveCommand, reopenCommand, exportCommand,
  alertsCommand,
];

export async function dispatchCommand(parsed: ParsedCommand, ctx: CommandContext, services: CommandServices): Promise<void> {
  for (const h of HANDLERS) {
    if (h.matches(parsed)) {
      await h.handle(parsed, ctx, services);
      return;
    }
  }
  await helpCommand.handle({ kind: 'help', reason: 'unrecognised' }, ctx, services);
}
