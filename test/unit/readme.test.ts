/** The README's command reference matches the parser's catalog: every command and its example appear in it. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { COMMAND_CATALOG } from '../../src/commands/registry';
import { parseCommand } from '../../src/commands/parse-command';
import { COMMAND_MODULES } from '../../src/commands/registry';
import { commandTable, withCommandTable } from '../../scripts/readme-commands';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

test('every available command and its example are in the README, and the examples parse', () => {
  for (const c of COMMAND_CATALOG.filter((x) => x.available)) {
    assert.ok(readme.includes(`| \`${c.name}`), `README lacks a row for ${c.name}`);
    assert.ok(readme.includes(`\`${c.example}\``), `README lacks the example of ${c.name}: ${c.example}`);
    // Examples write mentions as "@Megan Bowen": Teams sends them as <at> markup with an entity.
    const text = c.example.replace(/@Megan Bowen/g, '<at>Megan Bowen</at>');
    const mentions = text.includes('<at>') ? [{ id: '29:megan', name: 'Megan Bowen', text: '<at>Megan Bowen</at>' }] : [];
    assert.equal(parseCommand({ text, mentions, botId: '28:bot' }).kind === 'invalid', false, c.example);
  }
});

test('the README names every configuration variable of .env.example', () => {
  const env = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
  for (const m of env.matchAll(/^([A-Za-z_]+)=/gm)) assert.ok(readme.includes(`\`${m[1]}\``), `README lacks ${m[1]}`);
});

test('the README command table is the registry\'s (npm run readme rewrites it)', () => {
  assert.equal(withCommandTable(readme), readme, `README command table is stale; run npm run readme. Expected:\n${commandTable()}`);
});

test('aliases the catalog names are aliases of their command', () => {
  for (const m of COMMAND_MODULES) {
    for (const alias of m.catalog.also ?? []) assert.ok(m.aliases.includes(alias), `${m.name}: "${alias}" is not one of its aliases`);
  }
});
