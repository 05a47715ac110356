/**
 * "adaptivecards keeps a real job": every card in the gallery (test/support/card-gallery.ts) — built by the real
 * builders — parses in the reference renderer with no warnings, fits Teams' 28 KB card limit, and hands
 * {{DATE()}}/{{TIME()}} only timestamps in the strict RFC 3339 form the renderers accept (no fractional seconds).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cardProblems } from '../support/adaptive-card-check';
import { GALLERY } from '../support/card-gallery';

/** Teams rejects a message whose card payload exceeds about 28 KB. */
const TEAMS_CARD_LIMIT = 28 * 1024;

/** The timestamp grammar of the renderers' DATE/TIME functions (adaptivecards' text-formatters, Teams' docs). */
const STRICT_RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$/;

function dateProblems(json: unknown): string[] {
  const s = JSON.stringify(json);
  const problems: string[] = [];
  for (const m of s.matchAll(/\{\{(DATE|TIME)\(([^)]*)\)\}\}/g)) {
    const [stamp, format, ...rest] = m[2]!.split(',').map((x) => x.trim());
    if (!STRICT_RFC3339.test(stamp ?? '') || Number.isNaN(Date.parse(stamp ?? ''))) problems.push(`${m[1]}: "${stamp}" is not strict RFC 3339`);
    if (m[1] === 'DATE' && format !== undefined && !['COMPACT', 'LONG', 'SHORT'].includes(format)) problems.push(`DATE: unknown format ${format}`);
    if (m[1] === 'TIME' && format !== undefined) problems.push('TIME takes no format');
    if (rest.length > 0) problems.push(`${m[1]}: too many arguments`);
  }
  // Anything that looks like a date function but does not match the pattern above shows as raw text.
  for (const m of s.matchAll(/\{\{\s*(?:date|time)\s*\(/gi)) if (!/^\{\{(DATE|TIME)\(/.test(m[0])) problems.push(`malformed ${m[0]}`);
  return problems;
}

function allProblems(card: unknown): string[] {
  const size = Buffer.byteLength(JSON.stringify(card), 'utf8');
  return [...cardProblems(card), ...dateProblems(card), ...(size > TEAMS_CARD_LIMIT ? [`${size} bytes, over Teams' ${TEAMS_CARD_LIMIT}`] : [])];
}

describe('card gallery: every card the bot posts passes the adaptivecards renderer', () => {
  test('the gallery has unique, file-name safe names and covers every kind of card', () => {
    const names = GALLERY.map((c) => c.name);
    assert.equal(new Set(names).size, names.length, 'names are unique');
    for (const n of names) assert.match(n, /^[a-z0-9-]+$/);
    for (const prefix of ['incident-meeting-ready', 'incident-meeting-failed-', 'incident-bot-joining', 'incident-bot-connected', 'incident-call-ended-', 'incident-scheduled',
      'incident-with-commander', 'incident-many-attendees', 'incident-long-timeline', 'resolved', 'list-empty', 'list-many', 'status', 'error-', 'help', 'start-form', 'page-form', 'resolve-form']) {
      assert.ok(names.some((n) => n.startsWith(prefix)), `gallery lacks ${prefix}`);
    }
  });

  for (const c of GALLERY) {
    test(`${c.name} parses with no warnings, fits 28 KB, and its DATE/TIME arguments are strict RFC 3339`, () => {
      assert.deepEqual(allProblems(c.card), []);
    });
  }

  test('the checks really catch problems', () => {
    assert.notDeepEqual(dateProblems({ text: '{{DATE(2026-11-24T12:00:00.0000000Z, SHORT)}}' }), []);
    assert.notDeepEqual(dateProblems({ text: '{{TIME(2026-11-24 12:00)}}' }), []);
    assert.deepEqual(dateProblems({ text: '{{DATE(2026-11-24T12:00:00Z, SHORT)}} {{TIME(2026-11-24T12:00:00+01:00)}}' }), []);
    assert.notDeepEqual(allProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x'.repeat(TEAMS_CARD_LIMIT) }] }), []);
  });
});
