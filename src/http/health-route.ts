import type { RouteInstaller } from './server';

export function healthRoute(info: { mode: 'sandbox' | 'production'; version: string }): RouteInstaller {
  return (server) => {
    server.get('/healthz', async (_req, res) => {
      res.json(200, { status: 'ok', ...info });
    });
  };
}
