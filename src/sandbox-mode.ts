/**
 * Sandbox mode (no credentials): the only file that loads the simulator (config.ts decides the mode). It starts the
 * embedded Graph sandbox, points the app's Graph base URL, sign-in authority, app registration and trusted CA at
 * it (the production credential and Graph client then run unchanged), and starts Microsoft 365 Agents Playground
 * (the local Teams client, which also plays the Bot Connector) against the bot. The simulator (top-level sandbox/)
 * is loaded with dynamic import() only when sandbox mode starts: production never loads it.
 */
import type { AppConfig } from './config';
import type { Logger } from './log';
import type { GraphSandbox } from '../sandbox/graph/graph-sandbox';
import type { PlaygroundServer } from '../sandbox/playground/agents-playground';

export type { GraphSandbox } from '../sandbox/graph/graph-sandbox';

const PLAYGROUND_PORT = 56150;

export interface SandboxWorld {
  readonly config: AppConfig;
  startClient(botPort: number): Promise<void>;
  close(): Promise<void>;
}

/** What a config needs to know of a Graph sandbox (all of it is also in its `GET /_sandbox` description). */
export type SandboxCoordinates = Pick<GraphSandbox, 'url' | 'openIdMetadataUrl' | 'botAppId' | 'tenantId' | 'clientSecret' | 'authorityHost' | 'caCertificatePem'>;

/**
 * Points a config at a Graph sandbox: Graph base URL, the sign-in authority, tenant and app registration (client
 * secret credential), the CA its https certificate chains to, notification keys (OpenID metadata) and the bot's
 * app id as audience. The bot then runs the production identity path (@azure/identity + the Graph SDK's auth middleware).
 */
export function sandboxConfig(config: AppConfig, graph: SandboxCoordinates): AppConfig {
  return {
    ...config,
    graph: {
      ...config.graph,
      baseUrl: graph.url,
      credential: 'clientSecret',
      tenantId: graph.tenantId,
      clientId: graph.botAppId,
      clientSecret: graph.clientSecret,
      authorityHost: graph.authorityHost,
      caCertificatePem: graph.caCertificatePem,
    },
    calling: { ...config.calling, openIdMetadataUrl: graph.openIdMetadataUrl, notificationAudience: graph.botAppId },
  };
}

/** The simulated Graph and the sandbox directory facts the doctor needs, loaded on demand. */
export async function loadGraphSandbox() {
  const [graph, directory, identity] = await Promise.all([
    import('../sandbox/graph/graph-sandbox'),
    import('../sandbox/graph/users/directory'),
    import('../sandbox/identity/token-endpoint'),
  ]);
  return {
    startGraphSandbox: graph.startGraphSandbox,
    SANDBOX_BOT_APP_ID: graph.SANDBOX_BOT_APP_ID,
    SANDBOX_TENANT_ID: directory.SANDBOX_TENANT_ID,
    MEGAN_BOWEN: directory.MEGAN_BOWEN,
    DEFAULT_APP_ROLES: identity.DEFAULT_APP_ROLES,
  };
}

export async function startSandboxWorld(config: AppConfig, log: Logger): Promise<SandboxWorld> {
  const { startGraphSandbox } = await import('../sandbox/graph/graph-sandbox');
  const graph = await startGraphSandbox({ port: config.sandboxGraphPort, botDisplayName: 'IncidentBridge' });
  // Demo: once the bot is in a call, the meeting's attendees join one by one so the card comes alive.
  graph.control.autoJoinAttendees(true, 2000);
  // The control page over plain http (same port): a browser need not trust the generated CA.
  log.info({ url: graph.url, controls: `${graph.plainUrl}/_sandbox/ui` }, `Graph sandbox listening; make people join or leave calls, drop calls or inject failures at ${graph.plainUrl}/_sandbox/ui`);
  let playground: PlaygroundServer | undefined;
  return {
    // Same code as production: only the Graph base URL, the authority, its CA and where the notification signing keys live differ.
    config: sandboxConfig(config, graph),
    async startClient(botPort) {
      const endpoint = `http://127.0.0.1:${botPort}/api/messages`;
      const manual = `npx agentsplayground start -e ${endpoint} -c msteams`;
      if (!config.playground) {
        log.info({ command: manual }, 'Playground not started (PLAYGROUND=off); start it yourself');
        return;
      }
      try {
        const { startPlayground } = await import('../sandbox/playground/agents-playground');
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
