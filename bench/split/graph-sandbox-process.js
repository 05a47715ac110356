/**
 * The bot's Graph sandbox in a process of its own (bench only), so the bot's CPU is measured without the simulated
 * Microsoft world it talks to. Starts exactly what sandbox mode starts in-process (src/sandbox-mode.ts: the
 * compiled sandbox, attendees auto-joining a call), on SANDBOX_GRAPH_PORT, and writes the coordinates a bot config
 * needs (SandboxCoordinates) as JSON to COORDS_FILE. Run from the repository root after `npm run build`.
 */
'use strict';
const { writeFileSync } = require('node:fs');
const { startGraphSandbox } = require('../../dist/sandbox/graph/graph-sandbox.js');

async function main() {
  const graph = await startGraphSandbox({ port: Number(process.env.SANDBOX_GRAPH_PORT), botDisplayName: 'IncidentBridge' });
  graph.control.autoJoinAttendees(true, 2000);
  const { url, openIdMetadataUrl, botAppId, tenantId, clientSecret, authorityHost, caCertificatePem } = graph;
  writeFileSync(process.env.COORDS_FILE, JSON.stringify({ url, openIdMetadataUrl, botAppId, tenantId, clientSecret, authorityHost, caCertificatePem }));
  process.on('SIGTERM', () => { graph.close().then(() => process.exit(0), () => process.exit(1)); });
}

main().catch((e) => {
  process.stderr.write(`graph sandbox process failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
