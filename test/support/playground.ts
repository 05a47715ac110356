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
 */
import type { Browser, Locator, Page } from 'playwright-core';

import { delay, errorText } from '../../sandbox/playground/agents-playground';
export { PLAYGROUND_CONFIG_PATH, PLAYGROUND_OFFLINE_ENV, startPlayground, type PlaygroundServer, type StartPlaygroundOptions } from '../../sandbox/playground/agents-playground';

/** Debian's `chromium` package; CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags that keep Chromium off the network on this machine (closed network). The first seven are
 * the machine's documented set; with them alone Debian's build still looks up accounts.google.com
 * and update.googleapis.com at start (its wrapper exports Google API keys), so the host resolver
 * is also told to resolve nothing but localhost.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];


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
  /** In a channel, reply in the newest post's thread instead of starting a new post. */
  readonly replyInThread?: boolean;
}

export interface PlaygroundPage {
  /** The Playwright page, for anything the helpers do not cover. */
  readonly page: Page;
  readonly config: PlaygroundConfig;
  /** Selects a conversation in the left rail; `channel` defaults to "General". */
  chooseConversation(kind: ConversationKind, opts?: { readonly channel?: string }): Promise<void>;
  /**
   * Types `text` (one line) in the current conversation's compose box (a new post in a channel) and sends it.
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
  const { chromium } = await import('playwright-core');
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
      const text = msg.text();
      // Loads we aborted are expected noise.
      if (msg.type() === 'error' && !/ERR_BLOCKED_BY_CLIENT|res(-1)?\.cdn\.office\.net/.test(text)) errors.push(text);
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

    // A chat has one compose box; a channel shows "Start a new post" first, then a reply box under each post.
    const composer = (replyInThread = false): Locator =>
      current === 'channel' && !replyInThread ? page.getByRole('textbox').first() : page.getByRole('textbox').last();

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
      try {
        await option.first().click({ timeout: Math.min(timeoutMs, 5_000) });
      } catch (e: unknown) {
        throw new Error(`the @mention picker did not offer "${name}" in the ${current} conversation: ${errorText(e)}`);
      }
      await menu.waitFor({ state: 'hidden' });
    };

    const sendMessage = async (text: string, opts?: SendMessageOptions): Promise<void> => {
      if (opts?.replyInThread === true && current !== 'channel') throw new Error('replyInThread is for channels');
      const box = composer(opts?.replyInThread === true);
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
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText (the rendered text), not a DOM node
      while ((await box.innerText()).trim() !== '') {
        if (Date.now() > deadline) throw new Error(`message "${text}" was not sent within ${timeoutMs} ms`);
        await delay(100);
      }
    };

    const cards = (): Locator => page.locator(CARD);

    const waitForCardContaining = async (text: string, ms?: number): Promise<string> => {
      const card = cards().filter({ hasText: text }).last();
      await card.waitFor({ state: 'visible', timeout: ms ?? timeoutMs });
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText (the rendered text), not a DOM node
      return card.innerText();
    };

    const waitForMessageContaining = async (text: string, ms?: number): Promise<void> => {
      // The rail shows message previews too; the conversation is everything outside it.
      await page
        .getByText(text)
        .and(page.locator(':not([role="region"][aria-label="Chat and Teams Channel"] *)'))
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
