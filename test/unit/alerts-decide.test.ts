import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alert } from '../../src/alerts/alert';
import { decideAlert, type AlertDecisionInput } from '../../src/alerts/decide';
import type { AlertIncidentLink } from '../../src/alerts/alert-ports';
import { fullBucket, takeToken, type RateLimitPolicy } from '../../src/alerts/rate-limit';
import { matches, mismatch, parseLabelFilter, type AlertSubscription } from '../../src/alerts/subscription';

const NOW = new Date('2026-11-24T10:00:00Z');
const POLICY: RateLimitPolicy = { burst: 2, refillEveryMs: 60_000 };
const at = (ms: number): Date => new Date(NOW.getTime() + ms);

const alert = (over: Partial<Alert> = {}): Alert => ({
  source: 'alertmanager', dedupKey: 'g1', occurrenceKey: 'o1', status: 'firing', title: 'Checkout down', severity: 'sev1',
  sourceSeverity: 'critical', labels: { service: 'checkout' }, link: 'https://am.example/x', summary: {}, ...over,
});
const sub = (over: Partial<AlertSubscription> = {}): AlertSubscription => ({
  id: 'al_abcdefghij', tenantId: 't1', conversationReference: { conversation: { id: 'c1' } }, conversationId: 'c1', teamId: 'team1', channelId: 'c1',
  minSeverity: 'sev2', labelFilter: {}, page: [{ kind: 'email', address: 'meganb@contoso.com' }], autoresolve: false,
  secretHash: '0'.repeat(64), createdBy: { displayName: 'Alex Wilber', aadObjectId: 'u1' }, createdAt: NOW.toISOString(), ...over,
});
const link = (over: Partial<AlertIncidentLink> = {}): AlertIncidentLink => ({
  subscriptionId: 'al_abcdefghij', source: 'alertmanager', dedupKey: 'g1', incidentId: 'INC-1', seen: ['o1'], lastStatus: 'firing', updatedAt: NOW.toISOString(), ...over,
});
const input = (over: Partial<AlertDecisionInput<AlertSubscription['conversationReference']>> = {}): AlertDecisionInput<AlertSubscription['conversationReference']> => ({
  alert: alert(), subscription: sub(), now: NOW, policy: POLICY, ...over,
});
const openIncident = { link: link(), incident: { id: 'INC-1', state: 'botConnected' as const } };

describe('subscription matching', () => {
  test('min severity and label filter', () => {
    assert.equal(matches(sub(), alert()), true);
    assert.equal(mismatch(sub(), alert({ severity: 'sev3' })), 'belowMinSeverity');
    assert.equal(mismatch(sub({ minSeverity: 'sev3' }), alert({ severity: undefined })), undefined, 'no severity = the default, sev3');
    assert.equal(mismatch(sub({ labelFilter: { service: 'checkout' } }), alert()), undefined);
    assert.equal(mismatch(sub({ labelFilter: { service: 'payments' } }), alert()), 'filtered');
    assert.deepEqual(parseLabelFilter('service=checkout, env=prod'), { service: 'checkout', env: 'prod' });
    assert.throws(() => parseLabelFilter('service'), /label=value/);
  });
});

describe('rate limit', () => {
  test('burst, then refused; one notice per burst; refills over time', () => {
    const a = takeToken(undefined, POLICY, NOW);
    assert.equal(a.allowed, true);
    const b = takeToken(a.state, POLICY, NOW);
    assert.equal(b.allowed, true);
    const c = takeToken(b.state, POLICY, at(1000));
    assert.ok(!c.allowed && c.tell, 'the first refusal tells the channel');
    assert.equal(!c.allowed && c.retryAfterMs, 59_000);
    const d = takeToken(c.state, POLICY, at(2000));
    assert.ok(!d.allowed && !d.tell, 'later refusals stay quiet');
    const e = takeToken(d.state, POLICY, at(61_000));
    assert.equal(e.allowed, true, 'a token came back');
    assert.equal(e.state.toldAt, undefined, 'told flag cleared by the next admitted alert');
    const f = takeToken(e.state, POLICY, at(61_500));
    assert.ok(!f.allowed && f.tell, 'the next burst is told again');
  });

  test('never more than the bucket size; a clock going backwards refills nothing', () => {
    assert.equal(takeToken(fullBucket(POLICY, NOW), POLICY, at(3_600_000)).state.tokens, POLICY.burst - 1);
    const empty = { tokens: 0, at: NOW.toISOString() };
    assert.equal(takeToken(empty, POLICY, at(-60_000)).allowed, false);
  });
});

describe('alert → incident', () => {
  test('a new firing alert opens an incident with everything the card needs', () => {
    const d = decideAlert(input());
    assert.equal(d.outcome, 'open');
    const effect = d.effects[0];
    assert.equal(effect?.kind, 'openIncident');
    if (effect?.kind !== 'openIncident') return;
    const r = effect.request;
    assert.equal(r.title, 'Checkout down');
    assert.equal(r.severity, 'sev1');
    assert.equal(r.link, 'https://am.example/x');
    assert.deepEqual(r.labels, { service: 'checkout' });
    assert.deepEqual(r.attendees, [{ kind: 'email', address: 'meganb@contoso.com' }]);
    assert.equal(r.teamId, 'team1');
    assert.equal(r.timelineText, 'Opened from an Alertmanager alert (severity critical)');
    assert.match(r.sourceActivityId, /^alert:al_abcdefghij:[0-9a-f]{20}$/);
    const again = decideAlert(input()).effects[0];
    assert.equal(again?.kind === 'openIncident' && again.request.sourceActivityId, r.sourceActivityId, 'deterministic (idempotent)');
    assert.deepEqual(d.pendingLink?.seen, ['o1']);
    assert.equal(d.rate?.tokens, 1);
  });

  test('no severity → the default (sev3), if the subscription allows it', () => {
    const d = decideAlert(input({ alert: alert({ severity: undefined }), subscription: sub({ minSeverity: 'sev4' }) }));
    assert.equal(d.effects[0]?.kind === 'openIncident' && d.effects[0].request.severity, 'sev3');
  });

  test('below min severity, filtered, resolved without incident → ignored, nothing done', () => {
    assert.deepEqual(decideAlert(input({ alert: alert({ severity: 'sev4' }) })), { outcome: 'ignored', reason: 'belowMinSeverity', effects: [] });
    assert.equal(decideAlert(input({ subscription: sub({ labelFilter: { service: 'payments' } }) })).reason, 'filtered');
    assert.equal(decideAlert(input({ alert: alert({ status: 'resolved' }) })).reason, 'resolvedWithoutIncident');
  });

  test('rate limited: ignored, the channel told once', () => {
    const empty = { tokens: 0, at: NOW.toISOString() };
    const first = decideAlert(input({ rate: empty }));
    assert.equal(first.reason, 'rateLimited');
    assert.equal(first.effects[0]?.kind, 'tellRateLimited');
    const second = decideAlert(input({ rate: first.rate, now: at(1000) }));
    assert.equal(second.reason, 'rateLimited');
    assert.deepEqual(second.effects, []);
  });

  test('the same occurrence again on an open incident → "redelivered" timeline line, never a second incident', () => {
    const d = decideAlert(input({ existing: openIncident }));
    assert.equal(d.outcome, 'redelivered');
    assert.deepEqual(d.effects, [{ kind: 'addTimeline', incidentId: 'INC-1', text: 'Alertmanager redelivered the alert' }]);
  });

  test('a new occurrence → "fired again"; filters do not apply to an incident already open', () => {
    const d = decideAlert(input({ existing: openIncident, alert: alert({ occurrenceKey: 'o2', severity: 'sev4' }) }));
    assert.equal(d.outcome, 'firedAgain');
    assert.deepEqual(d.effects, [{ kind: 'addTimeline', incidentId: 'INC-1', text: 'Alertmanager reports the alert firing again' }]);
    assert.deepEqual(d.link?.seen, ['o1', 'o2']);
  });

  test('resolved by the source: timeline; resolves only with autoresolve', () => {
    const resolved = alert({ status: 'resolved', occurrenceKey: 'r1', resolvedAt: '2026-11-24T10:30:00.000Z' });
    const plain = decideAlert(input({ existing: openIncident, alert: resolved }));
    assert.equal(plain.outcome, 'sourceResolved');
    assert.deepEqual(plain.effects.map((e) => e.kind), ['addTimeline']);
    assert.equal(plain.link?.lastStatus, 'resolved');
    assert.equal(plain.link?.sourceResolvedAt, '2026-11-24T10:30:00.000Z');
    const auto = decideAlert(input({ existing: openIncident, alert: resolved, subscription: sub({ autoresolve: true }) }));
    assert.deepEqual(auto.effects.map((e) => e.kind), ['addTimeline', 'resolveIncident']);
    const again = decideAlert(input({ existing: { ...openIncident, link: auto.link ?? link() }, alert: resolved, subscription: sub({ autoresolve: true }) }));
    assert.equal(again.outcome, 'redelivered');
    assert.deepEqual(again.effects.map((e) => e.kind), ['addTimeline']);
  });

  test('firing again after the source said resolved, incident still open → fired again, says so', () => {
    const d = decideAlert(input({ existing: { ...openIncident, link: link({ lastStatus: 'resolved', seen: ['o1', 'r1'] }) }, alert: alert({ occurrenceKey: 'o3' }) }));
    assert.equal(d.effects[0]?.kind === 'addTimeline' && d.effects[0].text, 'Alertmanager reports the alert firing again after reporting it resolved');
  });

  test('people resolved the incident: the same firing repeated is ignored; a new firing opens a new incident', () => {
    const closed = { link: link(), incident: { id: 'INC-1', state: 'resolved' as const } };
    assert.equal(decideAlert(input({ existing: closed })).reason, 'alreadyResolved');
    assert.equal(decideAlert(input({ existing: closed, alert: alert({ occurrenceKey: 'o9' }) })).outcome, 'open');
    const sourceResolved = decideAlert(input({ existing: closed, alert: alert({ status: 'resolved', occurrenceKey: 'r1' }), subscription: sub({ autoresolve: true }) }));
    assert.deepEqual(sourceResolved.effects.map((e) => e.kind), ['addTimeline'], 'no second resolve');
  });
});
