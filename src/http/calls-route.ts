/**
 * POST /api/calls: Graph call notifications. Verifies the bearer token (401/403 otherwise), parses, answers 202
 * at once and applies the events asynchronously: Graph expects a fast answer.
 */
import type { CallEvent } from '../calls/call-events';
import type { Logger } from '../log';
import type { RouteInstaller } from './server';

export interface NotificationAuth {
  validate(authorizationHeader: string | undefined): Promise<{ ok: true; tenantId: string } | { ok: false; status: 401 | 403; reason: string }>;
}

export const CALLS_ROUTE = '/api/calls';

export function callsRoute(deps: {
  auth: NotificationAuth;
  parse: (body: unknown) => { events: CallEvent[]; problems: string[] };
  handle: (events: readonly CallEvent[]) => Promise<void>;
  log: Logger;
}): RouteInstaller {
  return (server) => {
    server.post(CALLS_ROUTE, async (req, res) => {
      const result = await deps.auth.validate(req.header('authorization') || undefined);
      if (!result.ok) {
        deps.log.warn({ route: CALLS_ROUTE, status: result.status, reason: result.reason }, 'call notification rejected');
        res.send(result.status, { error: result.status === 401 ? 'unauthorized' : 'forbidden' });
        return;
      }
      const { events, problems } = deps.parse(req.body);
      if (problems.length > 0) deps.log.warn({ route: CALLS_ROUTE, problems }, 'parts of a call notification were not understood');
      for (const e of events) {
        deps.log.info({ route: CALLS_ROUTE, callId: e.callId, event: e.kind, ...(e.kind === 'callState' ? { state: e.state, resultInfo: e.resultInfo } : {}) }, 'call notification');
      }
      res.send(202);
      setImmediate(() => {
        deps.handle(events).catch((e: unknown) => deps.log.error({ err: e, route: CALLS_ROUTE }, 'call notification processing failed'));
      });
    });
  };
}
