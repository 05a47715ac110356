/**
 * The fault suite's world, all on loopback: the Graph sandbox, the test Connector, the bot in sandbox mode (as
 * bench/start-latency.ts and the e2e harness run it) and, between the bot and Graph, a fault proxy that answers a
 * share of createOrGet requests with Graph's own 429/500/503 error shapes. The proxy is the suite's, not the
 * sandbox's: the sandbox stays what Microsoft documents. Like the sandbox, the proxy speaks https with a CA of its
 * own made at start-up; it trusts the sandbox's CA upstream, and the bot trusts both CAs (one PEM bundle) — the
 * bot's token requests go to the sandbox's authority directly, its Graph requests through the proxy.
 */
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createLocalTls } from '../sandbox/identity/local-ca';
import { startApp, type RunningApp } from '../src/app';
import { loadConfig } from '../src/config';
import { graphCredential } from '../src/graph/credential';
import { silentLogger } from '../src/log';
import { sandboxConfig } from '../src/sandbox-mode';
import { startGraphSandbox, type GraphSandbox } from '../sandbox/graph/graph-sandbox';
import { startConnectorSandbox, type ConnectorSandbox } from '../test/support/connector/connector-sandbox';
import { FIXTURE_MEMBERS } from '../test/support/harness';

export interface FaultProxy {
  readonly url: string;
  /** PEM of the CA the proxy's https certificate chains to. */
  readonly caCertificatePem: string;
  /** Share (0..1) of createOrGet requests answered with a fault, spread evenly (no dice: the same figures every run); statuses picked in turn. */
  setFaults(rate: number, statuses: readonly number[]): void;
  readonly injected: number;
  /** createOrGet requests seen since setFaults. */
  readonly requests: number;
  close(): Promise<void>;
}

const GRAPH_ERROR: Readonly<Record<number, { code: string; message: string }>> = {
  429: { code: 'TooManyRequests', message: 'Too many requests.' },
  500: { code: 'InternalServerError', message: 'An internal server error occurred.' },
  503: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable.' },
};

async function startFaultProxy(target: string, upstreamCa: string): Promise<FaultProxy> {
  const tls = await createLocalTls();
  let rate = 0;
  let statuses: readonly number[] = [];
  let injected = 0;
  let turn = 0;
  let seen = 0;
  const upstream = new URL(target);
  const server: Server = createServer({ cert: tls.certificatePem, key: tls.privateKeyPem }, (req, res) => {
    const createOrGet = req.method === 'POST' && (req.url ?? '').includes('/onlineMeetings/createOrGet');
    if (createOrGet && rate > 0) seen += 1;
    if (createOrGet && rate > 0 && Math.floor(seen * rate) > Math.floor((seen - 1) * rate)) {
      const status = statuses[turn++ % statuses.length] ?? 503;
      injected += 1;
      req.resume();
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 || status === 503 ? { 'retry-after': '1' } : {}) });
      res.end(JSON.stringify({ error: { ...GRAPH_ERROR[status], innerError: { date: new Date().toISOString(), 'request-id': `fault-${injected}` } } }));
      return;
    }
    const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, ca: upstreamCa }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    forward.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}${upstream.pathname.replace(/\/+$/, '')}`,
    caCertificatePem: tls.caCertificatePem,
    setFaults(r, s) { rate = r; statuses = s; seen = 0; },
    get injected() { return injected; },
    get requests() { return seen; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface FaultWorld {
  readonly app: RunningApp;
  readonly graph: GraphSandbox;
  readonly connector: ConnectorSandbox;
  readonly proxy: FaultProxy;
  close(): Promise<void>;
}

export async function startFaultWorld(): Promise<FaultWorld> {
  const graph = await startGraphSandbox({
    callTimings: { establishingMs: 30, establishedMs: 30, terminatingMs: 20, promptMs: 50, inviteAnswerMs: 60, retryDelayMs: 100, deliveryTimeoutMs: 5000 },
  });
  const connector = await startConnectorSandbox();
  connector.setMembers('*', FIXTURE_MEMBERS);
  const proxy = await startFaultProxy(graph.url, graph.caCertificatePem);
  const env = { SANDBOX: 'on', PORT: '0', LOG_LEVEL: 'silent', PLAYGROUND: 'off', STORAGE: 'memory', RATE_LIMIT_STARTS_PER_USER: '100000', RATE_LIMIT_STARTS_PER_CONVERSATION: '100000' };
  const config = sandboxConfig(loadConfig(env), { ...graph, url: proxy.url, caCertificatePem: `${graph.caCertificatePem}\n${proxy.caCertificatePem}` });
  const app = await startApp(config, graphCredential(config.graph), silentLogger());
  return {
    app, graph, connector, proxy,
    async close() {
      await app.close();
      await Promise.all([graph.close(), connector.close(), proxy.close()]);
    },
  };
}
