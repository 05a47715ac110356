/**
 * Wall-clock ↔ instant conversion in an IANA time zone (Teams sends `localTimezone` as an IANA name), with the
 * Temporal polyfill (temporal-polyfill). The sandbox's calendar uses the same library and the same rule (and
 * windows-iana for the Windows names Graph's calendar also takes).
 *
 * The one disambiguation rule (Temporal's 'compatible', the behaviour of RFC 5545 and of java.time/Date):
 *  - a wall-clock time repeated by a fall-back transition means its EARLIER occurrence
 *    (Berlin 2026-10-25 02:30 → 02:30 CEST = 00:30Z);
 *  - a wall-clock time skipped by a spring-forward transition is moved FORWARD by the length of the gap
 *    (New York 2026-03-08 02:30 → 03:30 EDT = 07:30Z).
 */
import { Temporal } from 'temporal-polyfill';
import type { WallClock } from './date-time';

/** The IANA id (case normalised) Temporal accepts for `name`, undefined when it is no time zone. */
function zoneIdOf(name: string): string | undefined {
  try {
    return Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(name).timeZoneId;
  } catch (e: unknown) {
    if (e instanceof RangeError) return undefined; // not a time zone Temporal knows
    throw e;
  }
}

/** The IANA name of a zone (case-insensitive); 'UTC' for an absent, empty or unknown zone. */
export function normaliseTimeZone(timeZone: string | undefined): string {
  const candidate = timeZone?.trim();
  if (!candidate) return 'UTC';
  return zoneIdOf(candidate) ?? 'UTC';
}

/** The wall clock shown in `timeZone` at an instant (millisecond precision). */
export function wallClockAt(instant: number, timeZone: string): WallClock {
  const z = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone);
  return { year: z.year, month: z.month, day: z.day, hour: z.hour, minute: z.minute, second: z.second, millisecond: z.millisecond };
}

/** The instant a wall clock denotes in `timeZone`, disambiguated with the 'compatible' rule (see above). */
export function instantOf(wall: WallClock, timeZone: string): number {
  const local = Temporal.PlainDateTime.from({
    year: wall.year,
    month: wall.month,
    day: wall.day,
    hour: wall.hour,
    minute: wall.minute,
    second: wall.second,
    millisecond: wall.millisecond,
  });
  return local.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
}
