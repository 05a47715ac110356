/**
 * End-to-end harness: the real app (restify → CloudAdapter → bot → Graph client) on a free port, the Graph
 * sandbox as Microsoft Graph, and the Connector sandbox as the Teams service the bot answers through.
 */
import { DEFAULT_APP_ROLES } from '../../sandbox/identity/token-endpoint';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Storage } from 'botbuilder';
import { startApp, type RunningApp } from '../../src/app';
import { loadConfig, type AppConfig } from '../../src/config';
import { graphCredential } from '../../src/graph/credential';
import type { Clock } from '../../src/incidents/ports';
import { createLogger, silentLogger } from '../../src/log';
import { memberFromUser, type ConnectorMember } from './connector/connector-members';
import { startConnectorSandbox, type CapturedActivity, type ConnectorSandbox } from './connector/connector-sandbox';
import { ADELE_VANCE, ALEX_WILBER, ISAIAH_LANGER, MEGAN_BOWEN } from '../../sandbox/graph/users/directory';
import { startGraphSandbox, type GraphSandbox, type GraphSandboxOptions } from '../../sandbox/graph/graph-sandbox';
import { sandboxConfig } from '../../src/sandbox-mode';

/** The channel user ids used in the fixtures, mapped to the sandbox directory. */
export const FIXTURE_MEMBERS: readonly ConnectorMember[] = [
  { ...memberFromUser(ALEX_WILBER), id: '29:1x7Yo8Q2bC0FqJ_alexw-3Wm4Kz9pLr6TtUuVvWwXxYyZz' },
  { ...memberFromUser(MEGAN_BOWEN), id: '29:1megan-Bq9Vd3Kk2Lp8Rr5Ss1Tt7Uu4Vv0Ww6Xx' },
  { ...memberFromUser(ADELE_VANCE), id: '29:1adele-Cc2Dd5Ee8Ff1Gg4Hh7Ii0Jj3Kk6Ll9Mm' },
  { ...memberFromUser(ISAIAH_LANGER), id: '29:1isaiah-Nn1Oo4Pp7Qq0Rr3Ss6Tt9Uu2Vv5Ww8Xx' },
];

export interface Harness {
  readonly app: RunningApp;
  readonly graph: GraphSandbox;
  readonly connector: ConnectorSandbox;
  /** POSTs an activity to /api/messages; returns the HTTP status and parsed body (invokes answer with a body). */
  post(activity: Record<string, unknown>): Promise<{ status: number; body: unknown }>;
  /** Loads test/fixtures/teams/<name>.json with serviceUrl pointed at the Connector sandbox. */
  fixture(name: string, over?: Record<string, unknown>): Record<string, unknown>;
  /** Waits for the card (first adaptive card attachment) of the next captured activity matching. */
  /**
   * Waits for the bot's background start work (late attendees: meeting PATCH, card update) so it cannot land in
   * the next test, then resets both sandboxes to their start state (fixture roster included). The bot's caches persist.
   */
  reset(): Promise<void>;
  /** The bot's configuration (pointed at the sandbox). */
  readonly config: AppConfig;
  waitForCard(predicate?: (a: CapturedActivity) => boolean, timeoutMs?: number): Promise<{ activity: CapturedActivity; card: Record<string, unknown>; text: string }>;
  close(): Promise<void>;
}

/** Suites start many incidents as the same fixture user in one chat: the rate limits stay out of their way unless a test sets them. */
const HARNESS_RATE_LIMITS = {
  RATE_LIMIT_STARTS_PER_USER: '100000',
  RATE_LIMIT_STARTS_PER_CONVERSATION: '100000',
  RATE_LIMIT_PAGES_PER_USER: '100000',
  RATE_LIMIT_PAGES_PER_CONVERSATION: '100000',
} as const;

type HarnessOptions = { env?: Record<string, string>; storage?: Storage; clock?: Clock; graph?: GraphSandboxOptions };

/**
 * A fresh bot whose first token lacks `role`: an app role removed from a running bot applies only to its next token
 * (it keeps its cached one, as against Entra), so each withheld-permission case starts its own bot.
 */
export async function startHarnessWithout(role: string, opts: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness(opts);
  h.graph.control.setAppRoles(DEFAULT_APP_ROLES.filter((r) => r !== role));
  return h;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const graph = await startGraphSandbox({
    callTimings: { establishingMs: 30, establishedMs: 30, terminatingMs: 20, promptMs: 50, inviteAnswerMs: 60, retryDelayMs: 100, deliveryTimeoutMs: 5000 },
    ...opts.graph,
  });
  const connector = await startConnectorSandbox();
  connector.setMembers('*', FIXTURE_MEMBERS);
  const config = sandboxConfig(loadConfig({ SANDBOX: 'on', PORT: '0', LOG_LEVEL: 'silent', PLAYGROUND: 'off', STORAGE: 'memory', ...HARNESS_RATE_LIMITS, ...opts.env }), graph);
  const app = await startApp(config, graphCredential(config.graph), (process.env['HARNESS_LOG'] ? createLogger('debug') : silentLogger()), { storage: opts.storage, clock: opts.clock });

  return {
    app,
    config,
    graph,
    connector,
    async post(activity) {
      const res = await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch (e: unknown) {
        if (!(e instanceof SyntaxError)) throw e;
      }
      return { status: res.status, body };
    },
    async reset() {
      await app.incidents.idle();
      graph.control.reset();
      connector.reset();
      connector.setMembers('*', FIXTURE_MEMBERS);
    },
    fixture(name, over = {}) {
      const raw = readFileSync(join(__dirname, '..', 'fixtures', 'teams', `${name}.json`), 'utf8').replaceAll('{{serviceUrl}}', `${connector.url}/`);
      return { ...(JSON.parse(raw) as Record<string, unknown>), ...over };
    },
    async waitForCard(predicate = () => true, timeoutMs = 10_000) {
      const activity = await connector.waitFor((a) => cardOf(a) !== undefined && predicate(a), timeoutMs);
      const card = cardOf(activity)!;
      return { activity, card, text: JSON.stringify(card) };
    },
    async close() {
      await app.close();
      await Promise.all([graph.close(), connector.close()]);
    },
  };
}

export function cardOf(a: CapturedActivity): Record<string, unknown> | undefined {
  const attachments = a.activity['attachments'];
  if (!Array.isArray(attachments)) return undefined;
  const att = attachments.find((x: { contentType?: string }) => x.contentType === 'application/vnd.microsoft.card.adaptive') as { content?: Record<string, unknown> } | undefined;
  return att?.content;
}
