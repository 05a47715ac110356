import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { ALL_COMMAND_SCOPES, type CommandCatalogEntry } from '../../src/commands/command-module';
import { COMMAND_CATALOG, availableCommands } from '../../src/commands/registry';
import { ConfigError } from '../../src/errors/app-error';
import {
  buildAppPackage,
  buildCommandLists,
  defaultTeamsAppId,
  findPlaceholders,
  MAX_COMMANDS_PER_SCOPE,
  type Env,
} from '../../scripts/manifest/build-app-package';

const BOT_ID = '0f8c2a4e-6b1d-4c3a-9e7f-2d5b8a1c9e04';
const ENV: Env = { MicrosoftAppId: BOT_ID, PUBLIC_BASE_URL: 'https://incident-bridge-test.azurewebsites.net' };
const SCHEMA_DIR = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));

interface BuiltPackage {
  readonly names: string[];
  readonly manifest: Record<string, unknown>;
  readonly manifestText: string;
  readonly color: PNG;
  readonly outline: PNG;
}

async function unpack(zipBytes: Buffer): Promise<BuiltPackage> {
  const zip = await JSZip.loadAsync(zipBytes);
  const names = Object.keys(zip.files).sort();
  const read = async (name: string): Promise<Buffer> => {
    const f = zip.file(name);
    assert.ok(f, `${name} at the zip root`);
    return f.async('nodebuffer');
  };
  const manifestText = (await read('manifest.json')).toString('utf8');
  const manifest = JSON.parse(manifestText) as Record<string, unknown>;
  const icons = manifest.icons as { color: string; outline: string };
  return {
    names,
    manifest,
    manifestText,
    color: PNG.sync.read(await read(icons.color)),
    outline: PNG.sync.read(await read(icons.outline)),
  };
}

let cached: Promise<BuiltPackage> | undefined;
function built(): Promise<BuiltPackage> {
  cached ??= buildAppPackage(ENV, { version: '1.2.3' }).then(unpack);
  return cached;
}

function bot(manifest: Record<string, unknown>): Record<string, unknown> {
  const bots = manifest.bots as Record<string, unknown>[];
  assert.equal(bots.length, 1);
  return bots[0]!;
}

/**
 * The official schema for the manifest's own manifestVersion, loaded offline from @microsoft/app-manifest.
 * Those schemas declare draft-04. Ajv 8's default dialect is draft-07, which evaluates every draft-04 keyword
 * the same way except boolean exclusiveMinimum/exclusiveMaximum and `id` (draft-06 renamed it `$id`): the test
 * checks none of those occur, then drops the draft-04 `$schema` so Ajv compiles it.
 */
async function officialSchema(manifestVersion: string): Promise<Record<string, unknown>> {
  const file = path.join(SCHEMA_DIR, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  const schema = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  assert.match(String(schema.$schema), /^https?:\/\/json-schema\.org\/draft-0[47]\/schema#?$/);
  const draft04Only: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) {
      for (const [i, n] of node.entries()) walk(n, `${at}/${i}`);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'exclusiveMinimum' || k === 'exclusiveMaximum') && typeof v === 'boolean') draft04Only.push(`${at}/${k}`);
      if (k === 'id' && typeof v === 'string' && !at.endsWith('/properties')) draft04Only.push(`${at}/${k}`);
      walk(v, `${at}/${k}`);
    }
  };
  walk(schema, '#');
  assert.deepEqual(draft04Only, [], 'draft-04-only constructs would be evaluated differently by Ajv draft-07');
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

test('the package holds exactly manifest.json and the two icons at the root', async () => {
  const pkg = await built();
  const icons = pkg.manifest.icons as { color: string; outline: string };
  assert.deepEqual(pkg.names, ['manifest.json', icons.color, icons.outline].sort());
});

test('manifest.json validates against the official Teams schema of its manifestVersion', async () => {
  const { manifest } = await built();
  const version = String(manifest.manifestVersion);
  assert.equal(manifest.$schema, `https://developer.microsoft.com/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`);
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(await officialSchema(version));
  const ok = validate(manifest);
  assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  assert.ok(Number(version.split('.')[1]) >= 17, 'schema 1.17 or newer');
});

test('the bot supports audio calling, not video, in personal/team/groupChat', async () => {
  const b = bot((await built()).manifest);
  assert.equal(b.botId, BOT_ID);
  assert.equal(b.supportsCalling, true);
  assert.equal(b.supportsVideo, false);
  assert.deepEqual([...(b.scopes as string[])].sort(), ['groupChat', 'personal', 'team']);
});

test('command lists equal the catalog\'s available commands, per scope', async () => {
  const lists = bot((await built()).manifest).commandLists as { scopes: string[]; commands: { title: string; description: string }[] }[];
  for (const scope of ALL_COMMAND_SCOPES) {
    const forScope = lists.filter((l) => l.scopes.includes(scope));
    const expected = availableCommands(scope).map((c) => ({ title: c.name, description: c.description }));
    if (expected.length === 0) {
      assert.equal(forScope.length, 0, scope);
      continue;
    }
    assert.equal(forScope.length, 1, `exactly one command list for ${scope}`);
    assert.deepEqual(forScope[0]!.commands, expected, scope);
  }
  const titles = lists.flatMap((l) => l.commands.map((c) => c.title));
  assert.ok(titles.includes('start') && titles.includes('help'));
  for (const c of COMMAND_CATALOG.filter((e) => !e.available)) assert.ok(!titles.includes(c.name), `unavailable "${c.name}" stays out`);
});

test('more than 10 available commands in a scope is refused, naming the catalog', () => {
  const many: CommandCatalogEntry[] = Array.from({ length: MAX_COMMANDS_PER_SCOPE + 1 }, (_, i) => ({
    name: `cmd${i}`,
    description: 'd',
    example: `cmd${i}`,
    scopes: ['team'],
    available: true,
  }));
  assert.throws(() => buildCommandLists(many), (e: unknown) => e instanceof ConfigError && e.variable === 'COMMAND_CATALOG' && /team/.test(e.message));
  assert.doesNotThrow(() => buildCommandLists(many.slice(0, MAX_COMMANDS_PER_SCOPE)));
});

test('validDomains holds the bot domain; webApplicationInfo names the bot', async () => {
  const { manifest } = await built();
  assert.deepEqual(manifest.validDomains, ['incident-bridge-test.azurewebsites.net']);
  assert.deepEqual(manifest.webApplicationInfo, { id: BOT_ID, resource: `api://botid-${BOT_ID}` });
});

test('every placeholder is filled; version and app id come from package version and a stable default', async () => {
  const { manifest, manifestText } = await built();
  assert.deepEqual(findPlaceholders(manifest), []);
  assert.doesNotMatch(manifestText, /\$\{\{/);
  assert.equal(manifest.version, '1.2.3');
  assert.equal(manifest.id, defaultTeamsAppId(BOT_ID));
  assert.equal(defaultTeamsAppId(BOT_ID.toUpperCase()), defaultTeamsAppId(BOT_ID), 'stable across casing');
  assert.notEqual(manifest.id, BOT_ID);
  const custom = await unpack(await buildAppPackage({ ...ENV, TEAMS_APP_ID: '7d4e3c2b-1a09-4f8e-b7d6-c5b4a3928170' }, { version: '1.2.3' }));
  assert.equal(custom.manifest.id, '7d4e3c2b-1a09-4f8e-b7d6-c5b4a3928170');
});

test('the package build is reproducible', async () => {
  const a = await buildAppPackage(ENV, { version: '1.2.3' });
  const b = await buildAppPackage(ENV, { version: '1.2.3' });
  assert.ok(a.equals(b));
});

test('color.png is 192×192 and opaque; outline.png is 32×32, transparent, white only', async () => {
  const { color, outline } = await built();
  assert.equal(color.width, 192);
  assert.equal(color.height, 192);
  assert.equal(outline.width, 32);
  assert.equal(outline.height, 32);
  let transparent = 0;
  let drawn = 0;
  for (let i = 0; i < outline.data.length; i += 4) {
    const [r, g, b, a] = [outline.data[i]!, outline.data[i + 1]!, outline.data[i + 2]!, outline.data[i + 3]!];
    if (a === 0) {
      transparent++;
      continue;
    }
    drawn++;
    assert.deepEqual([r, g, b], [255, 255, 255], `outline pixel ${i / 4} must be white`);
  }
  assert.ok(transparent > 32 * 32 * 0.3, 'outline background is transparent');
  assert.ok(drawn > 32 * 32 * 0.1, 'outline has a visible glyph');
  for (const corner of [0, 31, 32 * 31, 32 * 32 - 1]) assert.equal(outline.data[corner * 4 + 3], 0, 'corners transparent');
  for (let i = 3; i < color.data.length; i += 4) assert.equal(color.data[i], 255, 'color icon is opaque');
});

test('a missing or malformed variable gives an error naming it', async () => {
  const fails = async (env: Env, variable: string, opts: { version?: string } = { version: '1.2.3' }): Promise<void> => {
    await assert.rejects(buildAppPackage(env, opts), (e: unknown) => {
      assert.ok(e instanceof ConfigError, String(e));
      assert.equal(e.variable, variable);
      assert.ok(e.message.startsWith(`${variable}:`), e.message);
      return true;
    });
  };
  await fails({ PUBLIC_BASE_URL: ENV.PUBLIC_BASE_URL }, 'MicrosoftAppId');
  await fails({ ...ENV, MicrosoftAppId: '   ' }, 'MicrosoftAppId');
  await fails({ ...ENV, MicrosoftAppId: 'not-a-guid' }, 'MicrosoftAppId');
  await fails({ MicrosoftAppId: BOT_ID }, 'PUBLIC_BASE_URL');
  await fails({ ...ENV, PUBLIC_BASE_URL: 'http://incident-bridge-test.azurewebsites.net' }, 'PUBLIC_BASE_URL');
  await fails({ ...ENV, PUBLIC_BASE_URL: 'not a url' }, 'PUBLIC_BASE_URL');
  await fails({ ...ENV, TEAMS_APP_ID: 'abc' }, 'TEAMS_APP_ID');
  await fails({ ...ENV, TEAMS_APP_PRIVACY_URL: 'http://example.com/privacy' }, 'TEAMS_APP_PRIVACY_URL');
  await fails(ENV, 'version', { version: '1.2' });
});
