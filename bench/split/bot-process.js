/**
 * The compiled bot pointed at a Graph sandbox running in another process (bench only; see graph-sandbox-process.js).
 * Same steps as src/index.ts in sandbox mode minus starting the sandbox: loadConfig, sandboxConfig(coordinates read
 * from COORDS_FILE), the production credential, startApp. No Playground.
 */
'use strict';
const { readFileSync } = require('node:fs');
const { startApp } = require('../../dist/src/app.js');
const { loadConfig } = require('../../dist/src/config.js');
const { graphCredential } = require('../../dist/src/graph/credential.js');
const { createLogger } = require('../../dist/src/log.js');
const { sandboxConfig } = require('../../dist/src/sandbox-mode.js');

async function main() {
  const config = sandboxConfig(loadConfig(process.env), JSON.parse(readFileSync(process.env.COORDS_FILE, 'utf8')));
  const log = createLogger(config.logLevel);
  const app = await startApp(config, graphCredential(config.graph), log);
  process.on('SIGTERM', () => { app.close().then(() => process.exit(0), () => process.exit(1)); });
}

main().catch((e) => {
  process.stderr.write(`bot process failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
