/**
 * A real bot process for restart and scale-out tests: the app exactly as `npm start` wires it, configured from the
 * environment, but pointed at a Graph sandbox the test owns (TEST_GRAPH_URL, TEST_GRAPH_OPENID_URL, TEST_BOT_APP_ID).
 * Prints `listening <port>` once ready.
 */
import { startApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { SandboxCredential } from '../../src/graph/credential';
import { createLogger } from '../../src/log';
import { sandboxConfig } from '../../src/sandbox-mode';

async function main(): Promise<void> {
  const env = process.env;
  const graph = { url: env['TEST_GRAPH_URL'] ?? '', openIdMetadataUrl: env['TEST_GRAPH_OPENID_URL'] ?? '', botAppId: env['TEST_BOT_APP_ID'] ?? '' };
  const config = sandboxConfig(loadConfig({ ...env, SANDBOX: 'on', PLAYGROUND: 'off' }), graph);
  const app = await startApp(config, new SandboxCredential(), createLogger(config.logLevel, process.stderr));
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
