/**
 * /communications/calls… — a bot's call legs with service-hosted media (wire-notes §2–§4):
 *   POST   /communications/calls                              → 201 call (state establishing) + Location
 *   GET    /communications/calls/{id}                         → 200 call | 404 once terminated
 *   DELETE /communications/calls/{id}                         → 204, then terminating + terminated notifications
 *   GET    /communications/calls/{id}/participants            → 200 {value: participants}
 *   POST   /communications/calls/{id}/playPrompt              → 200 playPromptOperation + Location
 *   POST   /communications/calls/{id}/participants/invite     → 200 inviteParticipantsOperation + Location
 *   POST   /communications/calls/{id}/keepAlive               → 200 | 404 (no keepAlive for 45 min: the call ends, 408/8537)
 * The behaviour behind them lives in SimulatedCalls.
 */
import type { SimulatedCalls } from './simulated-calls';
import { odataContext, type GraphRequest, type GraphResponse, type GraphRouter } from '../graph-context';

function callsUrl(req: GraphRequest): string {
  return `${req.serviceRoot}/communications/calls`;
}

export function registerCallRoutes(router: GraphRouter, calls: SimulatedCalls): void {
  router.add('POST', '/communications/calls', (req): GraphResponse => {
    const { id, call } = calls.create(req.body);
    return {
      status: 201,
      headers: { Location: `${callsUrl(req)}/${id}` },
      // application-post-calls.md: "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#app/calls/$entity"
      body: { '@odata.context': odataContext(req, 'app/calls/$entity'), ...call },
    };
  });

  // call-get.md: "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#communications/calls/$entity"
  // (POST answers the legacy app/calls form, GET the communications/calls one: both as documented).
  router.add('GET', '/communications/calls/{callId}', (req, params): GraphResponse => ({
    status: 200,
    body: { '@odata.context': odataContext(req, 'communications/calls/$entity'), ...calls.get(params['callId'] ?? '') },
  }));

  router.add('DELETE', '/communications/calls/{callId}', (_req, params): GraphResponse => {
    calls.hangUp(params['callId'] ?? '');
    return { status: 204 };
  });

  router.add('GET', '/communications/calls/{callId}/participants', (req, params): GraphResponse => ({
    status: 200,
    body: {
      '@odata.context': odataContext(req, `app/calls('${params['callId'] ?? ''}')/participants`),
      value: calls.participants(params['callId'] ?? ''),
    },
  }));

  router.add('POST', '/communications/calls/{callId}/playPrompt', (req, params): GraphResponse => {
    const callId = params['callId'] ?? '';
    const { id, operation } = calls.playPrompt(callId, req.body);
    return { status: 200, headers: { Location: `${callsUrl(req)}/${callId}/operations/${id}` }, body: operation };
  });

  router.add('POST', '/communications/calls/{callId}/participants/invite', (req, params): GraphResponse => {
    const callId = params['callId'] ?? '';
    const { id, operation } = calls.invite(callId, req.body);
    return { status: 200, headers: { Location: `${callsUrl(req)}/${callId}/operations/${id}` }, body: operation };
  });

  router.add('POST', '/communications/calls/{callId}/keepAlive', (_req, params): GraphResponse => {
    calls.keepAlive(params['callId'] ?? '');
    return { status: 200 };
  });
}
