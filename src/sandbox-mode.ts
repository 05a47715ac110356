/**
 * Sandbox mode (no credentials): the only file besides tests that knows the sandbox exists. It starts the
 * embedded Graph sandbox, points the app's Graph base URL at it, and starts Microsoft 365 Agents Playground
 * (the local Teams client, which also plays the Bot Connector) against the bot.
 */
import type { AppConfig } from './config';
import type { Logger } from './log';
import { startPlayground, type PlaygroundServer } from './sandbox/agents-playground';
import { startGraphSandbox } from './sandbox/graph-sandbox';

const PLAYGROUND_PORT = 56150;

export interface SandboxWorld {
  readonly config: AppConfig;
  startClient(botPort: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSandboxWorld(config: AppConfig, log: Logger): Promise<SandboxWorld> {
  const graph = await startGraphSandbox({ port: config.sandboxGraphPort });
  log.info({ url: graph.url }, 'Graph sandbox listening');
  let playground: PlaygroundServer | undefined;
  return {
    config: { ...config, graph: { ...config.graph, baseUrl: graph.url } },
    async startClient(botPort) {
      const endpoint = `http://127.0.0.1:${botPort}/api/messages`;
      const manual = `npx agentsplayground start -e ${endpoint} -c msteams`;
      if (!config.playground) {
        log.info({ command: manual }, 'Playground not started (PLAYGROUND=off); start it yourself');
        return;
      }
      try {
        playground = await startPlayground({ botEndpoint: endpoint, port: PLAYGROUND_PORT });
        log.warn({ url: playground.url }, `Microsoft 365 Agents Playground is ready: open ${playground.url} and type "start sev2 Checkout API returning 500s with @Megan Bowen @Adele Vance patti@contoso.com"`);
      } catch (e: unknown) {
        log.error({ err: e, command: manual }, 'could not start the Agents Playground; start it yourself');
      }
    },
    async close() {
      await playground?.stop();
      await graph.close();
    },
  };
}
