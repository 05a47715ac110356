/**
 * The bot (src/commands/grammar/time-zone.ts) and the sandbox's calendar (sandbox/graph/calendar/time-zones.ts)
 * turn a wall-clock time in a zone into the same instant — at every DST edge too — because both use the Temporal
 * polyfill with the one documented rule ('compatible': a repeated time is its earlier occurrence, a skipped one is
 * moved forward by the gap).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Temporal } from 'temporal-polyfill';
import { instantOf, wallClockAt } from '../../src/commands/grammar/time-zone';
import { resolveTimeZone, utcToWallClock, wallClockToUtc } from '../../sandbox/graph/calendar/time-zones';
import type { WallClock } from '../../src/commands/grammar/date-time';

const ZONES = [
  'Europe/Berlin', 'America/New_York', 'Europe/London', 'America/Sao_Paulo', 'Australia/Lord_Howe',
  'Pacific/Chatham', 'America/St_Johns', 'Asia/Kolkata', 'Pacific/Apia', 'America/Santiago', 'Asia/Tehran', 'UTC',
];

const wallOf = (iso: string): WallClock => {
  const p = Temporal.PlainDateTime.from(iso);
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second, millisecond: p.millisecond };
};
const asUtcMs = (w: WallClock): number => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);

/** Wall-clock times every 15 minutes from 3 h before to 3 h after each transition of 2025–2027, in local time. */
function edgeSamples(zone: string): WallClock[] {
  const out: WallClock[] = [];
  let t: Temporal.ZonedDateTime | null = Temporal.ZonedDateTime.from({ year: 2025, month: 1, day: 1, timeZone: zone });
  const end = Temporal.Instant.from('2028-01-01T00:00:00Z');
  for (let guard = 0; guard < 20; guard++) {
    t = t?.getTimeZoneTransition('next') ?? null;
    if (t === null || Temporal.Instant.compare(t.toInstant(), end) > 0) break;
    const local = t.toPlainDateTime();
    for (let m = -180; m <= 180; m += 15) {
      const w = local.add({ minutes: m });
      out.push(wallOf(w.toString()));
    }
  }
  return out;
}

/** A deterministic spread of wall-clock times over 2020–2030 (linear congruential generator). */
function spreadSamples(count: number): WallClock[] {
  let seed = 20261025;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const from = Date.UTC(2020, 0, 1);
  const span = Date.UTC(2030, 0, 1) - from;
  return Array.from({ length: count }, () => {
    const d = new Date(from + Math.floor(next() * span / 60_000) * 60_000);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: 0, millisecond: 0 };
  });
}

describe('bot and sandbox agree on wall-clock → UTC', () => {
  test('the issue\'s examples: Berlin 2026-10-25 02:30 is the earlier 02:30 (CEST); New York 2026-03-08 02:30 moves to 03:30 EDT', () => {
    const berlin = wallOf('2026-10-25T02:30');
    assert.equal(new Date(instantOf(berlin, 'Europe/Berlin')).toISOString(), '2026-10-25T00:30:00.000Z');
    assert.equal(new Date(wallClockToUtc(asUtcMs(berlin), 'Europe/Berlin')).toISOString(), '2026-10-25T00:30:00.000Z');
    const newYork = wallOf('2026-03-08T02:30');
    assert.equal(new Date(instantOf(newYork, 'America/New_York')).toISOString(), '2026-03-08T07:30:00.000Z');
    assert.equal(new Date(wallClockToUtc(asUtcMs(newYork), 'America/New_York')).toISOString(), '2026-03-08T07:30:00.000Z');
    // Windows names (Graph's calendar takes them) go through the same table and rule.
    assert.equal(resolveTimeZone('W. Europe Standard Time'), 'Europe/Berlin');
    assert.equal(resolveTimeZone('eastern standard time'), 'America/New_York');
  });

  test('every 15 minutes around every DST transition of 2025–2027, in 12 zones, and 3,000 spread samples', () => {
    let compared = 0;
    const disagreements: string[] = [];
    for (const zone of ZONES) {
      for (const w of [...edgeSamples(zone), ...spreadSamples(250)]) {
        const bot = instantOf(w, zone);
        const sandbox = wallClockToUtc(asUtcMs(w), zone);
        compared += 1;
        if (bot !== sandbox) disagreements.push(`${zone} ${JSON.stringify(w)}: bot ${new Date(bot).toISOString()} sandbox ${new Date(sandbox).toISOString()}`);
        // And back: both show the same wall clock at that instant.
        const shown = wallClockAt(bot, zone);
        assert.equal(asUtcMs(shown), utcToWallClock(bot, zone), `${zone} ${new Date(bot).toISOString()}`);
      }
    }
    assert.deepEqual(disagreements.slice(0, 5), []);
    assert.ok(compared > 3000, String(compared));
  });
});
