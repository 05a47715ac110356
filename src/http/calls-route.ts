/**
 * POST /api/calls: Graph call notifications. Verifies the bearer token (401/403 with a fixed text otherwise),
 * parses, answers 202 at once and applies the events asynchronously: Graph expects a fast answer. That work is
 * tracked in the in-flight registry so a graceful shutdown finishes it (Graph does not resend a 202'd event).
 */
import type { CallEvent } from '../calls/call-events';
import type { Logger } from '../log';
import type { InFlight } from './in-flight';
import type { RouteInstaller } from './server';

export interface NotificationAuth {
  validate(authorizationHeader: string | undefined): Promise<{ ok: true; tenantId: string } | { ok: false; status: 401 | 403; reason: string }>;
}

export const CALLS_ROUTE = '/api/calls';

export function callsRoute(deps: {
  auth: NotificationAuth;
  parse: (body: unknown) => { events: CallEvent[]; problems: string[] };
  /** Applies the events; `tenantId` is the token's tenant (events of another tenant's incidents are skipped). */
  handle: (events: readonly CallEvent[], tenantId: string) => Promise<void>;
  /** The tenant of the incident a call belongs to (undefined: not linked yet). */
  tenantOfCall: (callId: string) => Promise<string | undefined>;
  inFlight: InFlight;
  log: Logger;
}): RouteInstaller {
  return (server) => {
    server.post(CALLS_ROUTE, async (req, res) => {
      const log = deps.log.child({ route: CALLS_ROUTE });
      if (deps.inFlight.isClosing) {
        log.warn({ status: 503 }, 'call notification refused: shutting down');
        res.send(503, { error: 'shutting down' });
        return;
      }
      let result: Awaited<ReturnType<NotificationAuth['validate']>>;
      try {
        result = await deps.auth.validate(req.header('authorization') || undefined);
      } catch (e: unknown) {
        result = { ok: false, status: 401, reason: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
      }
      if (!result.ok) {
        log.warn({ status: result.status, reason: result.reason }, 'call notification rejected');
        res.send(result.status, { error: result.status === 401 ? 'unauthorized' : 'forbidden' });
        return;
      }
      const { events, problems } = deps.parse(req.body);
      if (problems.length > 0) log.warn({ problems }, 'parts of a call notification were not understood');
      const foreign = await otherTenantsCall(events, result.tenantId, deps.tenantOfCall);
      if (foreign !== undefined) {
        log.warn({ status: 403, callId: foreign.callId, tokenTenant: result.tenantId, incidentTenant: foreign.tenantId }, 'call notification rejected: token tenant differs from the incident tenant');
        res.send(403, { error: 'forbidden' });
        return;
      }
      for (const e of events) {
        log.info({ callId: e.callId, event: e.kind, ...(e.kind === 'callState' ? { state: e.state, resultInfo: e.resultInfo } : {}) }, 'call notification');
      }
      // Registered before the 202 goes out: a SIGTERM right after the answer still waits for it.
      deps.inFlight.track(new Promise<void>((resolve) => {
        setImmediate(() => {
          deps.handle(events, result.tenantId)
            .catch((e: unknown) => log.error({ err: e }, 'call notification processing failed'))
            .finally(resolve);
        });
      }));
      res.send(202);
    });
  };
}

/** The first call of `events` whose incident belongs to another tenant than the token's, or undefined. */
async function otherTenantsCall(
  events: readonly CallEvent[],
  tokenTenant: string,
  tenantOfCall: (callId: string) => Promise<string | undefined>,
): Promise<{ readonly callId: string; readonly tenantId: string } | undefined> {
  for (const callId of new Set(events.map((e) => e.callId))) {
    const tenantId = await tenantOfCall(callId);
    if (tenantId !== undefined && tenantId.toLowerCase() !== tokenTenant.toLowerCase()) return { callId, tenantId };
  }
  return undefined;
}
