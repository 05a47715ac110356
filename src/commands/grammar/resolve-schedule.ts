/**
 * ScheduleRequest (as typed) → absolute start/end. Pure: `now` and the requester's time zone are parameters.
 *
 * - no `at` → starts now;
 * - `at 15:00` → 15:00 today in the requester's IANA zone; up to 5 minutes late still means "now", later is an error
 *   (it never rolls over to tomorrow: the hint suggests the ISO form with tomorrow's date instead);
 * - `at 2026-11-24T15:00` → in the requester's zone; with `Z`/`±HH:MM` → that instant; same past rule;
 * - DST: a skipped local time moves forward by the gap, a repeated one means its first occurrence;
 * - duration: `for …` or the configured default, 5 minutes..24 hours;
 * - unknown or absent zone → UTC.
 */
import type { ScheduleRequest, StartAt } from '../command';
import { formatClock, formatDate, ISO_EXAMPLE_HINT, parseIsoDateTime, utcMillis, type WallClock } from './date-time';
import { DURATION_HINT, durationProblem } from './duration';
import { instantOf, normaliseTimeZone, wallClockAt } from './time-zone';

export type ResolvedSchedule = { start: Date; end: Date } | { error: string; hint: string };

/** How late a start time may be and still mean "now" (a message typed at 15:00 and sent at 15:02). */
const START_GRACE_MINUTES = 5;

const MINUTE = 60_000;

function tomorrowIn(now: Date, timeZone: string): string {
  const today = wallClockAt(now.getTime(), timeZone);
  const next = new Date(utcMillis({ ...today, hour: 12, minute: 0, second: 0, millisecond: 0 }) + 86_400_000);
  return formatDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

interface Requested {
  readonly instant: number;
  readonly label: string;
  /** The typed time of day, for the "try tomorrow" example. */
  readonly clock: string;
}

function startInstant(startAt: StartAt, now: Date, timeZone: string): Requested | { error: string; hint: string } {
  if (startAt.kind === 'clock') {
    const { hour, minute } = startAt;
    if (!Number.isInteger(hour) || !Number.isInteger(minute) || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
      return { error: `${hour}:${minute} is not a time of day.`, hint: 'Use e.g. at 15:00 or at 3pm.' };
    }
    const today = wallClockAt(now.getTime(), timeZone);
    const wall: WallClock = { ...today, hour, minute, second: 0, millisecond: 0 };
    return { instant: instantOf(wall, timeZone), label: `${formatClock(hour, minute)} (${timeZone})`, clock: formatClock(hour, minute) };
  }
  const parsed = parseIsoDateTime(startAt.iso);
  if (!parsed.ok) return { error: parsed.reason, hint: ISO_EXAMPLE_HINT };
  const { offsetMinutes, ...wall } = parsed.value;
  const instant = offsetMinutes === undefined
    ? instantOf(wall, timeZone)
    : utcMillis(wall) - offsetMinutes * MINUTE;
  return {
    instant,
    label: offsetMinutes === undefined ? `${parsed.normalised} (${timeZone})` : parsed.normalised,
    clock: formatClock(wall.hour, wall.minute),
  };
}

export function resolveSchedule(
  req: ScheduleRequest,
  now: Date,
  timeZone: string | undefined,
  defaultDurationMinutes: number,
): ResolvedSchedule {
  const zone = normaliseTimeZone(timeZone);
  const durationMinutes = req.durationMinutes ?? defaultDurationMinutes;
  const problem = durationProblem(durationMinutes);
  if (problem) return { error: problem, hint: DURATION_HINT };

  let start = now.getTime();
  if (req.startAt) {
    const resolved = startInstant(req.startAt, now, zone);
    if ('error' in resolved) return resolved;
    if (resolved.instant < now.getTime() - START_GRACE_MINUTES * MINUTE) {
      const example = `at ${tomorrowIn(now, zone)}T${resolved.clock}`;
      const when = req.startAt.kind === 'clock' ? 'has already passed today' : 'is in the past';
      return {
        error: `The start time ${resolved.label} ${when}.`,
        hint: `Leave out "at" to start now, give a later time, or a date and time such as ${example}.`,
      };
    }
    start = Math.max(resolved.instant, now.getTime());
  }
  return { start: new Date(start), end: new Date(start + durationMinutes * MINUTE) };
}
