/** ISO 8601 date-times as users type them: `2026-11-24T15:00`, `…T15:00:30`, `…T15:00Z`, `…T15:00+01:00`. */

export interface WallClock {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

interface IsoDateTime extends WallClock {
  /** Offset east of UTC in minutes, when the text had one (`Z` = 0). */
  readonly offsetMinutes?: number;
}

export type IsoParse =
  | { readonly ok: true; readonly value: IsoDateTime; readonly normalised: string }
  | { readonly ok: false; readonly reason: string };

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3})\d*)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

export const ISO_EXAMPLE_HINT = 'Use the form 2026-11-24T15:00 (your time zone) or 2026-11-24T15:00+01:00.';

export function looksLikeIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}/.test(text);
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0); // day 0 of the next month = last day of this one
  return date.getUTCDate();
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function formatDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function formatClock(hour: number, minute: number): string {
  return `${pad(hour)}:${pad(minute)}`;
}

/** Parses and validates; `normalised` is the canonical text (upper-case T/Z, two-digit hour, `±HH:MM`). */
export function parseIsoDateTime(text: string): IsoParse {
  const m = ISO.exec(text.trim());
  if (!m) return { ok: false, reason: `"${text}" is not an ISO date and time.` };
  const [, y, mo, d, h, mi, s, ms, zone] = m;
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const millisecond = ms === undefined ? 0 : Number(ms.padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, reason: `${formatDate(year, month, day)} is not a date.` };
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return { ok: false, reason: `${h}:${mi}${s === undefined ? '' : `:${s}`} is not a time of day.` };
  }
  let offsetMinutes: number | undefined;
  let zoneText = '';
  if (zone !== undefined) {
    if (zone === 'Z' || zone === 'z') {
      offsetMinutes = 0;
      zoneText = 'Z';
    } else {
      const digits = zone.slice(1).replace(':', '');
      const oh = Number(digits.slice(0, 2)), om = digits.length > 2 ? Number(digits.slice(2)) : 0;
      if (oh > 14 || om > 59 || oh * 60 + om > 14 * 60) return { ok: false, reason: `${zone} is not a UTC offset.` };
      offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
      zoneText = `${zone[0]}${pad(oh)}:${pad(om)}`;
    }
  }
  const normalised = `${formatDate(year, month, day)}T${formatClock(hour, minute)}`
    + (s === undefined ? '' : `:${s}`) + (ms === undefined ? '' : `.${pad(millisecond, 3)}`) + zoneText;
  const value: IsoDateTime = { year, month, day, hour, minute, second, millisecond, ...(offsetMinutes === undefined ? {} : { offsetMinutes }) };
  return { ok: true, value, normalised };
}

/** Milliseconds since the epoch of a wall clock read as UTC (years below 100 handled, unlike Date.UTC). */
export function utcMillis(w: WallClock): number {
  const date = new Date(0);
  date.setUTCFullYear(w.year, w.month - 1, w.day);
  date.setUTCHours(w.hour, w.minute, w.second, w.millisecond);
  return date.getTime();
}
