import assert from 'node:assert/strict';
import { test } from 'node:test';
import { meetingError } from '../../src/graph/graph-errors';

function graphError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}

const ctx = { organizerId: '170c7d5a-a64e-43f2-b171-5cf0bdf2966b', appId: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9' };

test('a missing application access policy tells the admin the exact PowerShell for the organizer', () => {
  const e = meetingError(graphError(403, 'Forbidden', 'No Application Access Policy found for this app'), ctx);
  assert.equal(e.code, 'ACCESS_POLICY_MISSING');
  const all = (e.details ?? []).join('\n');
  assert.match(all, /New-CsApplicationAccessPolicy -Identity IncidentBridge-Policy -AppIds "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"/);
  assert.match(all, /Grant-CsApplicationAccessPolicy -PolicyName IncidentBridge-Policy -Identity "170c7d5a-a64e-43f2-b171-5cf0bdf2966b"/);
  assert.match(e.hint ?? '', /30 minutes/);
});

test('the older "not authorized to Create meeting" text is recognised too', () => {
  assert.equal(meetingError(graphError(403, 'Unauthorized', 'App abc is not authorized to Create meeting on behalf of user xyz'), ctx).code, 'ACCESS_POLICY_MISSING');
});

test('other Graph failures map to stable codes', () => {
  assert.equal(meetingError(graphError(403, 'Forbidden', 'Insufficient privileges'), ctx).code, 'GRAPH_PERMISSION_MISSING');
  assert.equal(meetingError(graphError(404, 'NotFound', 'x'), ctx).code, 'ORGANIZER_UNKNOWN');
  assert.equal(meetingError(graphError(429, 'TooManyRequests', 'x'), ctx).code, 'GRAPH_THROTTLED');
  assert.equal(meetingError(graphError(503, 'ServiceUnavailable', 'x'), ctx).code, 'GRAPH_UNAVAILABLE');
  assert.equal(meetingError(new TypeError('fetch failed'), ctx).code, 'GRAPH_UNAVAILABLE');
  assert.equal(meetingError(graphError(400, 'BadRequest', 'end before start'), ctx).code, 'GRAPH_BAD_REQUEST');
});
