import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ScheduleRequest } from '../../src/commands/command';
import { parseCommand } from '../../src/commands/parse-command';
import { resolveSchedule } from '../../src/commands/grammar/resolve-schedule';

const DEFAULT = 60;
const clock = (hour: number, minute = 0): ScheduleRequest => ({ startAt: { kind: 'clock', hour, minute } });
const iso = (text: string): ScheduleRequest => ({ startAt: { kind: 'iso', iso: text } });

function ok(req: ScheduleRequest, now: string, zone: string | undefined, duration = DEFAULT): { start: string; end: string } {
  const result = resolveSchedule(req, new Date(now), zone, duration);
  if ('error' in result) assert.fail(`unexpected error: ${result.error} / ${result.hint}`);
  return { start: result.start.toISOString(), end: result.end.toISOString() };
}

function fails(req: ScheduleRequest, now: string, zone: string | undefined, duration = DEFAULT): { error: string; hint: string } {
  const result = resolveSchedule(req, new Date(now), zone, duration);
  if (!('error' in result)) assert.fail(`expected an error, got ${result.start.toISOString()}`);
  assert.notEqual(result.hint, '');
  return result;
}

describe('resolveSchedule: start now', () => {
  test('no time → now, default duration', () => {
    assert.deepEqual(ok({}, '2026-07-01T10:00:00.000Z', 'Europe/Berlin'),
      { start: '2026-07-01T10:00:00.000Z', end: '2026-07-01T11:00:00.000Z' });
  });

  test('the requested duration overrides the default', () => {
    assert.deepEqual(ok({ durationMinutes: 90 }, '2026-07-01T10:00:00.000Z', undefined),
      { start: '2026-07-01T10:00:00.000Z', end: '2026-07-01T11:30:00.000Z' });
  });

  test('start is a copy of now, not the same object', () => {
    const now = new Date('2026-07-01T10:00:00Z');
    const result = resolveSchedule({}, now, undefined, DEFAULT);
    assert.ok(!('error' in result));
    if (!('error' in result)) assert.notEqual(result.start, now);
  });
});

describe('resolveSchedule: durations', () => {
  const now = '2026-07-01T10:00:00Z';
  test('5 minutes and 24 hours are the limits', () => {
    assert.equal(ok({ durationMinutes: 5 }, now, undefined).end, '2026-07-01T10:05:00.000Z');
    assert.equal(ok({ durationMinutes: 1440 }, now, undefined).end, '2026-07-02T10:00:00.000Z');
  });

  test('too short, too long, not whole minutes', () => {
    assert.match(fails({ durationMinutes: 4 }, now, undefined).error, /at least 5 minutes/);
    assert.match(fails({ durationMinutes: 0 }, now, undefined).error, /at least 5 minutes/);
    assert.match(fails({ durationMinutes: -30 }, now, undefined).error, /at least 5 minutes/);
    assert.match(fails({ durationMinutes: 1441 }, now, undefined).error, /at most 24 hours/);
    assert.match(fails({ durationMinutes: 30.5 }, now, undefined).error, /whole number/);
    assert.match(fails({ durationMinutes: Number.NaN }, now, undefined).error, /whole number/);
  });

  test('a bad default duration is reported too', () => {
    assert.match(fails({}, now, undefined, 2).error, /at least 5 minutes/);
  });
});

describe('resolveSchedule: clock times', () => {
  test('later today in the requester zone (summer and winter offsets)', () => {
    assert.deepEqual(ok(clock(15), '2026-07-01T08:00:00Z', 'Europe/Berlin'),
      { start: '2026-07-01T13:00:00.000Z', end: '2026-07-01T14:00:00.000Z' });
    assert.equal(ok(clock(15), '2026-01-15T08:00:00Z', 'Europe/Berlin').start, '2026-01-15T14:00:00.000Z');
    assert.equal(ok(clock(15, 30), '2026-07-01T08:00:00Z', 'America/New_York').start, '2026-07-01T19:30:00.000Z');
    assert.equal(ok(clock(9), '2026-07-01T02:00:00Z', 'Asia/Kolkata').start, '2026-07-01T03:30:00.000Z');
  });

  test('absent, empty or unknown zone → UTC; zone names are case-insensitive', () => {
    assert.equal(ok(clock(15), '2026-07-01T08:00:00Z', undefined).start, '2026-07-01T15:00:00.000Z');
    assert.equal(ok(clock(15), '2026-07-01T08:00:00Z', '').start, '2026-07-01T15:00:00.000Z');
    assert.equal(ok(clock(15), '2026-07-01T08:00:00Z', 'Mars/Olympus_Mons').start, '2026-07-01T15:00:00.000Z');
    assert.equal(ok(clock(15), '2026-07-01T08:00:00Z', 'Pacific Standard Time').start, '2026-07-01T15:00:00.000Z');
    assert.equal(ok(clock(15), '2026-07-01T08:00:00Z', 'europe/berlin').start, '2026-07-01T13:00:00.000Z');
  });

  test('"today" is the requester\'s date, not UTC\'s', () => {
    // 23:30 UTC on 1 July is already 01:30 on 2 July in Berlin.
    assert.equal(ok(clock(9), '2026-07-01T23:30:00Z', 'Europe/Berlin').start, '2026-07-02T07:00:00.000Z');
    // 05:00 UTC on 2 July is still 22:00 on 1 July in Los Angeles.
    assert.equal(ok(clock(23), '2026-07-02T05:00:00Z', 'America/Los_Angeles').start, '2026-07-02T06:00:00.000Z');
  });

  test('a time that passed today is an error suggesting the ISO form with tomorrow\'s date', () => {
    const result = fails(clock(15), '2026-07-01T13:10:00Z', 'Europe/Berlin');
    assert.match(result.error, /15:00 \(Europe\/Berlin\) has already passed today/);
    assert.match(result.hint, /at 2026-07-02T15:00/);
  });

  test('tomorrow in the hint is the requester\'s tomorrow', () => {
    // 23:30 UTC on 1 July = 01:30 on 2 July in Berlin: "at 01:00" passed, tomorrow is 3 July there.
    assert.match(fails(clock(1), '2026-07-01T23:30:00Z', 'Europe/Berlin').hint, /at 2026-07-03T01:00/);
  });

  test('5-minute grace: slightly late means now', () => {
    const at = clock(15);
    assert.equal(ok(at, '2026-07-01T13:02:00Z', 'Europe/Berlin').start, '2026-07-01T13:02:00.000Z');
    assert.equal(ok(at, '2026-07-01T13:05:00Z', 'Europe/Berlin').start, '2026-07-01T13:05:00.000Z');
    assert.equal(ok(at, '2026-07-01T13:02:00Z', 'Europe/Berlin').end, '2026-07-01T14:02:00.000Z');
    fails(at, '2026-07-01T13:05:01Z', 'Europe/Berlin');
  });

  test('exactly now and one minute ahead', () => {
    assert.equal(ok(clock(15), '2026-07-01T13:00:00Z', 'Europe/Berlin').start, '2026-07-01T13:00:00.000Z');
    assert.equal(ok(clock(15, 1), '2026-07-01T13:00:00Z', 'Europe/Berlin').start, '2026-07-01T13:01:00.000Z');
  });

  test('an impossible clock value is an error', () => {
    assert.match(fails(clock(24), '2026-07-01T08:00:00Z', undefined).error, /not a time of day/);
    assert.match(fails(clock(10, 60), '2026-07-01T08:00:00Z', undefined).error, /not a time of day/);
  });
});

describe('resolveSchedule: DST change days', () => {
  // Europe/Berlin 2026-03-29: 02:00 CET → 03:00 CEST (00:59Z is 01:59 CET, 01:00Z is 03:00 CEST).
  test('Berlin spring forward: before, after and inside the gap', () => {
    const now = '2026-03-28T23:30:00Z'; // 00:30 CET
    assert.equal(ok(clock(1, 30), now, 'Europe/Berlin').start, '2026-03-29T00:30:00.000Z');
    assert.equal(ok(clock(3, 30), now, 'Europe/Berlin').start, '2026-03-29T01:30:00.000Z');
    assert.equal(ok(clock(2, 30), now, 'Europe/Berlin').start, '2026-03-29T01:30:00.000Z'); // skipped → 03:30 CEST
    assert.equal(ok(clock(12), now, 'Europe/Berlin').start, '2026-03-29T10:00:00.000Z');
  });

  test('a meeting across the gap lasts its real duration', () => {
    const result = ok({ ...clock(1, 30), durationMinutes: 60 }, '2026-03-28T23:30:00Z', 'Europe/Berlin');
    assert.deepEqual(result, { start: '2026-03-29T00:30:00.000Z', end: '2026-03-29T01:30:00.000Z' }); // 01:30 CET → 03:30 CEST
  });

  // Europe/Berlin 2026-10-25: 03:00 CEST → 02:00 CET; 02:30 happens twice.
  test('Berlin fall back: a repeated time means its first occurrence', () => {
    const now = '2026-10-24T22:30:00Z'; // 00:30 CEST
    assert.equal(ok(clock(2, 30), now, 'Europe/Berlin').start, '2026-10-25T00:30:00.000Z'); // 02:30 CEST
    assert.equal(ok(clock(3, 30), now, 'Europe/Berlin').start, '2026-10-25T02:30:00.000Z'); // 03:30 CET
  });

  // America/New_York 2026-03-08: 02:00 EST → 03:00 EDT.
  test('New York spring forward', () => {
    const now = '2026-03-08T05:00:00Z'; // 00:00 EST
    assert.equal(ok(clock(1, 30), now, 'America/New_York').start, '2026-03-08T06:30:00.000Z');
    assert.equal(ok(clock(2, 30), now, 'America/New_York').start, '2026-03-08T07:30:00.000Z'); // skipped → 03:30 EDT
    assert.equal(ok(clock(9), now, 'America/New_York').start, '2026-03-08T13:00:00.000Z');
  });

  // America/New_York 2026-11-01: 02:00 EDT → 01:00 EST; 01:30 happens twice.
  test('New York fall back', () => {
    const now = '2026-11-01T04:00:00Z'; // 00:00 EDT
    assert.equal(ok(clock(1, 30), now, 'America/New_York').start, '2026-11-01T05:30:00.000Z'); // 01:30 EDT
    assert.equal(ok(clock(3), now, 'America/New_York').start, '2026-11-01T08:00:00.000Z');     // 03:00 EST
    assert.equal(ok(iso('2026-11-01T01:30'), now, 'America/New_York').start, '2026-11-01T05:30:00.000Z');
    assert.equal(ok(iso('2026-11-01T01:30-05:00'), now, 'America/New_York').start, '2026-11-01T06:30:00.000Z'); // second one, by offset
  });

  test('after the first 01:30 has passed, "at 01:30" is in the past (no jump to the repeat)', () => {
    fails(clock(1, 30), '2026-11-01T05:45:00Z', 'America/New_York'); // 01:45 EDT
  });
});

describe('resolveSchedule: ISO times', () => {
  const now = '2026-07-01T08:00:00Z';
  test('without offset → the requester zone', () => {
    assert.equal(ok(iso('2026-07-02T15:00'), now, 'Europe/Berlin').start, '2026-07-02T13:00:00.000Z');
    assert.equal(ok(iso('2026-12-02T15:00'), now, 'Europe/Berlin').start, '2026-12-02T14:00:00.000Z');
    assert.equal(ok(iso('2026-07-02T15:00'), now, undefined).start, '2026-07-02T15:00:00.000Z');
  });

  test('with offset or Z → that instant whatever the zone', () => {
    assert.equal(ok(iso('2026-07-02T15:00+05:30'), now, 'Europe/Berlin').start, '2026-07-02T09:30:00.000Z');
    assert.equal(ok(iso('2026-07-02T15:00Z'), now, 'America/New_York').start, '2026-07-02T15:00:00.000Z');
    assert.equal(ok(iso('2026-07-02T15:00:30.250-04:00'), now, undefined).start, '2026-07-02T19:00:30.250Z');
  });

  test('in the past → error; within the grace → now', () => {
    const past = fails(iso('2026-06-30T15:00'), now, 'Europe/Berlin');
    assert.match(past.error, /is in the past/);
    assert.match(past.hint, /at 2026-07-02T15:00/);
    assert.equal(ok(iso('2026-07-01T07:57:00Z'), now, 'Europe/Berlin').start, '2026-07-01T08:00:00.000Z');
  });

  test('an invalid ISO text (not made by the parser) is an error', () => {
    assert.match(fails(iso('2026-02-30T10:00'), now, undefined).error, /not a date/);
    assert.match(fails(iso('tomorrow'), now, undefined).error, /not an ISO date/);
  });
});

describe('parseCommand → resolveSchedule', () => {
  test('"at 3pm for 45 min" in New York', () => {
    const parsed = parseCommand({ text: 'start sev2 DB down at 3pm for 45 min', mentions: [], botId: 'bot' });
    assert.equal(parsed.kind, 'start');
    if (parsed.kind !== 'start') return;
    assert.deepEqual(ok(parsed.schedule, '2026-07-01T12:00:00Z', 'America/New_York', 30),
      { start: '2026-07-01T19:00:00.000Z', end: '2026-07-01T19:45:00.000Z' });
  });
});
