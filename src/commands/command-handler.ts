import type { ParsedCommand } from './command';
import type { CommandContext } from './command-context';
import type { CommandServices } from './command-services';

/** A command = a matcher over the parser's output + a handler. One file per command. */
export interface CommandHandler<C extends ParsedCommand = ParsedCommand> {
  readonly name: string;
  matches(parsed: ParsedCommand): parsed is C;
  handle(command: C, ctx: CommandContext, services: CommandServices): Promise<void>;
}
