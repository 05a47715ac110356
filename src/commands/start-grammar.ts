/**
 * `start|incident|bridge [sev1..sev4] <title> [at <time>] [for <duration>] [with <attendee>…]`, plus meeting flags
 * (`+calendar`, `+record`, `+lobby:<scope>`, `+presenters:<who>`; see meeting-flags.ts) anywhere after the verb.
 *
 * Flags are taken out first, so they never become title words and do not interrupt clauses or the `with` list.
 * The clauses (`at`, `for`, `with`) follow the title in any order. The title ends at the earliest position from
 * which the rest of the message reads entirely as clauses; a keyword whose value does not fit (`at checkout`,
 * `with checkout`, `for 3 customers`) is just a title word. Quoted words are never keywords.
 */
import { attendeeKey, type AttendeeRequest, type Severity } from '../incidents/incident';
import { DEFAULT_SEVERITY } from '../incidents/incident';
import type { InvalidCommand, MeetingOptionFlags, ScheduleRequest, StartAt } from './command';
import { parseAttendeeList } from './grammar/attendee-list';
import { ISO_EXAMPLE_HINT } from './grammar/date-time';
import { findQuotedSpans, quotedFlags } from './grammar/quotes';
import { matchDuration, matchStartAt, RELATIVE_DAY_MESSAGE, type ClauseMatch } from './grammar/schedule';
import { extractMeetingFlags } from './grammar/meeting-flags';
import { matchSeverity } from './grammar/severity';
import { buildTitle, MAX_TITLE_LENGTH } from './grammar/title';
import { isPunctuationOnly, keywordOf, type Token } from './grammar/tokens';
import type { VerbContext, VerbParser } from './grammar/verb';

/** What `start` (and the Start form, start.ts) produces. */
export interface StartCommand {
  readonly kind: 'start';
  readonly severity: Severity;
  /** true when the user typed the severity; false when it is the default. */
  readonly severityExplicit: boolean;
  readonly title: string;
  readonly attendees: readonly AttendeeRequest[];
  readonly schedule: ScheduleRequest;
  /** `+calendar`: create an Outlook calendar event with a Teams meeting instead of a bare online meeting. */
  readonly calendar?: boolean;
  readonly options?: MeetingOptionFlags;
  /** Words after `with` that are neither a mention nor an e-mail address (shown back to the requester). Absent when none. */
  readonly ignored?: readonly string[];
}

type Clause =
  | { readonly kind: 'at'; readonly match: Exclude<ClauseMatch<StartAt>, { kind: 'none' }> }
  | { readonly kind: 'for'; readonly match: Exclude<ClauseMatch<number>, { kind: 'none' }> };

interface Clauses {
  readonly startAts: StartAt[];
  readonly durations: number[];
  readonly attendees: AttendeeRequest[];
  readonly ignored: string[];
  readonly problems: { readonly message: string; readonly hint: string }[];
}

function clauseAt(tokens: readonly Token[], quoted: readonly boolean[], index: number): Clause | undefined {
  if (quoted[index]) return undefined;
  const keyword = keywordOf(tokens[index]);
  if (keyword === 'at') {
    const match = matchStartAt(tokens, index + 1);
    return match.kind === 'none' ? undefined : { kind: 'at', match };
  }
  if (keyword === 'for') {
    const match = matchDuration(tokens, index + 1);
    return match.kind === 'none' ? undefined : { kind: 'for', match };
  }
  return undefined;
}


/**
 * Reads tokens[from..] as a sequence of clauses, or undefined when something in it is not a clause. Every clause
 * start it passes is added to `starts`: when the read fails, none of them can start a valid suffix either.
 */
function readClauses(
  tokens: readonly Token[],
  quoted: readonly boolean[],
  schedule: readonly (Clause | undefined)[],
  from: number,
  starts: Set<number>,
): Clauses | undefined {
  const clauses: Clauses = { startAts: [], durations: [], attendees: [], ignored: [], problems: [] };
  const seen = new Set<string>();
  const stopAt = (index: number): boolean => schedule[index] !== undefined;
  let i = from;
  while (i < tokens.length) {
    const token = tokens[i];
    if (!token) break;
    if (i > from && token.kind === 'word' && isPunctuationOnly(token.text)) { i++; continue; }
    if (quoted[i]) return undefined;
    starts.add(i);
    if (keywordOf(token) === 'with') {
      const list = parseAttendeeList(tokens, i + 1, stopAt);
      if (!list) return undefined;
      // A `with` inside the list reads to the same end: a dead end too (else `with @a with @a … x` is quadratic).
      for (let k = i + 1; k < list.end; k++) if (keywordOf(tokens[k]) === 'with') starts.add(k);
      for (const attendee of list.attendees) {
        const key = attendeeKey(attendee);
        if (!seen.has(key)) { seen.add(key); clauses.attendees.push(attendee); }
      }
      clauses.ignored.push(...list.ignored);
      i = list.end;
      continue;
    }
    const clause = schedule[i];
    if (!clause) return undefined;
    if (clause.match.kind === 'malformed') {
      clauses.problems.push({ message: clause.match.message, hint: clause.match.hint });
    } else if (clause.kind === 'at') {
      clauses.startAts.push(clause.match.value);
    } else {
      clauses.durations.push(clause.match.value);
    }
    i += 1 + clause.match.consumed;
  }
  return clauses;
}

function example(context: VerbContext): string {
  const prefix = context.botName ? `@${context.botName} ` : '';
  return `${prefix}${context.command} sev2 Checkout API returning 500s with @Megan Bowen`;
}

function invalid(context: VerbContext, code: InvalidCommand['code'], message: string, hint: string): InvalidCommand {
  return { kind: 'invalid', command: context.command, code, message, hint };
}

export const parseStartCommand: VerbParser<StartCommand> = (typed, argsStart, context) => {
  const flags = extractMeetingFlags(typed, argsStart, quotedFlags(typed.length, findQuotedSpans(typed, argsStart)));
  if (flags.problem) return invalid(context, 'COMMAND_INVALID', flags.problem.message, flags.problem.hint);
  const tokens = flags.tokens;

  const severity = matchSeverity(tokens, argsStart);
  if (severity.kind === 'out-of-range') {
    return invalid(context, 'COMMAND_INVALID', `"${severity.text}" is not a severity: use sev1, sev2, sev3 or sev4.`,
      `Example: ${example(context)}`);
  }
  const titleStart = argsStart + (severity.kind === 'severity' ? severity.consumed : 0);

  const spans = findQuotedSpans(tokens, titleStart);
  const quoted = quotedFlags(tokens.length, spans);
  const schedule = tokens.map((_token, i) => (i >= titleStart ? clauseAt(tokens, quoted, i) : undefined));

  let titleEnd = tokens.length;
  let clauses: Clauses | undefined;
  const deadEnds = new Set<number>(); // clause starts from which the rest is known not to be all clauses
  for (let p = titleStart; p < tokens.length; p++) {
    const keyword = keywordOf(tokens[p]);
    if (quoted[p] || deadEnds.has(p) || (keyword !== 'with' && schedule[p] === undefined)) continue;
    const starts = new Set<number>();
    clauses = readClauses(tokens, quoted, schedule, p, starts);
    if (clauses) { titleEnd = p; break; }
    for (const start of starts) deadEnds.add(start);
  }

  const title = buildTitle(tokens.slice(titleStart, titleEnd), spans, titleStart);
  if (title === '') {
    return invalid(context, 'TITLE_MISSING', 'The incident needs a title.', `Example: ${example(context)}`);
  }
  if (title.length > MAX_TITLE_LENGTH) {
    return invalid(context, 'COMMAND_INVALID',
      `The title is ${title.length} characters long; meeting subjects allow at most ${MAX_TITLE_LENGTH}.`,
      'Shorten the title and put the details in the meeting chat.');
  }
  if (clauses && clauses.startAts.length > 0 && keywordOf(tokens[titleEnd - 1]) === 'tomorrow') {
    return invalid(context, 'COMMAND_INVALID', RELATIVE_DAY_MESSAGE, ISO_EXAMPLE_HINT);
  }
  const problem = clauses?.problems[0];
  if (problem) return invalid(context, 'COMMAND_INVALID', problem.message, problem.hint);
  if (clauses && clauses.startAts.length > 1) {
    return invalid(context, 'COMMAND_INVALID', 'The start time is given more than once.', 'Give one "at <time>", e.g. at 15:00.');
  }
  if (clauses && clauses.durations.length > 1) {
    return invalid(context, 'COMMAND_INVALID', 'The duration is given more than once.', 'Give one "for <duration>", e.g. for 1h.');
  }

  const startAt = clauses?.startAts[0];
  const durationMinutes = clauses?.durations[0];
  const ignored = clauses?.ignored ?? [];
  const command: StartCommand = {
    kind: 'start',
    severity: severity.kind === 'severity' ? severity.severity : DEFAULT_SEVERITY,
    severityExplicit: severity.kind === 'severity',
    title,
    attendees: clauses?.attendees ?? [],
    schedule: {
      ...(startAt === undefined ? {} : { startAt }),
      ...(durationMinutes === undefined ? {} : { durationMinutes }),
    },
    ...(ignored.length > 0 ? { ignored } : {}),
    ...(flags.calendar === undefined ? {} : { calendar: flags.calendar }),
    ...(Object.keys(flags.options).length > 0 ? { options: flags.options } : {}),
  };
  return command;
};
