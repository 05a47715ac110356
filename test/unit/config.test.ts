import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config';
import { PROD } from '../support/production-env';

test('no credentials means sandbox mode with defaults', () => {
  const c = loadConfig({});
  assert.equal(c.sandbox, true);
  assert.equal(c.port, 3978);
  assert.equal(c.meeting.durationMinutes, 60);
  assert.equal(c.playground, true);
});

test('a production configuration loads, Graph settings default to the bot registration', () => {
  const c = loadConfig(PROD);
  assert.equal(c.sandbox, false);
  assert.equal(c.graph.clientId, PROD.MicrosoftAppId);
  assert.equal(c.graph.clientSecret, PROD.MicrosoftAppPassword);
  assert.equal(c.graph.tenantId, PROD.MicrosoftAppTenantId);
  assert.equal(c.graph.baseUrl, 'https://graph.microsoft.com');
});

test('errors name the variable', () => {
  assert.throws(() => loadConfig({ ...PROD, PUBLIC_BASE_URL: 'http://bridge.contoso.com' }), /PUBLIC_BASE_URL/);
  assert.throws(() => loadConfig({ ...PROD, MicrosoftAppId: 'not-a-guid' }), /MicrosoftAppId: must be a GUID/);
  assert.throws(() => loadConfig({ ...PROD, MicrosoftAppPassword: '' }), /MicrosoftAppPassword/);
  assert.throws(() => loadConfig({ ...PROD, MEETING_DURATION_MINUTES: 'abc' }), /MEETING_DURATION_MINUTES: must be a whole number/);
  assert.throws(() => loadConfig({ ...PROD, MicrosoftAppType: 'Weird' }), /MicrosoftAppType: must be one of/);
  assert.throws(() => loadConfig({ ...PROD, STORAGE: 'blob' }), /AZURE_STORAGE_CONNECTION_STRING/);
  assert.throws(() => loadConfig({ ...PROD, MicrosoftAppTenantId: undefined, MicrosoftAppType: 'SingleTenant', GRAPH_TENANT_ID: PROD.MicrosoftAppTenantId }), /MicrosoftAppTenantId/);
});

test('error messages never echo a secret', () => {
  try {
    loadConfig({ ...PROD, MicrosoftAppId: undefined, GRAPH_CLIENT_ID: PROD.MicrosoftAppId });
    assert.fail('expected an error');
  } catch (e: unknown) {
    assert.ok(e instanceof Error);
    assert.ok(!e.message.includes('secret-value'));
  }
});

test('SANDBOX=on forces the sandbox even with credentials', () => {
  assert.equal(loadConfig({ ...PROD, SANDBOX: 'on' }).sandbox, true);
});

test('the Graph token scope follows the Graph endpoint (national clouds)', async () => {
  const { graphScopeFor } = await import('../../src/graph/graph-client');
  assert.equal(graphScopeFor('https://graph.microsoft.com'), 'https://graph.microsoft.com/.default');
  assert.equal(graphScopeFor('https://graph.microsoft.us/'), 'https://graph.microsoft.us/.default');
  assert.equal(graphScopeFor('http://127.0.0.1:3979'), 'https://graph.microsoft.com/.default');
});
