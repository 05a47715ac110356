/**
 * The pure command parser: activity text + mention entities → ParsedCommand. No I/O, no clock, no SDK.
 *
 * To add a verb: write `parser/<verb>-command.ts` exporting a VerbParser (parser/verb.ts) and add one row to VERBS.
 */
import type { CommandInput, HelpCommand, ParsedCommand } from './command';
import { toCommandText } from './parser/command-text';
import { parseHelpCommand } from './parser/help-command';
import { parseStartCommand } from './parser/start-command';
import { isPunctuationOnly, renderTokens, type Token } from './parser/tokens';
import type { VerbContext, VerbParser } from './parser/verb';

interface Verb {
  /** Name reported in InvalidCommand.command. */
  readonly command: string;
  /** Words that invoke it (lower case). */
  readonly aliases: readonly string[];
  readonly parse: VerbParser;
}

const VERBS: readonly Verb[] = [
  { command: 'start', aliases: ['start', 'incident', 'bridge'], parse: parseStartCommand },
  { command: 'help', aliases: ['help', '?'], parse: parseHelpCommand },
];

const MAX_ECHO_LENGTH = 200;

function verbFor(token: Token | undefined): Verb | undefined {
  if (!token || token.kind !== 'word') return undefined;
  let word = token.text.toLowerCase().replace(/^\//, ''); // "/start" from slash-command habits
  if (/^\?+$/.test(word)) word = '?';
  else word = word.replace(/[.,;:!?]+$/, '');
  return VERBS.find((verb) => verb.aliases.includes(word));
}

function unrecognised(tokens: readonly Token[]): HelpCommand {
  const text = renderTokens(tokens);
  return {
    kind: 'help',
    reason: 'unrecognised',
    text: text.length > MAX_ECHO_LENGTH ? `${text.slice(0, MAX_ECHO_LENGTH - 1)}…` : text,
  };
}

export function parseCommand(input: CommandInput): ParsedCommand {
  const { tokens: all, botName } = toCommandText(input);
  // Punctuation left over around the bot's mention ("@IncidentBridge: start …", "… - start") is not a command.
  const first = all.findIndex((token) => verbFor(token) !== undefined || token.kind !== 'word' || !isPunctuationOnly(token.text));
  const tokens = first < 0 ? [] : all.slice(first);
  if (tokens.length === 0) return { kind: 'help', reason: 'empty' };

  const verb = verbFor(tokens[0]);
  if (!verb) return unrecognised(tokens);
  const context: VerbContext = botName === undefined ? { command: verb.command } : { command: verb.command, botName };
  return verb.parse(tokens, 1, context);
}
