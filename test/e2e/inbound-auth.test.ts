/** With an app id configured, CloudAdapter validates the Bot Framework JWT: unauthenticated activities are refused. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;
before(async () => {
  h = await startHarness({ env: { MicrosoftAppId: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9', MicrosoftAppPassword: 'not-used-here', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: '5f0c1e2a-8b7d-4c39-a6e4-2d9f3b1c7a58' } });
});
after(async () => { await h.close(); });

test('no token → 401, nothing happens', async () => {
  const res = await h.post(h.fixture('group-chat-start', { id: 'unauth-1' }));
  assert.equal(res.status, 401);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(h.graph.control.meetings().length, 0);
  assert.equal(h.connector.activities.length, 0);
});

test('a forged token → 401', async () => {
  const res = await fetch(`${h.app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiIwYjFjMmQzZSJ9.c2lnbmF0dXJl' },
    body: JSON.stringify(h.fixture('group-chat-start', { id: 'unauth-2' })),
  });
  assert.equal(res.status, 401);
  assert.equal(h.graph.control.meetings().length, 0);
});
