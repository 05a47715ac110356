/**
 * Drives Microsoft 365 Agents Playground (@microsoft/m365agentsplayground, Microsoft's local Teams
 * client) headlessly: `startPlayground` runs its server against any bot endpoint, fully offline;
 * `openPlaygroundPage` opens its web UI in Debian's Chromium through playwright-core and gives
 * helpers that use the UI the way a person does (conversation list, compose box, @mention picker,
 * adaptive card buttons).
 *
 * Nothing here knows the bot: the harness takes the endpoint, and reads the bot's name, the chats
 * and the team from the Playground's own config (`GET /_internal/v1/testConfig`), which comes from
 * `.m365agentsplayground.yml` at the project root.
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
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Project root (this file is test/support/playground.ts). */
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** The project's mock Teams context for the Playground. */
export const PLAYGROUND_CONFIG_PATH = path.join(PROJECT_ROOT, '.m365agentsplayground.yml');

/** Debian's `chromium` package; CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium off the network on this machine (closed network). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

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
  /** Mock-data file; default: the project's .m365agentsplayground.yml. */
  readonly configPath?: string;
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

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorText(e: unknown): string {
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

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (e: unknown) {
    void e; // already gone
  }
}

/** Groups still running, killed if the test process exits without stop(). */
const liveGroups = new Set<number>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  });
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
  const configPath = options.configPath ?? PLAYGROUND_CONFIG_PATH;
  if (!existsSync(configPath)) throw new Error(`Playground config not found: ${configPath}`);
  const requestedPort = options.port ?? (await freePort());
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const scratch = mkdtempSync(path.join(tmpdir(), 'agentsplayground-'));
  const logFile = path.join(scratch, 'playground.log');

  const args = [playgroundCliPath(), 'start', '-e', options.botEndpoint, ...CLI_START_ARGS, '-p', String(requestedPort)];
  if (options.serviceUrl !== undefined) args.push('--service-url', options.serviceUrl);

  const child = spawn(process.execPath, args, {
    cwd: scratch,
    env: {
      ...process.env,
      ...PLAYGROUND_OFFLINE_ENV,
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
      ...options.env,
    },
    detached: true, // own process group: stop() kills it and everything it started
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error('could not spawn the Playground');
  }
  installExitHook();
  liveGroups.add(pid);

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
    }
    killGroup(pid, 'SIGKILL'); // stragglers in the group, if any
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

/** The part of the Playground's config (GET /_internal/v1/testConfig) the UI helpers use. */
export interface PlaygroundAccount {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId?: string;
}
export interface PlaygroundConfig {
  readonly tenantId: string;
  readonly bot: PlaygroundAccount;
  readonly currentUser: PlaygroundAccount;
  readonly users: readonly PlaygroundAccount[];
  readonly personalChat: { readonly id: string; readonly name: string };
  readonly groupChats: readonly { readonly id: string; readonly name: string }[];
  readonly teams: readonly {
    readonly id: string;
    readonly name: string;
    readonly channels: readonly { readonly id: string; readonly name: string }[];
  }[];
}

export async function fetchPlaygroundConfig(url: string): Promise<PlaygroundConfig> {
  const res = await fetch(new URL('/_internal/v1/testConfig', url), { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`GET /_internal/v1/testConfig: HTTP ${res.status}`);
  const body = (await res.json()) as { config?: PlaygroundConfig };
  if (body.config === undefined) throw new Error('Playground testConfig has no config');
  return body.config;
}

export type ConversationKind = 'personal' | 'group' | 'channel';

export interface SendMessageOptions {
  /** Display names to @mention through the picker, appended after the text. */
  readonly mention?: readonly string[];
  /**
   * @mention the bot first. Default: true in group chats and channels (Teams delivers those
   * messages to a bot only when it is mentioned), false in the personal chat.
   */
  readonly mentionBot?: boolean;
}

export interface PlaygroundPage {
  /** The Playwright page, for anything the helpers do not cover. */
  readonly page: Page;
  readonly config: PlaygroundConfig;
  /** Selects a conversation in the left rail; `channel` defaults to "General". */
  chooseConversation(kind: ConversationKind, opts?: { readonly channel?: string }): Promise<void>;
  /**
   * Types `text` in the current conversation's compose box (a new post in a channel) and sends it.
   * `@{Display Name}` in the text is an inline @mention; every mention goes through the UI's picker,
   * so the bot gets `<at>Name</at>` text and mention entities as Teams sends them.
   */
  sendMessage(text: string, opts?: SendMessageOptions): Promise<void>;
  /** Waits for an adaptive card whose text contains `text`; returns the card's text. */
  waitForCardContaining(text: string, timeoutMs?: number): Promise<string>;
  /** Waits for `text` anywhere in the open conversation (messages and cards). */
  waitForMessageContaining(text: string, timeoutMs?: number): Promise<void>;
  /** Clicks the button titled `title` on the newest card (or the newest card containing `cardContaining`). */
  clickCardButton(title: string, opts?: { readonly cardContaining?: string; readonly timeoutMs?: number }): Promise<void>;
  /** Texts of the adaptive cards shown in the open conversation, oldest first. */
  cardTexts(): Promise<string[]>;
  screenshot(filePath: string): Promise<void>;
  /** Off-machine requests the page tried (and were aborted). */
  blockedRequests(): readonly string[];
  /** Errors the page logged or threw. */
  pageErrors(): readonly string[];
  close(): Promise<void>;
}

export interface OpenPlaygroundPageOptions {
  readonly executablePath?: string;
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Keep the Playground's log panel open (it repeats message texts); default false. */
  readonly showLogPanel?: boolean;
  /** Default bound for each UI step; default 15 s. */
  readonly timeoutMs?: number;
}

const CARD = '.ac-adaptiveCard'; // the adaptivecards renderer's root class
const TYPEAHEAD = 'Typeahead menu';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isLoopback(rawUrl: string): boolean {
  try {
    const { protocol, hostname } = new URL(rawUrl);
    if (protocol === 'data:' || protocol === 'blob:') return true;
    return hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
  } catch (e: unknown) {
    void e;
    return false;
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

type MessagePart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'mention'; readonly name: string };

function splitMentions(text: string): MessagePart[] {
  const parts: MessagePart[] = [];
  const re = /@\{([^}]+)\}/g;
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index > last) parts.push({ kind: 'text', text: text.slice(last, m.index) });
    parts.push({ kind: 'mention', name: (m[1] ?? '').trim() });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** Opens the Playground UI at `url` in headless Chromium. */
export async function openPlaygroundPage(url: string, options: OpenPlaygroundPageOptions = {}): Promise<PlaygroundPage> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const config = await fetchPlaygroundConfig(url);
  const browser: Browser = await chromium.launch({
    executablePath: options.executablePath ?? CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    timeout: 30_000,
  });
  try {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    context.setDefaultTimeout(timeoutMs);
    const blocked: string[] = [];
    const errors: string[] = [];
    await context.route('**/*', async (route) => {
      const reqUrl = route.request().url();
      if (isLoopback(reqUrl)) return route.continue();
      blocked.push(reqUrl);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });

    const chats = page.getByRole('tree', { name: 'Personal and Group Chat' });
    const channels = page.getByRole('tree', { name: 'Teams Channel' });
    // The rail appears once the UI has its config (the server first waits, <=15 s, for the bot endpoint).
    await chats.getByRole('treeitem').first().waitFor({ state: 'visible', timeout: 30_000 });
    if (options.showLogPanel !== true) {
      const hide = page.getByRole('button', { name: 'Hide log panel' });
      if (await hide.isVisible()) await hide.click();
    }

    let current: ConversationKind = 'personal'; // the UI opens on the personal chat

    const composer = (): Locator =>
      // A channel shows "Start a new post" first, then a reply box under each post.
      current === 'channel' ? page.getByRole('textbox').first() : page.getByRole('textbox').last();

    const chooseConversation = async (kind: ConversationKind, opts?: { readonly channel?: string }): Promise<void> => {
      let item: Locator;
      if (kind === 'personal') {
        item = chats.getByRole('treeitem', { name: config.personalChat.name, exact: true });
      } else if (kind === 'group') {
        const group = config.groupChats[0];
        if (group === undefined) throw new Error('the Playground config has no group chat');
        item = chats.getByRole('treeitem', { name: group.name, exact: true });
      } else {
        const team = config.teams[0];
        if (team === undefined) throw new Error('the Playground config has no team');
        const channel = opts?.channel ?? 'General';
        item = channels.getByRole('treeitem', { name: `${team.name} - ${channel}`, exact: true });
      }
      await item.click();
      current = kind;
      await composer().waitFor({ state: 'visible' });
    };

    const pickMention = async (name: string): Promise<void> => {
      const known = [config.bot, config.currentUser, ...config.users].some((a) => a.name === name);
      if (!known) throw new Error(`"${name}" is not in the Playground's roster (see .m365agentsplayground.yml)`);
      const query = name.split(/\s+/)[0] ?? name;
      await page.keyboard.type(`@${query}`);
      const menu = page.getByRole('listbox', { name: TYPEAHEAD });
      const option = menu
        .getByRole('menuitem', { name: new RegExp(`^${escapeRegExp(name)}\\b`) })
        .filter({ has: page.getByText(name, { exact: true }) });
      await option.first().click();
      await menu.waitFor({ state: 'hidden' });
    };

    const sendMessage = async (text: string, opts?: SendMessageOptions): Promise<void> => {
      const box = composer();
      await box.click();
      const parts = splitMentions(text);
      const mentionBot = opts?.mentionBot ?? current !== 'personal';
      if (mentionBot && !parts.some((p) => p.kind === 'mention' && p.name === config.bot.name)) {
        parts.unshift({ kind: 'mention', name: config.bot.name }, { kind: 'text', text: ' ' });
      }
      for (const name of opts?.mention ?? []) parts.push({ kind: 'text', text: ' ' }, { kind: 'mention', name });
      let typed = '';
      for (const part of parts) {
        if (part.kind === 'text') {
          await page.keyboard.type(part.text);
          typed += part.text;
        } else {
          // The picker opens on "@" only at the start or after whitespace.
          if (typed !== '' && !/\s$/.test(typed)) {
            await page.keyboard.type(' ');
            typed += ' ';
          }
          await pickMention(part.name);
          typed += `@${part.name}`;
        }
      }
      await page.keyboard.press('Enter');
      // Sent once the compose box is empty again.
      const deadline = Date.now() + timeoutMs;
      while ((await box.innerText()).trim() !== '') {
        if (Date.now() > deadline) throw new Error(`message "${text}" was not sent within ${timeoutMs} ms`);
        await delay(100);
      }
    };

    const cards = (): Locator => page.locator(CARD);

    const waitForCardContaining = async (text: string, ms?: number): Promise<string> => {
      const card = cards().filter({ hasText: text }).last();
      await card.waitFor({ state: 'visible', timeout: ms ?? timeoutMs });
      return card.innerText();
    };

    const waitForMessageContaining = async (text: string, ms?: number): Promise<void> => {
      // The rail shows message previews too; the conversation is everything outside it.
      await page
        .getByText(text)
        .filter({ hasNot: page.getByRole('region', { name: 'Chat and Teams Channel' }) })
        .and(page.locator(':not([role="region"] *)'))
        .last()
        .waitFor({ state: 'visible', timeout: ms ?? timeoutMs });
    };

    const clickCardButton = async (
      title: string,
      opts?: { readonly cardContaining?: string; readonly timeoutMs?: number },
    ): Promise<void> => {
      const scope = opts?.cardContaining === undefined ? cards() : cards().filter({ hasText: opts.cardContaining });
      const button = scope.getByRole('button', { name: title, exact: true }).last();
      await button.click({ timeout: opts?.timeoutMs ?? timeoutMs });
    };

    const cardTexts = async (): Promise<string[]> => cards().allInnerTexts();

    const screenshot = async (filePath: string): Promise<void> => {
      await page.screenshot({ path: filePath });
    };

    let closed = false;
    const close = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      // Playwright also kills the browsers it launched when this process exits.
      await withTimeout(browser.close(), 10_000, 'closing Chromium');
    };

    return {
      page,
      config,
      chooseConversation,
      sendMessage,
      waitForCardContaining,
      waitForMessageContaining,
      clickCardButton,
      cardTexts,
      screenshot,
      blockedRequests: () => blocked,
      pageErrors: () => errors,
      close,
    };
  } catch (e: unknown) {
    await withTimeout(browser.close(), 10_000, 'closing Chromium').catch((err: unknown) => void err);
    throw e;
  }
}
