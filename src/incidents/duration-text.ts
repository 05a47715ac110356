/** Durations as people read them on cards and in exports: "< 1 min", "45 min", "2 h 5 min", "3 d 4 h". */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function durationText(ms: number): string {
  if (!Number.isFinite(ms) || ms < MINUTE) return '< 1 min';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.floor((ms % HOUR) / MINUTE);
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  const d = Math.floor(ms / DAY);
  const h = Math.floor((ms % DAY) / HOUR);
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

/** Time between two ISO instants (0 when either is unreadable or the end is before the start). */
export function between(startIso: string, end: string | Date): number {
  const a = Date.parse(startIso);
  const b = typeof end === 'string' ? Date.parse(end) : end.getTime();
  return Number.isFinite(a) && Number.isFinite(b) && b > a ? b - a : 0;
}
