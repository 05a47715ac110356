/**
 * The browser tests' world: the Graph sandbox (attendees join on their own), the bot in sandbox mode, the Agents
 * Playground pointed at it and a browser page on it, all closed after the test.
 */
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { graphCredential } from '../../src/graph/credential';
import { silentLogger } from '../../src/log';
import { sandboxConfig } from '../../src/sandbox-mode';
import { startGraphSandbox, type GraphSandbox } from '../../sandbox/graph/graph-sandbox';
import { CHROMIUM_PATH, openPlaygroundPage, startPlayground, type PlaygroundPage, type PlaygroundServer } from './playground';

export interface PlaygroundWorld {
  readonly graph: GraphSandbox;
  readonly app: RunningApp;
  readonly playground: PlaygroundServer;
  readonly ui: PlaygroundPage;
}

/**
 * Undefined (and the test skipped) when Chromium is missing outside CI. `configPath: null` starts the Playground in
 * its own default configuration (its mock tenant and users) instead of the project's .m365agentsplayground.yml.
 */
export async function startPlaygroundWorld(t: TestContext, options: { readonly configPath?: string | null } = {}): Promise<PlaygroundWorld | undefined> {
  if (!existsSync(CHROMIUM_PATH) && !process.env['CI']) {
    t.skip(`${CHROMIUM_PATH} is missing: apt-get install -y chromium (this test always runs when CI is set)`);
    return undefined;
  }
  let graph: GraphSandbox | undefined;
  let app: RunningApp | undefined;
  let playground: PlaygroundServer | undefined;
  let ui: PlaygroundPage | undefined;
  t.after(async () => {
    await ui?.close().catch((e: unknown) => t.diagnostic(`closing the browser: ${String(e)}`));
    await playground?.stop();
    await app?.close();
    await graph?.close();
  });
  graph = await startGraphSandbox({ botDisplayName: 'IncidentBridge' });
  graph.control.autoJoinAttendees(true, 300);
  const config = sandboxConfig(loadConfig({ SANDBOX: 'on', PORT: '0', LOG_LEVEL: 'silent', STORAGE: 'memory' }), graph);
  app = await startApp(config, graphCredential(config.graph), silentLogger());
  playground = await startPlayground({ botEndpoint: `${app.url}/api/messages`, ...(options.configPath !== undefined ? { configPath: options.configPath } : {}) });
  ui = await openPlaygroundPage(playground.url);
  return { graph, app, playground, ui };
}
