/**
 * The start/end of an event (dateTimeTimeZone, resources/datetimetimezone.md): parsed from a request,
 * kept as an instant plus the zone the request named, and rendered in any zone (Prefer:
 * outlook.timezone). Errors worded as Outlook's calendar service words them.
 */
import { GraphError, badRequest, cannotConvertLiteral } from '../graph-errors';
import { isJsonObject } from '../../http/http-util';
import { resolveTimeZone, utcToWallClock, wallClockToUtc } from './time-zones';

export function propertyValidationFailure(): GraphError {
  return new GraphError(400, 'ErrorPropertyValidationFailure', 'At least one property failed validation.');
}

function timeZoneNotSupported(value: string): GraphError {
  return new GraphError(
    400,
    'TimeZoneNotSupportedException',
    `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${value}'.`,
  );
}

/** OData's reader error for a primitive where an object (complex type) belongs. */
export function expectedObject(value: unknown): GraphError {
  const node = Array.isArray(value) ? 'StartArray' : 'PrimitiveValue';
  return badRequest(`An unexpected '${node}' node was found when reading from the JSON reader. A 'StartObject' node was expected.`);
}

// --- times ----------------------------------------------------------------------------------------

/** One end of an event: the instant, and how the request stated it. */
export interface EventTime {
  readonly utcMs: number;
  /** Seven fractional digits as given (used while rendering in the original zone). */
  readonly fraction: string;
  /** The time-zone name as the request spelled it. */
  readonly timeZone: string;
  readonly iana: string;
  /** Wall-clock time in `timeZone`, 'YYYY-MM-DDTHH:mm:ss'. */
  readonly wall: string;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d{1,7})\d*)?(Z|[+-]\d{2}:\d{2})?$/i;

function wallString(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 19);
}

export function parseEventTime(raw: unknown): EventTime {
  if (!isJsonObject(raw)) throw expectedObject(raw);
  const dateTime = raw['dateTime'];
  const timeZone = raw['timeZone'];
  if (dateTime !== undefined && dateTime !== null && typeof dateTime !== 'string') throw cannotConvertLiteral(dateTime, 'Edm.String');
  if (timeZone !== undefined && timeZone !== null && typeof timeZone !== 'string') throw cannotConvertLiteral(timeZone, 'Edm.String');
  if (typeof dateTime !== 'string' || dateTime.trim() === '') throw propertyValidationFailure();
  const zoneName = typeof timeZone === 'string' ? timeZone : '';
  const iana = resolveTimeZone(zoneName);
  if (iana === undefined) throw timeZoneNotSupported(zoneName);
  const m = LOCAL_DATE_TIME.exec(dateTime.trim());
  if (m === null) throw propertyValidationFailure();
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  const fraction = (frac ?? '').padEnd(7, '0');
  const wallMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? '0'), Number(fraction.slice(0, 3)));
  const check = new Date(wallMs);
  if (Number.isNaN(wallMs) || check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) throw propertyValidationFailure();
  if (offset === undefined) {
    const utcMs = wallClockToUtc(wallMs, iana);
    return { utcMs, fraction, timeZone: zoneName, iana, wall: wallString(utcToWallClock(utcMs, iana)) };
  }
  // An explicit offset names an instant; restate it in the requested zone.
  const sign = offset.toUpperCase() === 'Z' ? 0 : offset.startsWith('-') ? -1 : 1;
  const offMs = sign === 0 ? 0 : sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
  const utcMs = wallMs - offMs;
  return { utcMs, fraction, timeZone: zoneName, iana, wall: wallString(utcToWallClock(utcMs, iana)) };
}

export function timeFromInstant(utcMs: number, zoneName: string, iana: string): EventTime {
  const fraction = String(utcMs % 1000).padStart(3, '0').padEnd(7, '0');
  return { utcMs, fraction, timeZone: zoneName, iana, wall: wallString(utcToWallClock(utcMs, iana)) };
}

/** dateTimeTimeZone in `zone` (or as originally stated when zone is undefined). */
export function renderTime(t: EventTime, zone?: { readonly name: string; readonly iana: string }): { dateTime: string; timeZone: string } {
  if (zone === undefined || zone.name.toLowerCase() === t.timeZone.toLowerCase()) {
    return { dateTime: `${t.wall}.${t.fraction}`, timeZone: t.timeZone };
  }
  const wallMs = utcToWallClock(t.utcMs, zone.iana);
  const fraction = String(((t.utcMs % 1000) + 1000) % 1000).padStart(3, '0').padEnd(7, '0');
  return { dateTime: `${wallString(wallMs)}.${fraction}`, timeZone: zone.name };
}
