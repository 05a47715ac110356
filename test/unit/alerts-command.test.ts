/** The `alerts` command's grammar, the test alert and the alert cards (escaping, one URL per source, valid cards). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALERT_SOURCES, type AlertSource } from '../../src/alerts/alert';
import { testAlert } from '../../src/alerts/alerts-module';
import { matches, type AlertSubscription } from '../../src/alerts/subscription';
import { webhookUrl } from '../../src/alerts/webhook-auth';
import { alertNoticeCard, alertSubscriptionCard, alertSubscriptionListCard } from '../../src/cards/alert-subscription-card';
import { incidentCard } from '../../src/cards/incident-card';
import type { AlertsCommand } from '../../src/commands/alerts';
import type { MentionEntity } from '../../src/commands/command';
import type { ParsedCommand } from '../../src/commands/registry';
import { parseCommand } from '../../src/commands/parse-command';
import { loadConfig } from '../../src/config';
import { cardProblems } from '../support/adaptive-card-check';
import { incident } from '../support/incident-fixtures';
import { ADELE, AT_ADELE, AT_BOT, AT_MEGAN, BOT, BOT_ID, MEGAN, adele, megan } from '../support/parser-fixtures';

function parse(text: string, ...mentions: MentionEntity[]): ParsedCommand {
  return parseCommand({ text: `${AT_BOT} ${text}`, mentions: [BOT, ...mentions], botId: BOT_ID });
}

function alerts(result: ParsedCommand): AlertsCommand {
  assert.equal(result.kind, 'alerts', JSON.stringify(result));
  return result as AlertsCommand;
}

function invalidMessage(result: ParsedCommand): string {
  assert.equal(result.kind, 'invalid', JSON.stringify(result));
  return (result as { message: string }).message;
}

describe('alerts grammar', () => {
  test('the issue\'s example: here, min severity, people, label filter, autoresolve', () => {
    const c = alerts(parse(`alerts here min sev2 page ${AT_MEGAN} ${AT_ADELE} service=checkout autoresolve`, MEGAN, ADELE));
    assert.deepEqual(c, { kind: 'alerts', action: 'subscribe', minSeverity: 'sev2', page: [megan, adele], labelFilter: { service: 'checkout' }, autoresolve: true });
  });

  test('defaults: sev3, nobody paged, no filter, no autoresolve; options in any order', () => {
    assert.deepEqual(alerts(parse('alerts here')), { kind: 'alerts', action: 'subscribe', minSeverity: 'sev3', page: [], labelFilter: {}, autoresolve: false });
    const c = alerts(parse(`alerts here env=prod, page ${AT_MEGAN} sev1 team=payments`, MEGAN));
    assert.deepEqual(c, { kind: 'alerts', action: 'subscribe', minSeverity: 'sev1', page: [megan], labelFilter: { env: 'prod', team: 'payments' }, autoresolve: false });
  });

  test('PagerDuty signing secret at subscribe time or later', () => {
    const c = alerts(parse('alerts here pagerduty-secret=s3cr3t'));
    assert.equal(c.action === 'subscribe' && c.pagerDutySigningSecret, 's3cr3t');
    assert.deepEqual(alerts(parse('alerts pagerduty-secret=s3cr3t al_abcdefgh12')), { kind: 'alerts', action: 'pagerDutySecret', secret: 's3cr3t', subscriptionId: 'al_abcdefgh12' });
    assert.deepEqual(alerts(parse('alerts pd-secret=xyz')), { kind: 'alerts', action: 'pagerDutySecret', secret: 'xyz' });
  });

  test('list and off', () => {
    assert.deepEqual(alerts(parse('alerts')), { kind: 'alerts', action: 'list' });
    assert.deepEqual(alerts(parse('alerts list')), { kind: 'alerts', action: 'list' });
    assert.deepEqual(alerts(parse('alerts off')), { kind: 'alerts', action: 'off' });
    assert.deepEqual(alerts(parse('alerts off al_3xY8qLr2VbN0.')), { kind: 'alerts', action: 'off', subscriptionId: 'al_3xY8qLr2VbN0' });
  });

  test('mistakes get a message and an example, never a subscription', () => {
    assert.match(invalidMessage(parse('alerts here min')), /needs a severity/);
    assert.match(invalidMessage(parse('alerts here sev5')), /not a severity/);
    assert.match(invalidMessage(parse('alerts here please')), /did not understand "please"/);
    assert.match(invalidMessage(parse('alerts here page')), /nobody to page/);
    assert.match(invalidMessage(parse('alerts here =checkout')), /did not understand|label=value/);
    assert.match(invalidMessage(parse('alerts bogus')), /do not know "alerts bogus"/);
    assert.match(invalidMessage(parse('alerts off INC-7F3A2QK')), /not a subscription id/);
  });
});

const SUB: AlertSubscription = {
  id: 'al_abcdefgh12', tenantId: 't', conversationReference: {}, conversationId: '19:x@thread.tacv2', minSeverity: 'sev2',
  labelFilter: { service: 'check*out' }, page: [{ kind: 'directoryUser', aadObjectId: 'u1' }], pageNames: ['Megan _Bowen_'],
  autoresolve: true, secretHash: '0'.repeat(64), createdBy: { displayName: 'Alex [Wilber](http://x)' }, createdAt: '2026-11-24T10:00:00Z',
};

describe('alert cards', () => {
  test('subscription card: one URL per source, the filter and people escaped, a test button; valid card', () => {
    const urls = Object.fromEntries(ALERT_SOURCES.map((s) => [s, webhookUrl('https://bot.contoso.com', s, SUB.id, 'A'.repeat(43))])) as Record<AlertSource, string>;
    const card = alertSubscriptionCard(SUB, urls);
    assert.deepEqual(cardProblems(card), []);
    const text = JSON.stringify(card);
    for (const s of ALERT_SOURCES) assert.ok(text.includes(`/api/alerts/${s}?token=al\\\\_abcdefgh12.`), s);
    assert.ok(text.includes('check\\\\*out') && text.includes('Megan \\\\_Bowen\\\\_') && text.includes('Alex \\\\[Wilber\\\\]'), 'user text escaped');
    assert.ok(text.includes('"verb":"sendTestAlert"'));
    assert.deepEqual(cardProblems(alertSubscriptionListCard([SUB])), []);
    assert.ok(!JSON.stringify(alertSubscriptionListCard([SUB])).includes('token='), 'no secrets in the list');
    assert.deepEqual(cardProblems(alertSubscriptionListCard([])), []);
    assert.deepEqual(cardProblems(alertNoticeCard('Too many alerts')), []);
  });

  test('incident card: the alert block escapes description and labels and links back to the source', () => {
    const inc = { ...incident(), source: { kind: 'alert' as const, name: 'Grafana', link: 'https://grafana.example/alert/1', description: '**boom** {{DATE(2020-01-01T00:00:00Z)}} [x](javascript:alert(1))', labels: { team: '_blue_' }, status: 'firing' as const } };
    const card = incidentCard(inc);
    assert.deepEqual(cardProblems(card), []);
    const text = JSON.stringify(card);
    assert.ok(text.includes('Firing in Grafana'));
    assert.ok(text.includes('\\\\*\\\\*boom\\\\*\\\\*') && !text.includes('{{DATE(2020') && text.includes('team=\\\\_blue\\\\_'));
    assert.ok(text.includes('"url":"https://grafana.example/alert/1"'));
    assert.ok(JSON.stringify(incidentCard({ ...inc, source: { ...inc.source, status: 'resolved' } })).includes('Grafana reports the alert resolved'));
  });

  test('the test alert matches its subscription (severity and label filter)', () => {
    const a = testAlert(SUB, { displayName: 'Alex' }, new Date('2026-11-24T10:00:00Z'));
    assert.equal(a.source, 'generic');
    assert.ok(matches(SUB, a));
  });
});

test('ALERT_SEVERITY_MAP: overrides apply; a bad entry is a config error naming the variable', () => {
  assert.equal(loadConfig({ SANDBOX: 'on', ALERT_SEVERITY_MAP: 'disaster=sev1' }).alerts.severities.get('disaster'), 'sev1');
  assert.throws(() => loadConfig({ SANDBOX: 'on', ALERT_SEVERITY_MAP: 'critical=sev9' }), /ALERT_SEVERITY_MAP/);
});
