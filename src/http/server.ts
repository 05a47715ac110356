/** The HTTP edge: restify routes that verify, parse and answer; the core never sees req/res. */
import restify from 'restify';
import type { Logger } from '../log';
import { jsonBodyReader } from './body-parser';

export type RouteInstaller = (server: restify.Server) => void;

export function createHttpServer(log: Logger, routes: readonly RouteInstaller[]): restify.Server {
  const server = restify.createServer({ name: 'incident-bridge', handleUncaughtExceptions: false });
  server.use(jsonBodyReader(log, 1024 * 1024));
  server.use(restify.plugins.queryParser({ mapParams: false }));
  for (const install of routes) install(server);
  server.on('restifyError', (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number }, cb: () => void) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) log.error({ err, route: req.getPath() }, 'request failed');
    else log.info({ route: req.getPath(), status, msg: err.message }, 'request refused');
    cb();
    void res;
  });
  return server;
}

export function listen(server: restify.Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      const addr = server.address() as { port: number };
      resolve(addr.port);
    });
  });
}
