/** Result-info presets the control page offers (drop a call, fail the next join) and the list of control endpoints. */
import { RESULT_INFO, type ResultInfo } from '../graph/calls/call-resources';

/** Where the control surface lives, outside Graph's versions. */
export const CONTROL_PREFIX = '_sandbox';

// --- presets ---------------------------------------------------------------------------------------

export interface Preset {
  readonly label: string;
  readonly info: ResultInfo;
}

export const DROP_PRESETS: readonly Preset[] = [
  { label: 'media failure', info: RESULT_INFO.mediaConnectivity },
  { label: 'keep-alive timeout', info: RESULT_INFO.keepAliveTimeout },
];

export const FAIL_PRESETS: readonly Preset[] = [
  { label: 'no admin consent (Calls.JoinGroupCall.All)', info: RESULT_INFO.insufficientTenantPermissions },
  { label: 'tenant mismatch', info: { code: 403, subcode: 7505, message: 'Request authorization tenant mismatch.' } },
  // microsoftgraph/microsoft-graph-docs#10845, microsoft-graph-comms-samples#432: 403, errorCode 7503.
  { label: 'calling not enabled / wrong webhook', info: { code: 403, subcode: 7503, message: 'Application is not registered in our store.' } },
  { label: 'meeting not found (bad join coordinates)', info: RESULT_INFO.badJoinRequest },
];

export function presetMessage(presets: readonly Preset[], code: number, subcode: number): string | undefined {
  return presets.find((p) => p.info.code === code && p.info.subcode === subcode)?.info.message;
}

export const ENDPOINTS: readonly { method: string; path: string; body?: string; description: string }[] = [
  { method: 'GET', path: '/_sandbox', description: 'This document: meetings, calls, people in each meeting, denied policies, throttling.' },
  { method: 'GET', path: '/_sandbox/ui', description: 'An HTML page with buttons for the actions below.' },
  {
    method: 'POST',
    path: '/_sandbox/meetings/{threadIdOrCallId}/join',
    body: '{"userIdOrUpn": string, "isMuted"?: boolean, "isInLobby"?: boolean}',
    description: "A directory user joins the meeting's call (thread id, online meeting id or a call id in it): roster notifications to its established legs.",
  },
  {
    method: 'POST',
    path: '/_sandbox/meetings/{threadIdOrCallId}/leave',
    body: '{"userIdOrUpn": string}',
    description: 'The user leaves: roster notifications; when nobody is left, legs that had company end with 200/5002.',
  },
  {
    method: 'POST',
    path: '/_sandbox/calls/{callId}/drop',
    body: '{"code": integer, "subcode": integer, "message"?: string} (empty: 500/1005)',
    description: 'The service drops a live leg: terminating, then terminated with that resultInfo (500/1005 media failure, 408/8537 keep-alive timeout, …).',
  },
  {
    method: 'POST',
    path: '/_sandbox/next-call/fail',
    body: '{"code": integer, "subcode": integer, "message"?: string, "synchronous"?: boolean}',
    description: 'The next POST /communications/calls fails: 201, establishing, then terminated with it (synchronous: an HTTP error). Presets 403/7504, 403/7505, 403/7503, 400/2203.',
  },
  { method: 'POST', path: '/_sandbox/policies/{organizerIdOrUpn}/deny', description: "Removes the organizer's application access policy: onlineMeetings calls answer 403." },
  { method: 'POST', path: '/_sandbox/policies/{organizerIdOrUpn}/allow', description: "Grants the organizer's application access policy again." },
  {
    method: 'POST',
    path: '/_sandbox/throttle',
    body: '{"count": integer >= 0, "retryAfterSeconds": integer >= 0}',
    description: 'The next count Graph requests (a $batch counts as one) answer 429 with Retry-After; count 0 disarms.',
  },
  {
    method: 'POST',
    path: '/_sandbox/delivery',
    body: '{"duplicate"?: boolean, "reverseOrder"?: boolean}',
    description: 'Call notification delivery quirks: every notification twice; established before establishing.',
  },
  {
    method: 'POST',
    path: '/_sandbox/alerts/fire',
    body: '{"url": string, "status"?: "firing" | "resolved", "pagerDutySigningSecret"?: string}',
    description: "Plays the alerting tool: POSTs the tool's documented sample payload (test/fixtures/alerts/) to a bot webhook URL (loopback only) from the subscription card.",
  },
  {
    method: 'POST',
    path: '/_sandbox/latency',
    body: '{"ms": integer 0..60000}',
    description: 'Artificial delay before every top-level Graph request (not $batch items, not this surface); 0 turns it off.',
  },
  { method: 'GET', path: '/_sandbox/requests?since={epochMs}', description: 'The recent Graph request log (bounded): method, path, status, arrival and finish times.' },
  { method: 'POST', path: '/_sandbox/notification-token', body: '{}', description: 'A bearer token signed with the notification key, as the calling service signs them (for benchmarks posting notifications).' },
];
