/**
 * A real bot process for restart and scale-out tests: the app exactly as `npm start` wires it, configured from the
 * environment, but pointed at a Graph sandbox the test owns. It finds everything it needs (tenant, app
 * registration, authority, Graph URL, CA) in the sandbox's own description, `GET <TEST_SANDBOX_URL>/_sandbox`,
 * as any client would. Prints `listening <port>` once ready.
 */
import { startApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { graphCredential } from '../../src/graph/credential';
import { createLogger } from '../../src/log';
import { sandboxConfig, type SandboxCoordinates } from '../../src/sandbox-mode';

interface World {
  tenantId: string;
  appRegistration: { clientId: string; clientSecret: string };
  authorityHost: string;
  graphBaseUrl: string;
  caCertificatePem: string;
  notificationOpenIdMetadataUrl: string;
}

async function coordinates(sandboxUrl: string): Promise<SandboxCoordinates> {
  const res = await fetch(`${sandboxUrl}/_sandbox`);
  if (res.status !== 200) throw new Error(`GET ${sandboxUrl}/_sandbox answered ${res.status}`);
  const world = ((await res.json()) as { world: World }).world;
  return {
    url: world.graphBaseUrl,
    openIdMetadataUrl: world.notificationOpenIdMetadataUrl,
    botAppId: world.appRegistration.clientId,
    tenantId: world.tenantId,
    clientSecret: world.appRegistration.clientSecret,
    authorityHost: world.authorityHost,
    caCertificatePem: world.caCertificatePem,
  };
}

async function main(): Promise<void> {
  const env = process.env;
  const graph = await coordinates(env['TEST_SANDBOX_URL'] ?? '');
  const config = sandboxConfig(loadConfig({ ...env, SANDBOX: 'on', PLAYGROUND: 'off' }), graph);
  const app = await startApp(config, graphCredential(config.graph), createLogger(config.logLevel, process.stderr));
  process.stdout.write(`listening ${app.port}\n`);
  process.once('SIGTERM', () => {
    app.close().then(() => process.exit(0), (e: unknown) => {
      process.stderr.write(`bot-process shutdown failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    });
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`bot-process failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
