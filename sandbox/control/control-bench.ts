/**
 * The control routes outside benchmarks use (`npm run bench`, or any tool): Graph's artificial latency, the bounded
 * request log (the critical path of a start), and a notification token signed like the calling service's.
 */
import type { GraphSandboxControl } from '../graph/graph-sandbox-types';
import { json, jsonBody, requiredInteger, type ControlRequest, type ControlResponse } from './control-requests';

/** POST /_sandbox/latency {ms}: 0 and 50 ms are the benchmark's figures. */
export function setLatency(control: GraphSandboxControl, latencyMs: (() => number) | undefined, req: ControlRequest): ControlResponse {
  const body = jsonBody(req, ['ms']);
  const ms = requiredInteger(body, 'ms', 0, 60_000);
  control.setLatency(ms);
  return json(200, { ok: true, latencyMs: latencyMs?.() ?? ms });
}

/** GET /_sandbox/requests?since=: the request log without bodies or headers. */
export function requestLog(control: GraphSandboxControl, req: ControlRequest): ControlResponse {
  const since = Number(new URLSearchParams(req.http.query ?? '').get('since') ?? 0);
  const rows = control.requests
    .filter((r) => r.at >= (Number.isFinite(since) ? since : 0))
    .map((r) => ({ method: r.method, path: r.path, via: r.via, status: r.status ?? null, at: r.at, finishedAt: r.finishedAt ?? null }));
  return json(200, { requests: rows });
}

/** POST /_sandbox/notification-token {}: a bearer token for posting call notifications to a bot. */
export async function notificationToken(control: GraphSandboxControl, req: ControlRequest): Promise<ControlResponse> {
  jsonBody(req, []);
  return json(200, { token: await control.signToken() });
}
