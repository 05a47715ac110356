/**
 * Time zones as Outlook's calendar API takes them in `dateTimeTimeZone.timeZone`: Windows time-zone
 * names ("Pacific Standard Time") or IANA names ("America/Los_Angeles"), plus "UTC"
 * (resources/datetimetimezone.md). An unsupported name is Graph's 400
 * `TimeZoneNotSupportedException` "A valid TimeZone value must be specified. The following TimeZone
 * value is not supported: '…'." (microsoftgraph/microsoft-graph-docs#4758).
 *
 * Windows names are mapped to IANA zones with CLDR's windowsZones table, territory "001" (the windows-iana
 * package); conversions use the Temporal polyfill (temporal-polyfill), the same library and rule as the bot:
 * Temporal's 'compatible' disambiguation — a wall-clock time repeated by a fall-back transition is its earlier
 * occurrence, one skipped by a spring-forward is moved forward by the gap. How Exchange resolves such times is
 * not documented (inferred). Nothing here knows about Graph's wire.
 */
import { Temporal } from 'temporal-polyfill';
import { WINDOWS_TO_IANA_MAP } from 'windows-iana';

/** Windows zone id (lower case) → its CLDR "golden" IANA zone (territory 001). */
const WINDOWS_BY_LOWER = new Map<string, string>(
  WINDOWS_TO_IANA_MAP.filter((z) => z.territory === '001').flatMap((z) => (z.iana[0] === undefined ? [] : [[z.windowsName.toLowerCase(), z.iana[0]] as const])),
);

function knownZone(iana: string): string | undefined {
  try {
    return Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(iana).timeZoneId;
  } catch (e: unknown) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

/** The IANA zone for a Windows or IANA time-zone name, or undefined when the name is not a time zone. */
export function resolveTimeZone(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return undefined;
  const windows = WINDOWS_BY_LOWER.get(trimmed.toLowerCase());
  if (windows !== undefined) return windows;
  return knownZone(trimmed) === undefined ? undefined : trimmed;
}

/** A wall-clock time (given as epoch ms read as if it were UTC) in `iana` → the UTC instant ('compatible'). */
export function wallClockToUtc(wallMs: number, iana: string): number {
  const wall = Temporal.Instant.fromEpochMilliseconds(wallMs).toZonedDateTimeISO('UTC').toPlainDateTime();
  return wall.toZonedDateTime(iana, { disambiguation: 'compatible' }).epochMilliseconds;
}

/** The UTC instant → wall-clock time in `iana` (as epoch ms read as if it were UTC). */
export function utcToWallClock(utcMs: number, iana: string): number {
  const wall = Temporal.Instant.fromEpochMilliseconds(utcMs).toZonedDateTimeISO(iana).toPlainDateTime();
  return wall.toZonedDateTime('UTC').epochMilliseconds;
}
