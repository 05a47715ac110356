/** Rate limits and people caps on start and page (src/commands/command-limits.ts), and their configuration. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LIMITS } from '../../src/cards/limits';
import { CommandLimiter, DEFAULT_COMMAND_RATE_LIMITS, type LimitedRequest } from '../../src/commands/command-limits';
import { loadConfig } from '../../src/config';
import { AppError, ConfigError } from '../../src/errors/app-error';

function clockAt(iso: string): { now: () => Date; advance: (ms: number) => void } {
  let t = Date.parse(iso);
  return { now: () => new Date(t), advance: (ms) => { t += ms; } };
}

const ALEX: LimitedRequest = { tenantId: 't1', conversationId: 'c1', userId: 'alex', attendees: 1 };

function refusal(run: () => void): AppError {
  try {
    run();
  } catch (e: unknown) {
    if (e instanceof AppError) return e;
    throw e;
  }
  assert.fail('expected a refusal');
}

describe('command limits', () => {
  test('the defaults: 10 starts per user per 10 minutes, then a refusal saying when to try again; the bucket refills', () => {
    const clock = clockAt('2026-11-24T10:00:00.000Z');
    const limiter = new CommandLimiter(DEFAULT_COMMAND_RATE_LIMITS, clock);
    for (let i = 0; i < 10; i++) limiter.admit('start', ALEX);
    const err = refusal(() => limiter.admit('start', ALEX));
    assert.equal(err.code, 'RATE_LIMITED');
    assert.equal(err.message, 'Too many starts: you may start at most 10 times in 10 minutes.');
    assert.equal(err.hint, 'Try again in 1 minute (at 10:01 UTC).');
    // Another user in the same chat, and pages, are counted apart.
    limiter.admit('start', { ...ALEX, userId: 'megan' });
    limiter.admit('page', ALEX);
    clock.advance(60_000);
    limiter.admit('start', ALEX);
    assert.throws(() => limiter.admit('start', ALEX), /Too many starts/);
  });

  test('per conversation: many people in one chat share its limit; a refusal charges nobody', () => {
    const clock = clockAt('2026-11-24T10:00:00.000Z');
    const limiter = new CommandLimiter({ ...DEFAULT_COMMAND_RATE_LIMITS, startsPerConversation: 3 }, clock);
    for (const userId of ['a', 'b', 'c']) limiter.admit('start', { ...ALEX, userId });
    const err = refusal(() => limiter.admit('start', { ...ALEX, userId: 'd' }));
    assert.match(err.message, /this conversation may start at most 3 times in 10 minutes/);
    assert.equal(err.hint, 'Try again in 4 minutes (at 10:04 UTC).');
    limiter.admit('start', { ...ALEX, userId: 'd', conversationId: 'c2' });
    limiter.admit('start', { ...ALEX, userId: 'd', tenantId: 't2' });
  });

  test(`more than ${LIMITS.attendees} people in one command is refused with a card-ready message`, () => {
    const limiter = new CommandLimiter(DEFAULT_COMMAND_RATE_LIMITS, clockAt('2026-11-24T10:00:00.000Z'));
    limiter.admit('page', { ...ALEX, attendees: LIMITS.attendees });
    const err = refusal(() => limiter.admit('page', { ...ALEX, attendees: 300 }));
    assert.equal(err.code, 'COMMAND_INVALID');
    assert.match(err.message, /You named 300 people; one page may name at most 50/);
  });

  test('configuration: RATE_LIMIT_* variables, with errors naming the variable', () => {
    const base = { SANDBOX: 'on' };
    assert.deepEqual(loadConfig(base).rateLimits, DEFAULT_COMMAND_RATE_LIMITS);
    assert.equal(loadConfig({ ...base, RATE_LIMIT_PAGES_PER_USER: '5' }).rateLimits?.pagesPerUser, 5);
    for (const name of ['RATE_LIMIT_STARTS_PER_USER', 'RATE_LIMIT_STARTS_PER_CONVERSATION', 'RATE_LIMIT_PAGES_PER_USER', 'RATE_LIMIT_PAGES_PER_CONVERSATION', 'RATE_LIMIT_WINDOW_MINUTES']) {
      assert.throws(() => loadConfig({ ...base, [name]: 'lots' }), (e: unknown) => e instanceof ConfigError && e.variable === name && e.message.startsWith(`${name}:`));
      assert.throws(() => loadConfig({ ...base, [name]: '0' }), (e: unknown) => e instanceof ConfigError && e.variable === name);
    }
  });
});
