/** Wall-clock ↔ instant conversion in an IANA time zone with Intl.DateTimeFormat only (no date library). */
import { utcMillis, type WallClock } from './date-time';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The canonical IANA name of a zone Intl knows; 'UTC' for an absent, empty or unknown zone. */
export function normaliseTimeZone(timeZone: string | undefined): string {
  const candidate = timeZone?.trim();
  if (!candidate) return 'UTC';
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: candidate }).resolvedOptions().timeZone;
  } catch (e: unknown) {
    if (!(e instanceof RangeError)) throw e;
    return 'UTC'; // an unknown zone name
  }
}

/** The wall clock shown in `timeZone` at an instant (to the second; millisecond carried over). */
export function wallClockAt(instant: number, timeZone: string): WallClock {
  const whole = Math.floor(instant / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(whole))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts['year'] ?? 1970,
    month: parts['month'] ?? 1,
    day: parts['day'] ?? 1,
    hour: (parts['hour'] ?? 0) % 24,
    minute: parts['minute'] ?? 0,
    second: parts['second'] ?? 0,
    millisecond: instant - whole,
  };
}

/** Offset of `timeZone` from UTC at an instant, in milliseconds (east positive). */
export function offsetAt(instant: number, timeZone: string): number {
  const wall = wallClockAt(instant, timeZone);
  return utcMillis({ ...wall, millisecond: 0 }) - Math.floor(instant / 1000) * 1000;
}

function sameClock(a: WallClock, b: WallClock): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day
    && a.hour === b.hour && a.minute === b.minute && a.second === b.second;
}

const DAY = 86_400_000;

/**
 * The instant a wall clock denotes in `timeZone`. Like Temporal's 'compatible' disambiguation: a time repeated by a
 * DST fall-back means its first occurrence; a time skipped by a spring-forward is moved forward by the gap
 * (02:30 on the Berlin spring-forward day → 03:30 CEST).
 */
export function instantOf(wall: WallClock, timeZone: string): number {
  const asUtc = utcMillis({ ...wall, millisecond: 0 });
  const before = offsetAt(asUtc - DAY, timeZone);
  const after = offsetAt(asUtc + DAY, timeZone);
  const candidates = [...new Set([asUtc - before, asUtc - after])]
    .filter((instant) => sameClock(wallClockAt(instant, timeZone), wall))
    .sort((a, b) => a - b);
  const chosen = candidates[0] ?? asUtc - before;
  return chosen + wall.millisecond;
}
