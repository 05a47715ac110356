/**
 * Builds the Teams app package (manifest.json + color.png + outline.png at the zip root) from
 * manifest/manifest.template.json, the command catalog and the configuration variables.
 *
 * Placeholders in the template look like ${{NAME}}. A string that is exactly one placeholder may be
 * replaced by a non-string value (COMMAND_LISTS becomes an array); anywhere else they are text.
 * Every failure names the variable to fix (ConfigError.variable).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { ConfigError } from '../../src/errors/app-error';
import { ALL_COMMAND_SCOPES, type CommandCatalogEntry, type CommandScope } from '../../src/commands/command-module';
import { COMMAND_CATALOG } from '../../src/commands/registry';

export type Env = Readonly<Record<string, string | undefined>>;

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const MANIFEST_DIR = path.join(REPO_ROOT, 'manifest');
const TEMPLATE_FILE = 'manifest.template.json';

/**
 * Limits for bot command lists. Schemas before 1.24 allow 10 commands per list (1.24+ allow 12, added for
 * Copilot Studio starter prompts); 10 keeps the package valid for every Teams client. Title/description
 * lengths are the Teams docs' limits (the schema allows longer).
 */
export const MAX_COMMANDS_PER_SCOPE = 10;
const MAX_COMMAND_TITLE = 32;
const MAX_COMMAND_DESCRIPTION = 128;

export const ICON_SIZES = { color: 192, outline: 32 } as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEMVER = /^\d+\.\d+\.\d+$/;
const PLACEHOLDER = /\$\{\{([A-Z0-9_]+)\}\}/g;
/** Name-based (v5) UUID namespace for the default Teams app id: fixed forever, or every build would be a new app. */
const TEAMS_APP_ID_NAMESPACE = '3f0c5a52-5b8e-4d55-9a53-7b0f3f6f1c2e';
/** Fixed file dates keep the zip byte-identical for identical inputs. */
const ZIP_DATE = new Date('2020-01-01T00:00:00Z');

export interface AppPackageOptions {
  /** App version for the manifest; defaults to package.json's "version". */
  readonly version?: string;
  /** Folder holding the template and the icons; defaults to <repo>/manifest. */
  readonly manifestDir?: string;
  /** Catalog to take commands from; defaults to COMMAND_CATALOG. */
  readonly catalog?: readonly CommandCatalogEntry[];
}

interface ManifestValues {
  readonly TEAMS_APP_ID: string;
  readonly BOT_ID: string;
  readonly BOT_DOMAIN: string;
  readonly APP_VERSION: string;
  readonly DEVELOPER_WEBSITE_URL: string;
  readonly DEVELOPER_PRIVACY_URL: string;
  readonly DEVELOPER_TERMS_URL: string;
}

export interface BotCommandList {
  readonly scopes: CommandScope[];
  readonly commands: { readonly title: string; readonly description: string }[];
}

function str(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function httpsUrl(env: Env, name: string, fallback: string): string {
  const raw = str(env, name) ?? fallback;
  let u: URL;
  try {
    u = new URL(raw);
  } catch (e: unknown) {
    throw new ConfigError(name, `must be an absolute https:// URL, got "${raw}" (${e instanceof Error ? e.message : String(e)})`);
  }
  if (u.protocol !== 'https:') throw new ConfigError(name, `must be an https:// URL (Teams requires it), got "${raw}"`);
  return u.toString();
}

/** A stable Teams app id derived from the bot id (UUID v5), so rebuilding updates the same app. */
export function defaultTeamsAppId(botId: string): string {
  const ns = Buffer.from(TEAMS_APP_ID_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(`incident-bridge:${botId.toLowerCase()}`, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Reads and checks the variables the manifest needs. Throws ConfigError naming the variable. */
function resolveManifestValues(env: Env, version: string): ManifestValues {
  const botId = str(env, 'MicrosoftAppId');
  if (!botId) throw new ConfigError('MicrosoftAppId', 'is required to build the app package (the Azure Bot\'s Microsoft App ID, a GUID)');
  if (!GUID.test(botId)) throw new ConfigError('MicrosoftAppId', `must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), got "${botId}"`);

  const teamsAppId = str(env, 'TEAMS_APP_ID') ?? defaultTeamsAppId(botId);
  if (!GUID.test(teamsAppId)) throw new ConfigError('TEAMS_APP_ID', `must be a GUID, got "${teamsAppId}"`);

  const base = str(env, 'PUBLIC_BASE_URL');
  if (!base) throw new ConfigError('PUBLIC_BASE_URL', 'is required to build the app package: its host becomes the bot domain in validDomains (e.g. https://incident-bridge.azurewebsites.net)');
  const baseUrl = new URL(httpsUrl(env, 'PUBLIC_BASE_URL', base));
  const botDomain = baseUrl.hostname;
  const site = `${baseUrl.origin}/`;

  if (!SEMVER.test(version)) {
    throw new ConfigError('version', `package.json "version" must be MAJOR.MINOR.PATCH for the Teams manifest, got "${version}"`);
  }

  return {
    TEAMS_APP_ID: teamsAppId.toLowerCase(),
    BOT_ID: botId.toLowerCase(),
    BOT_DOMAIN: botDomain,
    APP_VERSION: version,
    DEVELOPER_WEBSITE_URL: httpsUrl(env, 'TEAMS_APP_WEBSITE_URL', site),
    DEVELOPER_PRIVACY_URL: httpsUrl(env, 'TEAMS_APP_PRIVACY_URL', site),
    DEVELOPER_TERMS_URL: httpsUrl(env, 'TEAMS_APP_TERMS_URL', site),
  };
}

/**
 * One command list per distinct set of commands: scopes that offer exactly the same commands share a list
 * (Teams allows one list per scope; at most 10 commands each).
 */
export function buildCommandLists(catalog: readonly CommandCatalogEntry[] = COMMAND_CATALOG): BotCommandList[] {
  const lists: BotCommandList[] = [];
  for (const scope of ALL_COMMAND_SCOPES) {
    const commands = catalog
      .filter((c) => c.available && c.scopes.includes(scope))
      .map((c) => {
        if (c.name.length > MAX_COMMAND_TITLE) throw new ConfigError('COMMAND_CATALOG', `command "${c.name}": name longer than ${MAX_COMMAND_TITLE} characters`);
        if (c.description.length > MAX_COMMAND_DESCRIPTION) {
          throw new ConfigError('COMMAND_CATALOG', `command "${c.name}": description longer than ${MAX_COMMAND_DESCRIPTION} characters`);
        }
        return { title: c.name, description: c.description };
      });
    if (commands.length > MAX_COMMANDS_PER_SCOPE) {
      throw new ConfigError(
        'COMMAND_CATALOG',
        `${commands.length} available commands in scope "${scope}"; Teams allows at most ${MAX_COMMANDS_PER_SCOPE} per scope. ` +
          'Narrow the scopes of some commands (their catalog entry in src/commands/<verb>.ts).',
      );
    }
    if (commands.length === 0) continue;
    const key = JSON.stringify(commands);
    const same = lists.find((l) => JSON.stringify(l.commands) === key);
    if (same) same.scopes.push(scope);
    else lists.push({ scopes: [scope], commands });
  }
  return lists;
}

/** Replaces ${{NAME}} placeholders throughout a parsed JSON value. Unknown names are left in place. */
function fillPlaceholders(value: unknown, values: Readonly<Record<string, unknown>>): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{\{([A-Z0-9_]+)\}\}$/.exec(value);
    if (whole && Object.hasOwn(values, whole[1]!)) return values[whole[1]!];
    return value.replace(PLACEHOLDER, (m: string, name: string) => {
      if (!Object.hasOwn(values, name)) return m;
      const v = values[name];
      if (typeof v !== 'string') throw new ConfigError(name, 'is not text and cannot be placed inside a longer string in the manifest template');
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v) => fillPlaceholders(v, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v, values)]));
  }
  return value;
}

/** Every ${{NAME}} left in a JSON value. */
export function findPlaceholders(value: unknown): string[] {
  const text = JSON.stringify(value);
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

async function readPackageVersion(): Promise<string> {
  const pkg: unknown = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const v = pkg !== null && typeof pkg === 'object' ? (pkg as { version?: unknown }).version : undefined;
  if (typeof v !== 'string') throw new ConfigError('version', 'package.json has no "version"');
  return v;
}

/** The filled manifest object. */
export async function renderManifest(env: Env, opts: AppPackageOptions = {}): Promise<Record<string, unknown>> {
  const values = resolveManifestValues(env, opts.version ?? (await readPackageVersion()));
  const dir = opts.manifestDir ?? MANIFEST_DIR;
  const template: unknown = JSON.parse(await readFile(path.join(dir, TEMPLATE_FILE), 'utf8'));
  const filled = fillPlaceholders(template, { ...values, COMMAND_LISTS: buildCommandLists(opts.catalog) });
  const left = findPlaceholders(filled);
  if (left.length > 0) throw new ConfigError(left[0]!, `placeholder \${{${left[0]}}} in ${TEMPLATE_FILE} has no value (unfilled: ${left.join(', ')})`);
  if (filled === null || typeof filled !== 'object' || Array.isArray(filled)) throw new ConfigError(TEMPLATE_FILE, 'must hold a JSON object');
  return filled as Record<string, unknown>;
}

function iconFiles(manifest: Record<string, unknown>): { color: string; outline: string } {
  const icons = manifest.icons as { color?: unknown; outline?: unknown } | undefined;
  if (typeof icons?.color !== 'string' || typeof icons.outline !== 'string') throw new ConfigError(TEMPLATE_FILE, 'icons.color and icons.outline must name PNG files');
  return { color: icons.color, outline: icons.outline };
}

async function readIcon(dir: string, file: string, size: number): Promise<Buffer> {
  const full = path.join(dir, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(full);
  } catch (e: unknown) {
    throw new ConfigError(file, `cannot read ${full} (${e instanceof Error ? e.message : String(e)})`);
  }
  const png = PNG.sync.read(bytes);
  if (png.width !== size || png.height !== size) throw new ConfigError(file, `must be ${size}×${size} pixels, is ${png.width}×${png.height}`);
  return bytes;
}

/** The app package as a zip: manifest.json and both icons at the root. */
export async function buildAppPackage(env: Env, opts: AppPackageOptions = {}): Promise<Buffer> {
  const manifest = await renderManifest(env, opts);
  const dir = opts.manifestDir ?? MANIFEST_DIR;
  const icons = iconFiles(manifest);
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date: ZIP_DATE });
  zip.file(icons.color, await readIcon(dir, icons.color, ICON_SIZES.color), { date: ZIP_DATE });
  zip.file(icons.outline, await readIcon(dir, icons.outline, ICON_SIZES.outline), { date: ZIP_DATE });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}
