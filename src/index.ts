/**
 * `npm start`: reads config (.env + environment). With no credentials it runs in sandbox mode: an embedded
 * Graph sandbox plus Microsoft's Agents Playground as the local Teams client. With credentials, real Graph.
 */
import 'dotenv/config';
import { startApp } from './app';
import { loadConfig, type AppConfig } from './config';
import { AppError } from './errors/app-error';
import { graphCredential } from './graph/credential';
import { createLogger, prettyDestination, type Logger } from './log';
import { startSandboxWorld } from './sandbox-mode';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (e: unknown) {
    if (e instanceof AppError) {
      process.stderr.write(`incident-bridge: configuration error: ${e.message}\nSee .env.example and the configuration table in README.md.\n`);
      process.exit(1);
    }
    throw e;
  }
  const log = createLogger(config.logLevel, config.sandbox && process.stdout.isTTY ? prettyDestination() : undefined);

  if (!config.sandbox) {
    const app = await startApp(config, graphCredential(config.graph), log);
    log.info({ port: app.port, graph: config.graph.baseUrl, organizer: config.meeting.organizerId ?? 'requester' }, 'incident-bridge listening (production mode)');
    shutdownOn(log, config, () => app.close());
    return;
  }

  const world = await startSandboxWorld(config, log);
  // The production credential, pointed at the sandbox's authority: only URLs, tenant, app registration and CA differ.
  const app = await startApp(world.config, graphCredential(world.config.graph), log);
  log.warn({ port: app.port, graph: world.config.graph.baseUrl }, 'SANDBOX MODE: no credentials configured, Microsoft Graph is simulated locally. Set MicrosoftAppId etc. in .env for a real tenant.');
  await world.startClient(app.port);
  shutdownOn(log, world.config, async () => {
    await app.close();
    await world.close();
  });
}

function shutdownOn(log: Logger, config: AppConfig, close: () => Promise<void>): void {
  let closing = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (closing) return;
      closing = true;
      log.info({ signal: sig }, 'shutting down');
      // close() is bounded by SHUTDOWN_TIMEOUT_MS; this is the backstop should something else hang.
      setTimeout(() => { log.error({ signal: sig }, 'shutdown did not finish in time; exiting'); process.exit(1); }, (config.shutdownTimeoutMs ?? 10_000) + 5_000).unref();
      close().then(() => process.exit(0), (e: unknown) => {
        log.error({ err: e }, 'shutdown failed');
        process.exit(1);
      });
    });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`incident-bridge failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
