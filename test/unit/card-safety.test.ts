import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attachmentBytes, fitCard, listText } from '../../src/cards/card-size';
import { cardDate, when } from '../../src/cards/card-format';
import { card, plain } from '../../src/cards/adaptive-card';
import { incidentCard } from '../../src/cards/incident-card';
import { incidentListCard } from '../../src/cards/incident-list-card';
import { LIMITS } from '../../src/cards/limits';
import type { Incident } from '../../src/incidents/incident';
import { cardProblems } from '../support/adaptive-card-check';
import { incident } from '../support/incident-fixtures';

const STRICT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function dateArgs(c: unknown): string[] {
  return [...JSON.stringify(c).matchAll(/\{\{(?:DATE|TIME)\(([^,)]*)/g)].map((m) => m[1] ?? '');
}

describe('DATE()/TIME() arguments are strict RFC 3339', () => {
  for (let digits = 0; digits <= 9; digits += 1) {
    test(`${digits} fractional digits`, () => {
      const frac = digits === 0 ? '' : `.${'8660000123'.slice(0, digits)}`;
      assert.equal(cardDate(`2026-12-02T08:07:46${frac}Z`), '2026-12-02T08:07:46Z');
    });
  }
  test('offsets become UTC', () => {
    assert.equal(cardDate('2026-12-02T10:07:46.8660000+02:00'), '2026-12-02T08:07:46Z');
    assert.equal(cardDate('2026-12-02T03:07:46-0500'), '2026-12-02T08:07:46Z');
    assert.equal(cardDate('2026-12-02T08:07:46.1z'), '2026-12-02T08:07:46Z');
    assert.equal(cardDate('2026-12-02T08:07'), '2026-12-02T08:07:00Z');
  });
  test('not a date: no function, literal text', () => {
    assert.equal(cardDate('yesterday'), undefined);
    assert.equal(when('{{x}}'), '{x}');
  });
  test('every card with Graph seven-digit times carries strict arguments', () => {
    const seven = '2026-12-02T08:07:46.8660000Z';
    const base = incident();
    const meeting = base.meeting;
    assert.ok(meeting);
    const i = incident({ createdAt: '2026-12-02T07:00:00.1234567Z', meeting: { ...meeting, startDateTime: seven }, timeline: [{ at: seven, text: 'a' }, { at: '2026-12-02T09:00:00.5Z', text: 'b' }] });
    for (const c of [incidentCard(i), incidentCard({ ...i, state: 'resolved', resolvedAt: seven } as Incident)]) {
      const args = dateArgs(c);
      assert.ok(args.length > 0);
      for (const a of args) assert.match(a, STRICT);
    }
  });
});

describe('card text safety', () => {
  test('list markers and headings escaped on every line', () => {
    const out = plain('ok\n- a\n  + b\n3. c\n4) d\n# h\r- e');
    for (const line of out.split(/\r|\n/).slice(1)) assert.match(line, /^\s*(\\|\d+\\)/, line);
  });
  test('bidi controls stripped', () => {
    assert.equal(plain('a\u202Eb\u2066c\u2069\u200E\u200F\u061Cd\u202A\u202B\u202C\u202D\u2067\u2068'), 'abcd');
  });
  test('text functions cannot be injected', () => {
    const out = plain('{{DATE(2017-02-14T06:08:00Z, SHORT)}} {{ TIME(2017-02-14T06:08:00Z) }} {{{DATE(');
    assert.ok(!out.includes('{{') && !out.includes('}}'), out);
    const c = incidentCard(incident({ title: '{{DATE(2017-02-14T06:08:00Z, SHORT)}}' }));
    assert.ok(!JSON.stringify(c.body[0]).includes('{{'));
  });
});

describe('card-size guard', () => {
  const many = <T>(n: number, f: (k: number) => T): T[] => Array.from({ length: n }, (_, k) => f(k));
  test('200 unknown e-mails, 300 attendees, 100,000-character summary, 2,000 timeline lines', () => {
    const i = incident({
      unresolved: many(200, (k) => ({ requestedAs: `nobody${k}@contoso.com`, reason: 'not found in the tenant' })),
      attendees: many(300, (k) => ({ aadObjectId: `00000000-0000-0000-0000-${String(k).padStart(12, '0')}`, displayName: `Person Number ${k} With A Long Name`, upn: `p${k}@contoso.com`, requestedAs: `p${k}@contoso.com` })),
      timeline: many(2000, (k) => ({ at: '2026-11-24T10:02:11.193Z', text: `entry ${k} ${'x'.repeat(200)}` })),
      summary: 's'.repeat(100_000),
    });
    for (const c of [incidentCard(i), incidentCard({ ...i, state: 'resolved', resolvedAt: '2026-11-24T12:02:11.193Z' } as Incident)]) {
      assert.ok(attachmentBytes(c) <= LIMITS.teamsPayloadBytes, `${attachmentBytes(c)} bytes`);
      assert.deepEqual(cardProblems(c), []);
    }
    const live = JSON.stringify(incidentCard(i));
    assert.ok(live.includes('…and 260 more'), 'attendees left out are counted');
    assert.ok(live.includes('…and 160 more'), 'unknown e-mails left out are counted');
    const resolved = JSON.stringify(incidentCard({ ...i, state: 'resolved', resolvedAt: '2026-11-24T12:02:11.193Z' } as Incident));
    assert.ok(resolved.includes('…'), 'summary cut with a visible ellipsis');
    assert.match(resolved, /\d{4} earlier entries/, 'timeline left out is counted');
  });
  test('a huge card of any shape is fitted, never thrown', () => {
    const big = card(many(500, (k) => ({ type: 'TextBlock' as const, text: `${k} ${'é'.repeat(3000)}` })));
    assert.ok(attachmentBytes(big) <= LIMITS.cardBytes);
    assert.ok(JSON.stringify(big).includes('more'));
  });
  test('small cards are unchanged; listText counts the rest', () => {
    const small = card([{ type: 'TextBlock', text: 'hi' }]);
    assert.equal(fitCard(small), small);
    assert.equal(listText(['a', 'b', 'c'], 2, 'INC-1'), 'a, b …and 1 more: type "export INC-1" for all');
  });
  test('list card with long titles stays under the limit', () => {
    const rows = many(40, (k) => incident({ id: `INC-${k}`, title: 't'.repeat(5000) }));
    assert.ok(attachmentBytes(incidentListCard(rows, new Date('2026-11-24T12:00:00Z'), 'team')) <= LIMITS.teamsPayloadBytes);
  });
});
