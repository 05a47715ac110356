/**
 * npm run manifest — writes build/appPackage.zip for upload to Teams.
 * Reads the same variables as the bot (environment first, then .env): MicrosoftAppId (required),
 * PUBLIC_BASE_URL (required, its host is the bot domain), TEAMS_APP_ID (optional, defaults to a
 * stable id derived from MicrosoftAppId), TEAMS_APP_WEBSITE_URL / TEAMS_APP_PRIVACY_URL /
 * TEAMS_APP_TERMS_URL (optional, default PUBLIC_BASE_URL). The app version is package.json's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { ConfigError } from '../src/errors/app-error';
import { buildAppPackage, REPO_ROOT, renderManifest, type Env } from './manifest/build-app-package';

function loadEnv(): Env {
  const file = path.join(process.cwd(), '.env');
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  return { ...fromFile, ...process.env };
}

async function main(): Promise<number> {
  const env = loadEnv();
  try {
    const manifest = await renderManifest(env);
    const zip = await buildAppPackage(env);
    const out = path.join(REPO_ROOT, 'build', 'appPackage.zip');
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, zip);
    const bot = (manifest.bots as { botId: string }[] | undefined)?.[0];
    process.stdout.write(
      `Wrote ${out} (${zip.length} bytes)\n` +
        `  Teams app id ${String(manifest.id)}, version ${String(manifest.version)}\n` +
        `  bot id       ${bot?.botId ?? '?'}\n` +
        `  valid domain ${String((manifest.validDomains as string[] | undefined)?.[0])}\n` +
        'Upload it in Teams (Apps > Manage your apps > Upload an app) or the Teams admin center.\n',
    );
    return 0;
  } catch (e: unknown) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Cannot build the app package: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`Cannot build the app package: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
