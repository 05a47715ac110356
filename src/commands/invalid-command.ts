/** A recognised command with something missing or wrong: answered through the common error card. */
import { CommandError } from '../errors/app-error';
import type { InvalidCommand, ParsedCommand } from './command';
import type { CommandHandler } from './command-handler';

export const invalidCommand: CommandHandler<InvalidCommand> = {
  name: 'invalid',
  matches: (p: ParsedCommand): p is InvalidCommand => p.kind === 'invalid',
  async handle(cmd) {
    throw new CommandError(cmd.code, cmd.message, cmd.hint);
  },
};
