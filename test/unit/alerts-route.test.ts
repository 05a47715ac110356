import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Alert } from '../../src/alerts/alert';
import { DEFAULT_SEVERITY_MAP } from '../../src/alerts/severity-map';
import type { AlertSubscription } from '../../src/alerts/subscription';
import { newSubscriptionId, newWebhookSecret, webhookToken } from '../../src/alerts/webhook-auth';
import { alertsRoute } from '../../src/http/alerts-route';
import { createHttpServer, listen } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import { InMemoryAlertSubscriptions } from '../support/in-memory-alert-store';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '..', 'fixtures', 'alerts', name), 'utf8');
const PD_SECRET = 'pd-signing-secret';
const { secret, secretHash } = newWebhookSecret();
const SUB: AlertSubscription = {
  id: newSubscriptionId(), tenantId: 't', conversationReference: {}, conversationId: 'c', minSeverity: 'sev2', labelFilter: {}, page: [],
  autoresolve: false, secretHash, pagerDutySigningSecret: PD_SECRET, createdBy: { displayName: 'Alex Wilber' }, createdAt: '2026-11-24T10:00:00Z',
};
const TOKEN = webhookToken(SUB.id, secret);

const accepted: Alert[] = [];
let failAccept = false;
const repo = new InMemoryAlertSubscriptions();
const server = createHttpServer(silentLogger(), [alertsRoute({
  getSubscription: async (id) => (await repo.get(id))?.value,
  severities: DEFAULT_SEVERITY_MAP,
  accept: async (alert) => {
    if (failAccept) throw new Error('blob storage said: connection string AccountKey=secret is wrong');
    accepted.push(alert);
  },
  log: silentLogger(),
  maxBodyBytes: 16 * 1024,
})]);
let base = '';

before(async () => {
  await repo.save(SUB);
  base = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
});
after(() => server.close());

async function post(source: string, body: string, headers: Record<string, string> = {}, query = `?token=${encodeURIComponent(TOKEN)}`): Promise<{ status: number; text: string }> {
  const r = await fetch(`${base}/api/alerts/${source}${query}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: r.status, text: await r.text() };
}

describe('POST /api/alerts/:source', () => {
  test('a documented payload with the right token → 202 after accept', async () => {
    const r = await post('alertmanager', fixture('alertmanager-firing.json'));
    assert.equal(r.status, 202, r.text);
    assert.equal(accepted.at(-1)?.dedupKey, '{}/{severity="critical"}:{alertname="ProbeFailure"}');
  });

  test('the token as a bearer header works too', async () => {
    const r = await post('azure-monitor', fixture('azure-monitor-fired.json'), { authorization: `Bearer ${TOKEN}` }, '');
    assert.equal(r.status, 202, r.text);
  });

  test('wrong or missing token → 401 with a fixed text, nothing accepted', async () => {
    const before = accepted.length;
    for (const query of [`?token=${SUB.id}.${newWebhookSecret().secret}`, '', '?token=nonsense']) {
      const r = await post('generic', fixture('generic-firing.json'), {}, query);
      assert.equal(r.status, 401);
      assert.deepEqual(JSON.parse(r.text), { error: 'unauthorized' });
    }
    assert.equal(accepted.length, before);
  });

  test('PagerDuty: signature over the raw bytes (odd spacing, unicode) is verified; a bad one → 401', async () => {
    const body = fixture('pagerduty-incident-triggered.json').replace('A little bump in the road', 'Café  ☕ down');
    const good = `v1=${createHmac('sha256', 'old').update(body).digest('hex')},v1=${createHmac('sha256', PD_SECRET).update(body).digest('hex')}`;
    const ok = await post('pagerduty', body, { 'x-pagerduty-signature': good });
    assert.equal(ok.status, 202, ok.text);
    assert.equal(accepted.at(-1)?.title, 'Café  ☕ down');
    const bad = await post('pagerduty', body, { 'x-pagerduty-signature': `v1=${createHmac('sha256', 'forged').update(body).digest('hex')}` });
    assert.equal(bad.status, 401);
    const none = await post('pagerduty', body);
    assert.equal(none.status, 401);
  });

  test('PagerDuty event types we do not act on → 200 ignored', async () => {
    const body = fixture('pagerduty-priority-updated.json');
    const r = await post('pagerduty', body, { 'x-pagerduty-signature': `v1=${createHmac('sha256', PD_SECRET).update(body).digest('hex')}` });
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.text).status, 'ignored');
  });

  test('unknown shape → 400 listing what was expected', async () => {
    const r = await post('grafana', JSON.stringify({ hello: 'world' }));
    assert.equal(r.status, 400);
    const body = JSON.parse(r.text) as { expected: string[] };
    assert.ok(body.expected.includes('groupKey: a non-empty string'), r.text);
  });

  test('over the size limit → 413; unknown source → 404', async () => {
    const big = JSON.stringify({ dedupKey: 'k', status: 'firing', title: 'x'.repeat(20 * 1024) });
    assert.equal((await post('generic', big)).status, 413);
    assert.equal((await post('nagios', '{}')).status, 404);
  });

  test('a failure behind accept → 500 without its text', async () => {
    failAccept = true;
    try {
      const r = await post('generic', fixture('generic-firing.json'));
      assert.equal(r.status, 500);
      assert.deepEqual(JSON.parse(r.text), { error: 'internal error' });
    } finally {
      failAccept = false;
    }
  });
});
