/** What every verb parser gets and returns. Verb parsers live in their command's file (src/commands/<verb>.ts). */
import type { HelpCommand, InvalidCommand } from '../command';
import type { Token } from './tokens';

export interface VerbContext {
  /** The command name used in results (e.g. `start` for all its aliases). */
  readonly command: string;
  /** The bot's display name when it was @mentioned, to write examples the way the user addresses the bot. */
  readonly botName?: string;
}

/**
 * Parses the arguments tokens[argsStart..] of a recognised verb. tokens[argsStart - 1] is the verb's (last) word,
 * except for a verb that is its own argument (`sev2 [id]`: argsStart is the severity).
 */
export type VerbParser<C> = (tokens: readonly Token[], argsStart: number, context: VerbContext) => C | InvalidCommand | HelpCommand;
