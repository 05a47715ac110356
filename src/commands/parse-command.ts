/**
 * The pure command parser: activity text + mention entities → ParsedCommand. No I/O, no clock, no SDK.
 * The verbs are the registry's modules (registry.ts): their aliases, shorthands and grammars.
 */
import type { CommandInput } from './command';
import { LIMITS } from '../cards/limits';
import { refusedCommandInput, toCommandText } from './grammar/command-text';
import { isPunctuationOnly, stripTrailingPunctuation, type Token } from './grammar/tokens';
import { unrecognised } from './grammar/unrecognised';
import type { VerbContext } from './grammar/verb';
import { COMMAND_MODULES, type ParsedCommand, type RegisteredCommand } from './registry';

/** The word at tokens[index] as a verb candidate (`/start` from slash-command habits, `start:`), or undefined. */
function verbWord(tokens: readonly Token[], index: number, first: boolean): string | undefined {
  const token = tokens[index];
  if (token?.kind !== 'word') return undefined;
  let word = token.text.toLowerCase();
  if (first) word = word.replace(/^\//, '');
  if (/^\?+$/.test(word)) return '?';
  return stripTrailingPunctuation(word);
}

interface VerbMatch {
  readonly command: RegisteredCommand;
  readonly argsStart: number;
  readonly parse: RegisteredCommand['parse'];
}

function verbAt(tokens: readonly Token[], index: number): VerbMatch | undefined {
  let best: VerbMatch | undefined;
  for (const command of COMMAND_MODULES) {
    for (const alias of command.aliases) {
      const words = alias.split(' ');
      const argsStart = index + words.length;
      if (best && best.argsStart >= argsStart) continue;
      if (words.every((word, k) => verbWord(tokens, index + k, k === 0) === word)) best = { command, argsStart, parse: command.parse };
    }
  }
  if (best) return best;
  // A verb that is its own first argument (`sev2 [id]`) takes no word of its own.
  const shorthand = COMMAND_MODULES.find((c) => c.shorthand?.matches(tokens, index));
  return shorthand?.shorthand ? { command: shorthand, argsStart: index, parse: shorthand.shorthand.parse } : undefined;
}

/** @param maxLength longest text read (LIMITS.commandTextLength); longer text is refused before tokenising */
export function parseCommand(input: CommandInput, maxLength: number = LIMITS.commandTextLength): ParsedCommand {
  const refused = refusedCommandInput(input, maxLength);
  if (refused) return refused;
  const { tokens: all, botName } = toCommandText(input);
  // Punctuation left over around the bot's mention ("@IncidentBridge: start …", "… - start") is not a command.
  const first = all.findIndex((token, index) =>
    token.kind !== 'word' || !isPunctuationOnly(token.text) || verbAt(all, index) !== undefined);
  const tokens = first < 0 ? [] : all.slice(first);
  if (tokens.length === 0) return { kind: 'help', reason: 'empty' };

  const match = verbAt(tokens, 0);
  if (!match) return unrecognised(tokens);
  const { command, argsStart, parse } = match;
  const context: VerbContext = botName === undefined ? { command: command.name } : { command: command.name, botName };
  return parse(tokens, argsStart, context);
}
