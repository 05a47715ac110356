/**
 * The parser under hostile input (issue #11): no message may stall the process. Property-based (fast-check):
 * no generated input throws, and 100 KB of any generated input is answered in < 50 ms (the one timed bound the
 * issue asks for; measured as the median of several runs, with the real cost far below it). Every parser step is
 * linear; text over LIMITS.commandTextLength is refused before tokenising with a card saying the limit.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { LIMITS } from '../../src/cards/limits';
import type { CommandInput, MentionEntity } from '../../src/commands/command';
import type { ParsedCommand } from '../../src/commands/registry';
import { parseCommand } from '../../src/commands/parse-command';

const BOT = '28:00000000-0000-0000-0000-0000000b0b01';
const MEGAN: MentionEntity = { id: '29:megan', name: 'Megan Bowen', text: '<at>Megan Bowen</at>' };

/** Fragments that exercised a quadratic step before (quotes, `with`, `<at>` runs, punctuation runs, wrappers). */
const HOSTILE = ['"a ', '“a ', '«a ', 'with ', 'and ', ', ', 'at ', 'for ', '<at>x ', '<at>Megan</at> ', '</at ', '<a ', '<a href="mailto:',
  '<b ', '<p>', '&amp;', '&#', 'INC-', '#(', '....', '!!!!', '- . ', 'a@b.co ', '<<<', '>>>', '[](', 'a-', '+lobby ', 'me ', '\u200b', '\n'];
const VERBS = ['', 'start sev2 ', 'start ', 'page ', 'note ', 'resolve ', 'commander ', 'sev2 ', '<at>IncidentBridge</at> start '];

function input(text: string, mentions: readonly MentionEntity[] = []): CommandInput {
  return { text, mentions, botId: BOT };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Median wall time of parsing `text` `runs` times (after one warm-up run). */
function medianMs(text: string, maxLength?: number, runs = 5): number {
  parseCommand(input(text, [MEGAN]), maxLength);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    parseCommand(input(text, [MEGAN]), maxLength);
    times.push(performance.now() - t);
  }
  return median(times);
}

/** Repeats `fragments` up to `length` characters. */
function fill(prefix: string, fragments: readonly string[], length: number): string {
  const unit = fragments.join('');
  if (unit === '') return prefix;
  return (prefix + unit.repeat(Math.ceil(length / unit.length))).slice(0, length);
}

const anyText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.array(fc.constantFrom(...HOSTILE, ...VERBS), { maxLength: 60 }).map((parts) => parts.join('')),
);
const anyMentions = fc.array(fc.record({ id: fc.constantFrom(BOT, '29:megan', '29:adele', ''), name: fc.string({ maxLength: 20 }), text: fc.string({ maxLength: 40 }) }), { maxLength: 5 });

function isParsed(p: ParsedCommand): boolean {
  return typeof p === 'object' && p !== null && typeof p.kind === 'string';
}

describe('parser: hostile input', () => {
  test('no generated input throws, and every one gets a command, help or a refusal', () => {
    fc.assert(fc.property(fc.constantFrom(...VERBS), anyText, anyMentions, (verb, text, mentions) => {
      assert.ok(isParsed(parseCommand(input(verb + text, mentions))));
    }), { numRuns: 2000 });
  });

  test('100 KB of any generated input is answered in < 50 ms (median of 5)', () => {
    fc.assert(fc.property(fc.constantFrom(...VERBS), fc.array(fc.constantFrom(...HOSTILE), { minLength: 1, maxLength: 6 }), (verb, fragments) => {
      const text = fill(verb, fragments, 100 * 1024);
      const ms = medianMs(text);
      assert.ok(ms < 50, `${ms.toFixed(1)} ms for 100 KB of ${JSON.stringify(fragments)}`);
    }), { numRuns: 40 });
  });

  test('text over the limit is refused before tokenising, with the limit and how to shorten', () => {
    const text = fill('start sev2 ', ['"a '], 28 * 1024);
    const parsed = parseCommand(input(text));
    assert.equal(parsed.kind, 'invalid');
    if (parsed.kind !== 'invalid') return;
    assert.match(parsed.message, /28,672 characters long; commands take at most 10,000/);
    assert.match(parsed.hint, /Shorten it/);
    assert.equal(parseCommand(input(`note ${'a'.repeat(LIMITS.commandTextLength - 5)}`)).kind, 'invalid', 'a note that long is refused by the note limit, not the guard');
  });

  test('a message mentioning more people than the limit is refused before any look-up', () => {
    const mentions = Array.from({ length: 300 }, (_, i): MentionEntity => ({ id: `29:u${i}`, name: `User ${i}`, text: `<at>User ${i}</at>` }));
    const parsed = parseCommand(input(`start sev2 Outage with ${mentions.map((m) => m.text).join(' ')}`, mentions));
    assert.equal(parsed.kind, 'invalid');
    if (parsed.kind === 'invalid') assert.match(parsed.message, new RegExp(`mentions 300 people; one command may mention at most ${LIMITS.mentions}`));
  });

  // Each of these took from 0.2 s to seconds at this size before every step was made linear.
  const worstCases: [string, string, readonly string[]][] = [
    ['unbalanced quotes', 'start sev2 ', ['"a ']],
    ['with with with', 'start sev2 x ', ['with ']],
    ['page with with', 'page ', ['with ']],
    ['page and and', 'page ', ['and ']],
    ['a list of withs that ends in a non-clause', 'start x ', ['with a@b.co ']],
    ['a punctuation run', 'start x ', ['.']],
    ['unmatched <at> runs', '', ['<at>x ']],
    ['unclosed links', 'start ', ['<a ']],
  ];
  for (const [name, prefix, fragments] of worstCases) {
    test(`worst case at the length limit is linear: ${name}`, () => {
      const text = `${fill(prefix, fragments, LIMITS.commandTextLength - 1)}y`;
      assert.ok(text.length <= LIMITS.commandTextLength);
      const ms = medianMs(text);
      assert.ok(ms < 50, `${ms.toFixed(1)} ms`);
    });
  }

  test('without the length guard the steps stay linear: 100 KB of the worst cases still parse (no throw)', () => {
    for (const [, prefix, fragments] of worstCases) {
      assert.ok(isParsed(parseCommand(input(fill(prefix, fragments, 100 * 1024), [MEGAN]), Number.POSITIVE_INFINITY)));
    }
  });
});
