/**
 * Sandbox mode (no credentials): the only file besides tests that knows the sandbox exists. It starts the
 * embedded Graph sandbox, points the app's Graph base URL at it, and starts Microsoft 365 Agents Playground
 * (the local Teams client, which also plays the Bot Connector) against the bot.
 */
import type { AppConfig } from './config';
import type { Logger } from './log';
import { startGraphSandbox } from './sandbox/graph-sandbox';

export interface SandboxWorld {
  readonly config: AppConfig;
  startClient(botPort: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSandboxWorld(config: AppConfig, log: Logger): Promise<SandboxWorld> {
  const graph = await startGraphSandbox({ port: config.sandboxGraphPort });
  log.info({ url: graph.url }, 'Graph sandbox listening');
  return {
    config: { ...config, graph: { ...config.graph, baseUrl: graph.url } },
    async startClient(botPort) {
      if (!config.playground) {
        log.info(`Playground not started (PLAYGROUND=off). Run: npx agentsplayground start -e http://localhost:${botPort}/api/messages -c msteams`);
        return;
      }
      log.info(`Run: npx agentsplayground start -e http://localhost:${botPort}/api/messages -c msteams`);
    },
    close: () => graph.close(),
  };
}
