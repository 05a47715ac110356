import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/errors/app-error';
import { DEFAULT_SEVERITY_MAP, mapSeverity, mostSevere, parseSeverityMap } from '../../src/alerts/severity-map';
import type { AlertSubscription } from '../../src/alerts/subscription';
import {
  authenticateWebhook, hashSecret, newSubscriptionId, newWebhookSecret, parseToken, presentedToken, secretMatches,
  verifyPagerDutySignature, webhookToken, webhookUrl, type WebhookCredentials,
} from '../../src/alerts/webhook-auth';

describe('severity map', () => {
  test('documented defaults', () => {
    const cases: [string, string | undefined][] = [
      ['Sev0', 'sev1'], ['Sev1', 'sev1'], ['Sev2', 'sev2'], ['Sev3', 'sev3'], ['Sev4', 'sev4'],
      ['critical', 'sev1'], ['error', 'sev2'], ['high', 'sev2'], ['warning', 'sev3'], ['info', 'sev4'],
      ['P1', 'sev1'], ['low', 'sev4'], ['sev2', 'sev2'], ['apocalyptic', undefined],
    ];
    for (const [word, sev] of cases) assert.equal(mapSeverity(DEFAULT_SEVERITY_MAP, word), sev, word);
  });

  test('the most severe of a group wins', () => {
    assert.deepEqual(mostSevere(DEFAULT_SEVERITY_MAP, ['warning', undefined, 'critical', 'info']), { severity: 'sev1', word: 'critical' });
    assert.deepEqual(mostSevere(DEFAULT_SEVERITY_MAP, ['nope']), {});
  });

  test('overrides from ALERT_SEVERITY_MAP, case-insensitive, over the defaults', () => {
    const m = parseSeverityMap(' Warning=sev2 , page=sev1,,');
    assert.equal(mapSeverity(m, 'warning'), 'sev2');
    assert.equal(mapSeverity(m, 'PAGE'), 'sev1');
    assert.equal(mapSeverity(m, 'critical'), 'sev1', 'defaults stay');
    assert.equal(parseSeverityMap(undefined).size, DEFAULT_SEVERITY_MAP.size);
  });

  test('config errors name the variable and the entry', () => {
    for (const bad of ['critical', 'critical=sev9', '=sev1', 'warning=']) {
      assert.throws(() => parseSeverityMap(bad), (e: unknown) => e instanceof ConfigError && e.variable === 'ALERT_SEVERITY_MAP' && e.message.startsWith('ALERT_SEVERITY_MAP: '), bad);
    }
  });
});

const SECRET = newWebhookSecret();
const ID = newSubscriptionId();
const PD_SECRET = 'pd-signing-secret-from-pagerduty';
function subscription(over: Partial<AlertSubscription> = {}): AlertSubscription {
  return {
    id: ID, tenantId: 't', conversationReference: {}, conversationId: 'c', minSeverity: 'sev2', labelFilter: {}, page: [],
    autoresolve: false, secretHash: SECRET.secretHash, createdBy: { displayName: 'Alex Wilber' }, createdAt: '2026-11-24T10:00:00Z', ...over,
  };
}
const lookup = (s: AlertSubscription | undefined) => async (id: string) => (s && s.id === id ? s : undefined);
const BODY = Buffer.from('{"event":{"id":"e","event_type":"incident.triggered"}}', 'utf8');
const sign = (body: Buffer, key: string): string => `v1=${createHmac('sha256', key).update(body).digest('hex')}`;
const creds = (over: Partial<WebhookCredentials> = {}): WebhookCredentials => ({ source: 'generic', rawBody: BODY, ...over });

describe('webhook secrets', () => {
  test('generated with enough entropy; only the hash is kept; URL carries id.secret', () => {
    assert.match(SECRET.secret, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(SECRET.secretHash, hashSecret(SECRET.secret));
    assert.notEqual(newWebhookSecret().secret, SECRET.secret);
    const url = webhookUrl('https://bridge.contoso.com/', 'azure-monitor', ID, SECRET.secret);
    assert.equal(url, `https://bridge.contoso.com/api/alerts/azure-monitor?token=${ID}.${SECRET.secret}`);
    assert.deepEqual(parseToken(webhookToken(ID, SECRET.secret)), { subscriptionId: ID, secret: SECRET.secret });
    assert.equal(parseToken('no-dot-here'), undefined);
    assert.equal(parseToken(`${ID}.short`), undefined);
  });

  test('bearer header first, then ?token=', () => {
    assert.equal(presentedToken('Bearer abc', 'q'), 'abc');
    assert.equal(presentedToken('bearer  abc ', undefined), 'abc');
    assert.equal(presentedToken('Basic dXNlcjpwdw==', 'q'), 'q');
    assert.equal(presentedToken(undefined, ''), undefined);
  });

  test('constant-time comparison over hashes', () => {
    assert.equal(secretMatches(SECRET.secret, SECRET.secretHash), true);
    assert.equal(secretMatches(`${SECRET.secret}x`, SECRET.secretHash), false);
    assert.equal(secretMatches(SECRET.secret, 'not-a-hash'), false);
  });

  test('good token (header or query) → the subscription', async () => {
    const token = webhookToken(ID, SECRET.secret);
    const viaHeader = await authenticateWebhook(creds({ authorization: `Bearer ${token}` }), lookup(subscription()));
    assert.equal(viaHeader.ok, true);
    const viaQuery = await authenticateWebhook(creds({ queryToken: token }), lookup(subscription()));
    assert.equal(viaQuery.ok && viaQuery.subscription.id, ID);
  });

  test('missing, malformed, unknown or wrong token → refused with the reason (for logs only)', async () => {
    const other = newWebhookSecret().secret;
    const cases: [Partial<WebhookCredentials>, AlertSubscription | undefined, string][] = [
      [{}, subscription(), 'missingToken'],
      [{ queryToken: 'garbage' }, subscription(), 'malformedToken'],
      [{ queryToken: webhookToken(ID, SECRET.secret) }, undefined, 'unknownSubscription'],
      [{ queryToken: webhookToken(ID, other) }, subscription(), 'wrongSecret'],
    ];
    for (const [over, sub, reason] of cases) {
      const r = await authenticateWebhook(creds(over), lookup(sub));
      assert.equal(r.ok ? 'ok' : r.reason, reason);
    }
  });
});

describe('PagerDuty signatures', () => {
  test('a good v1 signature verifies; a bad one or another body does not', () => {
    assert.equal(verifyPagerDutySignature(BODY, sign(BODY, PD_SECRET), PD_SECRET), true);
    assert.equal(verifyPagerDutySignature(BODY, sign(BODY, 'other'), PD_SECRET), false);
    assert.equal(verifyPagerDutySignature(Buffer.from(`${BODY.toString()} `), sign(BODY, PD_SECRET), PD_SECRET), false);
    assert.equal(verifyPagerDutySignature(BODY, 'v0=abc', PD_SECRET), false);
    assert.equal(verifyPagerDutySignature(BODY, undefined, PD_SECRET), false);
  });

  test('rotation: any one of several comma-separated signatures is enough', () => {
    const header = `${sign(BODY, 'old-secret')},${sign(BODY, PD_SECRET)}`;
    assert.equal(verifyPagerDutySignature(BODY, header, PD_SECRET), true);
    assert.equal(verifyPagerDutySignature(BODY, `${sign(BODY, 'a')}, ${sign(BODY, 'b')}`, PD_SECRET), false);
  });

  test('with a stored signing secret, the token alone is not enough', async () => {
    const sub = subscription({ pagerDutySigningSecret: PD_SECRET });
    const base = { source: 'pagerduty' as const, queryToken: webhookToken(ID, SECRET.secret) };
    const missing = await authenticateWebhook(creds(base), lookup(sub));
    assert.equal(missing.ok ? 'ok' : missing.reason, 'missingSignature');
    const bad = await authenticateWebhook(creds({ ...base, pagerDutySignature: sign(BODY, 'forged') }), lookup(sub));
    assert.equal(bad.ok ? 'ok' : bad.reason, 'badSignature');
    const good = await authenticateWebhook(creds({ ...base, pagerDutySignature: `${sign(BODY, 'old')},${sign(BODY, PD_SECRET)}` }), lookup(sub));
    assert.equal(good.ok && good.signatureChecked, true);
    const noSecret = await authenticateWebhook(creds(base), lookup(subscription()));
    assert.equal(noSecret.ok && noSecret.signatureChecked, false);
  });
});
