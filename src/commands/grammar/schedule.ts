/**
 * The `at <time>` and `for <duration>` clauses. A clause only exists when its value has one of the forms below,
 * so "Outage at checkout" or "Refunds failing for 3 customers" stay titles. A value that clearly is meant as a time
 * or a duration but is wrong ("at 25:00", "at 2026-02-30T10:00", "for 48h", "for 2m") is reported as malformed.
 * Relative days are not supported: "at 15:00 today" is read as 15:00, "at 15:00 tomorrow" is rejected with a hint
 * to give the date (start-grammar.ts does the same for "tomorrow at 15:00").
 * Not supported (they stay in the title): "at 15.30", "at 15", weekdays, zone names after the time.
 *
 * at: `15:00`, `9:30`, `3pm`, `3:30pm`, `3 pm`, `2026-11-24T15:00` (requester's zone), `2026-11-24 15:00`,
 *     `2026-11-24T15:00Z`, `2026-11-24T15:00+01:00`.
 * for: see duration.ts.
 */
import type { StartAt } from '../command';
import { ISO_EXAMPLE_HINT, looksLikeIsoDate, parseIsoDateTime } from './date-time';
import { DURATION_HINT, durationProblem, parseDurationText } from './duration';
import { stripTrailingPunctuation, type Token } from './tokens';

export type ClauseMatch<T> =
  | { readonly kind: 'match'; readonly value: T; readonly consumed: number }
  | { readonly kind: 'malformed'; readonly consumed: number; readonly message: string; readonly hint: string }
  | { readonly kind: 'none' };

const NONE = { kind: 'none' } as const;
const TIME_HINT = 'Use e.g. at 15:00, at 3pm or at 2026-11-24T15:00 (your time zone), or at 2026-11-24T15:00+01:00.';

/** Up to `max` word tokens from `start` (stops at a mention), trailing punctuation removed, lower-cased. */
function wordsFrom(tokens: readonly Token[], start: number, max: number): string[] {
  const words: string[] = [];
  for (let i = start; i < tokens.length && words.length < max; i++) {
    const token = tokens[i];
    if (token?.kind !== 'word') break;
    words.push(stripTrailingPunctuation(token.text).toLowerCase());
  }
  return words;
}

function clock(hour: number, minute: number, consumed: number): ClauseMatch<StartAt> {
  return { kind: 'match', value: { kind: 'clock', hour, minute }, consumed };
}

function matchTwelveHour(text: string, consumed: number): ClauseMatch<StartAt> | undefined {
  const m = /^(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?$/.exec(text);
  if (!m) return undefined;
  const hour = Number(m[1]), minute = m[2] === undefined ? 0 : Number(m[2]);
  if (hour < 1 || hour > 12 || minute > 59) {
    return { kind: 'malformed', consumed, message: `"${text}" is not a time of day.`, hint: TIME_HINT };
  }
  return clock((hour % 12) + (m[3] === 'p' ? 12 : 0), minute, consumed);
}

function matchIso(text: string, consumed: number): ClauseMatch<StartAt> {
  const parsed = parseIsoDateTime(text);
  if (!parsed.ok) return { kind: 'malformed', consumed, message: parsed.reason, hint: ISO_EXAMPLE_HINT };
  return { kind: 'match', value: { kind: 'iso', iso: parsed.normalised }, consumed };
}

export const RELATIVE_DAY_MESSAGE = '"tomorrow" is not understood here: give the date and time instead.';

/** The value of an `at` clause starting at tokens[start] (the token after "at"), with a trailing today/tomorrow. */
export function matchStartAt(tokens: readonly Token[], start: number): ClauseMatch<StartAt> {
  const match = matchTime(tokens, start);
  if (match.kind !== 'match' || match.value.kind !== 'clock') return match;
  const next = wordsFrom(tokens, start + match.consumed, 1)[0];
  if (next === 'today') return { ...match, consumed: match.consumed + 1 };
  if (next === 'tomorrow') {
    return { kind: 'malformed', consumed: match.consumed + 1, message: RELATIVE_DAY_MESSAGE, hint: ISO_EXAMPLE_HINT };
  }
  return match;
}

function matchTime(tokens: readonly Token[], start: number): ClauseMatch<StartAt> {
  const [first, second] = wordsFrom(tokens, start, 2);
  if (first === undefined) return NONE;

  if (looksLikeIsoDate(first)) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(first)) {
      if (second !== undefined && /^\d{1,2}:\d{2}/.test(second)) return matchIso(`${first}T${second}`, 2);
      return { kind: 'malformed', consumed: 1, message: `${first} has no time of day.`, hint: ISO_EXAMPLE_HINT };
    }
    return matchIso(first, 1);
  }

  const twentyFour = /^(\d{1,2}):(\d{2})$/.exec(first);
  if (twentyFour) {
    if (second !== undefined && /^[ap]\.?m\.?$/.test(second)) return matchTwelveHour(`${first}${second}`, 2) ?? NONE;
    const hour = Number(twentyFour[1]), minute = Number(twentyFour[2]);
    if (hour > 23 || minute > 59) {
      return { kind: 'malformed', consumed: 1, message: `${first} is not a time of day.`, hint: TIME_HINT };
    }
    return clock(hour, minute, 1);
  }

  const single = matchTwelveHour(first, 1);
  if (single) return single;
  if (/^\d{1,2}$/.test(first) && second !== undefined && /^[ap]\.?m\.?$/.test(second)) {
    return matchTwelveHour(`${first}${second}`, 2) ?? NONE;
  }
  return NONE;
}

/** The value of a `for` clause starting at tokens[start] (the token after "for"). Longest form wins. */
export function matchDuration(tokens: readonly Token[], start: number): ClauseMatch<number> {
  const words = wordsFrom(tokens, start, 4);
  for (let count = words.length; count >= 1; count--) {
    const text = words.slice(0, count).join(' ');
    const minutes = parseDurationText(text);
    if (minutes === undefined) continue;
    const problem = durationProblem(minutes);
    if (problem) return { kind: 'malformed', consumed: count, message: problem, hint: DURATION_HINT };
    return { kind: 'match', value: minutes, consumed: count };
  }
  return NONE;
}
