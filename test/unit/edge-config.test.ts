/** Issue #11: bind address, serviceUrl allow list and shutdown timeout — defaults, overrides, errors naming the variable. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config';
import { PROD } from '../support/production-env';
import { serviceUrlAllowed, type ServiceUrlPolicy } from '../../src/http/service-url-policy';

test('sandbox binds loopback unless HOST is set; production binds every interface', () => {
  assert.equal(loadConfig({}).host, '127.0.0.1');
  assert.equal(loadConfig({ HOST: '0.0.0.0' }).host, '0.0.0.0');
  assert.equal(loadConfig(PROD).host, undefined);
  assert.equal(loadConfig({ ...PROD, HOST: '10.1.2.3' }).host, '10.1.2.3');
});

test('serviceUrl policy: loopback without an app id, Bot Framework hosts with one', () => {
  const sandbox = loadConfig({}).serviceUrls!;
  const prod = loadConfig(PROD).serviceUrls!;
  const ok = (p: ServiceUrlPolicy, u: unknown) => serviceUrlAllowed(p, u);
  assert.equal(ok(sandbox, 'http://localhost:56150/_connector'), true);
  assert.equal(ok(sandbox, 'http://127.0.0.1:3000/'), true);
  assert.equal(ok(sandbox, 'http://[::1]:3000/'), true);
  assert.equal(ok(sandbox, 'https://smba.trafficmanager.net/amer/'), false);
  assert.equal(ok(sandbox, 'http://127.0.0.1.evil.example/'), false);
  assert.equal(ok(sandbox, 'http://user@127.0.0.1/'), false);
  assert.equal(ok(sandbox, 42), false);
  assert.equal(ok(prod, 'https://smba.trafficmanager.net/amer/'), true);
  assert.equal(ok(prod, 'https://smba.trafficmanager.net/emea/'), true);
  assert.equal(ok(prod, 'https://webchat.botframework.com/'), true);
  assert.equal(ok(prod, 'https://smba.infra.gov.teams.microsoft.us/'), true);
  assert.equal(ok(prod, 'https://evilbotframework.com/'), false);
  assert.equal(ok(prod, 'https://botframework.com.evil.example/'), false);
  assert.equal(ok(prod, 'http://smba.trafficmanager.net/amer/'), false);
  assert.equal(ok(prod, 'http://localhost:56150/_connector'), false);
});

test('ALLOWED_SERVICE_URLS replaces the list; bad entries name the variable', () => {
  const c = loadConfig({ ...PROD, ALLOWED_SERVICE_URLS: 'https://smba.trafficmanager.net/emea, https://*.contoso.com' });
  assert.equal(serviceUrlAllowed(c.serviceUrls!, 'https://smba.trafficmanager.net/emea/'), true);
  assert.equal(serviceUrlAllowed(c.serviceUrls!, 'https://smba.trafficmanager.net/amer/'), false);
  assert.equal(serviceUrlAllowed(c.serviceUrls!, 'https://bots.contoso.com/x'), true);
  assert.throws(() => loadConfig({ ...PROD, ALLOWED_SERVICE_URLS: 'smba.trafficmanager.net' }), /ALLOWED_SERVICE_URLS: /);
  assert.throws(() => loadConfig({ ...PROD, ALLOWED_SERVICE_URLS: 'http://attacker.example' }), /ALLOWED_SERVICE_URLS: only loopback/);
});

test('SHUTDOWN_TIMEOUT_MS: default 10 s, validated', () => {
  assert.equal(loadConfig({}).shutdownTimeoutMs, 10_000);
  assert.equal(loadConfig({ SHUTDOWN_TIMEOUT_MS: '2500' }).shutdownTimeoutMs, 2500);
  assert.throws(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: 'soon' }), /SHUTDOWN_TIMEOUT_MS: must be a whole number/);
});
