/**
 * Runs Microsoft 365 Agents Playground (@microsoft/m365agentsplayground, Microsoft's local Teams client and Bot
 * Connector) fully offline against a bot endpoint: used by `npm start`'s sandbox mode and by the browser tests.
 *
 * Offline, the Playground must be told three things (see PLAYGROUND_OFFLINE_ENV):
 *  - TEAMSAPPTESTER_BROWSER=none: otherwise it runs `open http://localhost:<port>` (xdg-open).
 *  - --disable-telemetry only stops its own events: its Application Insights SDK still starts,
 *    probes Azure IMDS (169.254.169.254) and resolves westus-0.in.applicationinsights.azure.com for
 *    statsbeat. APPLICATIONINSIGHTS_CONFIGURATION_CONTENT + APPLICATION_INSIGHTS_NO_STATSBEAT stop
 *    both (checked with strace: no connect() but loopback).
 *  - It writes ./devTools/m365agentsplayground.log under its cwd, so it runs in a temporary folder
 *    with M365_AGENTS_PLAYGROUND_LOGFILE pointing there, and M365_AGENTS_PLAYGROUND_CONFIG_PATH at
 *    the project's yml.
 * The web UI loads Segoe UI fonts from res-1.cdn.office.net; the page blocks every request that
 * is not to loopback (blockedRequests() lists them).
 */
import { spawnGuarded } from './guarded-spawn';
import { exited, killGroup, waitForExit } from './process-group';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** Project root (this file is sandbox/playground/agents-playground.ts, or its build under dist/sandbox/playground/). */
// The folder with package.json, whether this runs from source or compiled under dist/.
const PROJECT_ROOT = ((d: string): string => { while (!existsSync(path.join(d, 'package.json')) && path.dirname(d) !== d) d = path.dirname(d); return d; })(__dirname);

/** The project's mock Teams context for the Playground. */
export const PLAYGROUND_CONFIG_PATH = path.join(PROJECT_ROOT, '.m365agentsplayground.yml');

/** Environment that keeps the Playground from opening a browser or reaching Microsoft. */
export const PLAYGROUND_OFFLINE_ENV: Readonly<Record<string, string>> = {
  TEAMSAPPTESTER_BROWSER: 'none',
  APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
  APPLICATIONINSIGHTS_CONFIGURATION_CONTENT: JSON.stringify({
    disableAppInsights: true,
    disableStatsbeat: true,
    enableAutoCollectHeartbeat: false,
    noDiagnosticChannel: true,
  }),
};

export interface StartPlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  readonly botEndpoint: string;
  /** Port for the Playground's UI and connector; default: a free port. */
  readonly port?: number;
  /** Mock-data file; default: the project's .m365agentsplayground.yml; null: none, the Playground's own default mock tenant. */
  readonly configPath?: string | null;
  /** serviceUrl put on activities; default (the Playground's own): http://localhost:<port>/_connector. */
  readonly serviceUrl?: string;
  /** Bound on start-up; default 30 s. */
  readonly startTimeoutMs?: number;
  /** Extra environment for the Playground process. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface PlaygroundServer {
  /** The web UI, http://127.0.0.1:<port>/ */
  readonly url: string;
  /** The Bot Connector the bot is given on each activity. */
  readonly serviceUrl: string;
  readonly port: number;
  readonly pid: number;
  /** What the Playground printed (stdout, stderr and its log file). */
  output(): string;
  /** Kills the whole process group; bounded; safe to call twice. */
  stop(): Promise<void>;
}

const CLI_START_ARGS = ['-c', 'msteams', '--disable-telemetry'] as const;

function playgroundCliPath(): string {
  const pkg = require.resolve('@microsoft/m365agentsplayground/package.json');
  return path.join(path.dirname(pkg), 'cli.js');
}

async function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function ping(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/_debug/ping`, { signal: AbortSignal.timeout(1_000) });
    return res.ok && (await res.text()).trim() === 'pong';
  } catch (e: unknown) {
    void e;
    return false;
  }
}


/** Groups still running, killed if this process exits or is signalled without stop(). */
const liveGroups = new Map<number, string>(); // pid -> scratch folder
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = (): void => {
    for (const [pid, scratch] of liveGroups) {
      killGroup(pid, 'SIGKILL');
      rmSync(scratch, { recursive: true, force: true });
    }
    liveGroups.clear();
  };
  process.once('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      killAll();
      // Keep the signal's usual effect when nobody else handles it.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    });
  }
}

/**
 * Starts the Playground against `botEndpoint` and resolves once its UI and connector answer.
 * Equivalent shell command (from a scratch folder):
 *   TEAMSAPPTESTER_BROWSER=none APPLICATION_INSIGHTS_NO_STATSBEAT=true \
 *   APPLICATIONINSIGHTS_CONFIGURATION_CONTENT='{"disableAppInsights":true,"disableStatsbeat":true,"enableAutoCollectHeartbeat":false,"noDiagnosticChannel":true}' \
 *   M365_AGENTS_PLAYGROUND_CONFIG_PATH=<root>/.m365agentsplayground.yml M365_AGENTS_PLAYGROUND_LOGFILE=<scratch>/playground.log \
 *   npx agentsplayground start -e <botEndpoint> -c msteams --disable-telemetry -p <port>
 */
export async function startPlayground(options: StartPlaygroundOptions): Promise<PlaygroundServer> {
  const configPath = options.configPath === null ? undefined : (options.configPath ?? PLAYGROUND_CONFIG_PATH);
  if (configPath !== undefined && !existsSync(configPath)) throw new Error(`Playground config not found: ${configPath}`);
  const requestedPort = options.port ?? (await freePort());
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const scratch = mkdtempSync(path.join(tmpdir(), 'agentsplayground-'));
  const logFile = path.join(scratch, 'playground.log');

  const args = [playgroundCliPath(), 'start', '-e', options.botEndpoint, ...CLI_START_ARGS, '-p', String(requestedPort)];
  if (options.serviceUrl !== undefined) args.push('--service-url', options.serviceUrl);

  // Guarded: the Playground dies with this process even after SIGKILL (guarded-spawn.ts).
  const child = spawnGuarded(process.execPath, args, {
    cwd: scratch,
    env: {
      ...process.env,
      ...PLAYGROUND_OFFLINE_ENV,
      ...(configPath !== undefined ? { M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath } : {}),
      M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
      ...options.env,
    },
  });
  const pid = child.pid;
  if (pid === undefined) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error('could not spawn the Playground');
  }
  installExitHook();
  liveGroups.set(pid, scratch);
  // Once it has exited its group id may be reused: never signal it again.
  child.once('exit', () => liveGroups.delete(pid));

  let captured = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => (captured += s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (captured += s));
  const output = (): string => {
    // When stdout is not a TTY the Playground sends console output to its log file only.
    let log = '';
    try {
      log = readFileSync(logFile, 'utf8');
    } catch (e: unknown) {
      void e;
    }
    return `${captured}${log === '' ? '' : `\n--- ${logFile} ---\n${log}`}`;
  };

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (!exited(child)) {
      killGroup(pid, 'SIGTERM');
      if (!(await waitForExit(child, 5_000))) {
        killGroup(pid, 'SIGKILL');
        await waitForExit(child, 2_000);
      }
      killGroup(pid, 'SIGKILL'); // stragglers in the group, if any
    }
    liveGroups.delete(pid);
    child.stdout?.destroy();
    child.stderr?.destroy();
    rmSync(scratch, { recursive: true, force: true });
  };

  try {
    // It prints "Listening on <port>"; an occupied port makes it fall back to a random one.
    const deadline = Date.now() + startTimeoutMs;
    let port = 0;
    while (port === 0) {
      const m = /Listening on (\d+)/.exec(captured);
      if (m) port = Number(m[1]);
      else if (exited(child)) throw new Error(`Playground exited (code ${String(child.exitCode)})`);
      else if (Date.now() > deadline) throw new Error(`Playground did not listen within ${startTimeoutMs} ms`);
      else await delay(100);
    }
    if (options.serviceUrl !== undefined && port !== requestedPort) {
      throw new Error(`Playground took port ${port} instead of ${requestedPort}; serviceUrl ${options.serviceUrl} would be wrong`);
    }
    const url = `http://127.0.0.1:${port}`;
    while (!(await ping(url))) {
      if (exited(child)) throw new Error(`Playground exited (code ${String(child.exitCode)})`);
      if (Date.now() > deadline) throw new Error(`Playground did not answer /_debug/ping within ${startTimeoutMs} ms`);
      await delay(150);
    }
    return {
      url: `${url}/`,
      serviceUrl: options.serviceUrl ?? `http://localhost:${port}/_connector`,
      port,
      pid,
      output,
      stop,
    };
  } catch (e: unknown) {
    const text = output();
    await stop();
    throw new Error(`${errorText(e)}\n${text}`);
  }
}