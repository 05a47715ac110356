/**
 * The pure command parser: activity text + mention entities → ParsedCommand. No I/O, no clock, no SDK.
 *
 * To add a verb: write `grammar/<verb>-command.ts` exporting a VerbParser (grammar/verb.ts) and add one row to VERBS.
 */
import type { CommandInput, ParsedCommand } from './command';
import { LIMITS } from '../cards/limits';
import { refusedCommandInput, toCommandText } from './grammar/command-text';
import { parseCommanderCommand } from './grammar/commander-command';
import { parseExportCommand } from './grammar/export-command';
import { parseHelpCommand } from './grammar/help-command';
import { parseJoinCommand } from './grammar/join-command';
import { parseLeaveCommand } from './grammar/leave-command';
import { parseListCommand } from './grammar/list-command';
import { parseNoteCommand } from './grammar/note-command';
import { parsePageCommand } from './grammar/page-command';
import { parseReopenCommand } from './grammar/reopen-command';
import { parseResolveCommand } from './grammar/resolve-command';
import { matchSeverity } from './grammar/severity';
import { parseSeverityCommand, parseSeverityShorthand } from './grammar/severity-command';
import { parseStartCommand } from './grammar/start-command';
import { parseStatusCommand } from './grammar/status-command';
import { isPunctuationOnly, stripTrailingPunctuation, type Token } from './grammar/tokens';
import { unrecognised } from './grammar/unrecognised';
import type { VerbContext, VerbParser } from './grammar/verb';

interface Verb {
  /** Name reported in InvalidCommand.command. */
  readonly command: string;
  /** What invokes it (lower case); an alias of several words ('hang up') is typed as separate words. */
  readonly aliases: readonly string[];
  readonly parse: VerbParser;
}

const VERBS: readonly Verb[] = [
  { command: 'start', aliases: ['start', 'incident', 'bridge'], parse: parseStartCommand },
  { command: 'help', aliases: ['help', '?'], parse: parseHelpCommand },
  { command: 'join', aliases: ['join', 'rejoin'], parse: parseJoinCommand },
  { command: 'leave', aliases: ['leave', 'hangup', 'hang-up', 'hang up'], parse: parseLeaveCommand },
  { command: 'page', aliases: ['page', 'ring'], parse: parsePageCommand },
  { command: 'list', aliases: ['list'], parse: parseListCommand },
  { command: 'status', aliases: ['status'], parse: parseStatusCommand },
  { command: 'commander', aliases: ['commander', 'ic'], parse: parseCommanderCommand },
  { command: 'severity', aliases: ['severity'], parse: parseSeverityCommand },
  { command: 'note', aliases: ['note'], parse: parseNoteCommand },
  { command: 'resolve', aliases: ['resolve', 'resolved'], parse: parseResolveCommand },
  { command: 'reopen', aliases: ['reopen', 're-open'], parse: parseReopenCommand },
  { command: 'export', aliases: ['export'], parse: parseExportCommand },
];

/** `sev1`…`sev4` as the verb: it takes no word of its own, the severity is its first argument. */
const SEVERITY_SHORTHAND: Verb = { command: 'severity', aliases: [], parse: parseSeverityShorthand };

/** The word at tokens[index] as a verb candidate (`/start` from slash-command habits, `start:`), or undefined. */
function verbWord(tokens: readonly Token[], index: number, first: boolean): string | undefined {
  const token = tokens[index];
  if (!token || token.kind !== 'word') return undefined;
  let word = token.text.toLowerCase();
  if (first) word = word.replace(/^\//, '');
  if (/^\?+$/.test(word)) return '?';
  return stripTrailingPunctuation(word);
}

interface VerbMatch {
  readonly verb: Verb;
  readonly argsStart: number;
}

function verbAt(tokens: readonly Token[], index: number): VerbMatch | undefined {
  let best: VerbMatch | undefined;
  for (const verb of VERBS) {
    for (const alias of verb.aliases) {
      const words = alias.split(' ');
      const argsStart = index + words.length;
      if (best && best.argsStart >= argsStart) continue;
      if (words.every((word, k) => verbWord(tokens, index + k, k === 0) === word)) best = { verb, argsStart };
    }
  }
  if (best) return best;
  if (matchSeverity(tokens, index).kind !== 'none') return { verb: SEVERITY_SHORTHAND, argsStart: index };
  return undefined;
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
  const { verb, argsStart } = match;
  const context: VerbContext = botName === undefined ? { command: verb.command } : { command: verb.command, botName };
  return verb.parse(tokens, argsStart, context);
}
