/**
 * GraphCallGateway through the real Graph SDK (its request serialization and error handler), with a final
 * middleware standing in for the network: keepAlive carries no body (call-keepalive.md), and the synchronous
 * 403s of POST /communications/calls with calling codes 7505 / 7504 get their own hint on the card.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Client, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { GraphCallGateway } from '../../src/calls/graph-call-gateway';
import { AppError } from '../../src/errors/app-error';
import type { JoinCallRequest } from '../../src/incidents/ports';

interface Seen {
  readonly url: string;
  readonly method: string | undefined;
  readonly body: unknown;
}

function gatewayAnswering(status: number, body?: unknown): { gateway: GraphCallGateway; seen: Seen[] } {
  const seen: Seen[] = [];
  const network: Middleware = {
    execute: async (context: Context): Promise<void> => {
      seen.push({ url: String(context.request), method: context.options?.method, body: context.options?.body });
      context.response = new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      });
    },
  };
  const client = Client.initWithMiddleware({ middleware: network, baseUrl: 'https://graph.example/', defaultVersion: 'v1.0' });
  return { gateway: new GraphCallGateway(client), seen };
}

const JOIN: JoinCallRequest = {
  tenantId: 'tenant-1',
  callbackUri: 'https://bot.example/api/calls',
  meeting: {
    id: 'm-1',
    joinWebUrl: 'https://teams.microsoft.com/l/meetup-join/x',
    subject: 'INC',
    startDateTime: '2026-01-01T00:00:00Z',
    endDateTime: '2026-01-01T01:00:00Z',
    externalId: 'inc-1',
    chatInfo: { threadId: '19:meeting_x@thread.v2', messageId: '0', replyChainMessageId: null },
    organizer: { id: 'org-1' },
  },
};

async function joinRefusal(code: string, message: string): Promise<AppError> {
  const { gateway } = gatewayAnswering(403, { error: { code, message } });
  const e = await gateway.join(JOIN).then(
    () => assert.fail('join must fail'),
    (err: unknown) => err,
  );
  assert.ok(e instanceof AppError, String(e));
  return e;
}

describe('GraphCallGateway', () => {
  test('keepAlive is a POST without a request body', async () => {
    const { gateway, seen } = gatewayAnswering(200);
    assert.equal(await gateway.keepAlive('call-1'), 'ok');
    assert.equal(seen.length, 1);
    assert.match(seen[0]?.url ?? '', /\/v1\.0\/communications\/calls\/call-1\/keepAlive$/);
    assert.equal(seen[0]?.method, 'POST');
    assert.equal(seen[0]?.body, undefined);
  });

  test('synchronous 403 7505 (tenant mismatch) → the tenant hint, not "grant Calls.JoinGroupCall.All"', async () => {
    const e = await joinRefusal('7505', 'Request authorization tenant mismatch.');
    assert.equal(e.code, 'GRAPH_PERMISSION_MISSING');
    assert.match(e.hint ?? '', /Tenant mismatch \(7505\)/);
    assert.match(e.hint ?? '', /GRAPH_TENANT_ID/);
    assert.doesNotMatch(e.hint ?? '', /grant the app Calls\.JoinGroupCall\.All/);
  });

  test('synchronous 403 7504 (insufficient enterprise tenant permissions) → admin consent in the meeting\'s tenant', async () => {
    const e = await joinRefusal('7504', 'Insufficient enterprise tenant permissions, cannot access this API.');
    assert.match(e.hint ?? '', /7504/);
    assert.match(e.hint ?? '', /admin consent/);
    assert.match(e.hint ?? '', /meeting's tenant/);
  });

  test('any other 403 keeps the permission hint', async () => {
    const e = await joinRefusal('Forbidden', 'Forbidden');
    assert.match(e.hint ?? '', /Calls\.JoinGroupCall\.All/);
  });
});
