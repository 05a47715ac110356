import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { AlertPayloadError, type Alert, type AlertSource, type ParseOutcome } from '../../src/alerts/alert';
import { parseAlert, parseAlertText } from '../../src/alerts/parse-alert';
import { DEFAULT_SEVERITY_MAP } from '../../src/alerts/severity-map';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'alerts');
const raw = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const json = (name: string): unknown => JSON.parse(raw(name));

function alertOf(source: AlertSource, fixture: string): Alert {
  const o: ParseOutcome = parseAlertText(source, raw(fixture), DEFAULT_SEVERITY_MAP);
  assert.equal(o.kind, 'alert');
  if (o.kind !== 'alert') throw new Error('not an alert');
  return o.alert;
}

function expectedOf(source: AlertSource, body: unknown): readonly string[] {
  try {
    parseAlert(source, body, DEFAULT_SEVERITY_MAP);
  } catch (e: unknown) {
    if (e instanceof AlertPayloadError) return e.expected;
    throw e;
  }
  assert.fail('expected an AlertPayloadError');
}

describe('alertmanager', () => {
  test('firing group: groupKey dedupes, summary is the title, critical → sev1, generatorURL links back', () => {
    const a = alertOf('alertmanager', 'alertmanager-firing.json');
    assert.equal(a.dedupKey, '{}/{severity="critical"}:{alertname="ProbeFailure"}');
    assert.equal(a.status, 'firing');
    assert.equal(a.title, 'BlackBox Probe Failure: https://server.example.org');
    assert.equal(a.severity, 'sev1');
    assert.equal(a.sourceSeverity, 'critical');
    assert.match(a.description ?? '', /down for over 5m/);
    assert.match(a.link ?? '', /^http:\/\/prometheus\.example\.org:9090\/graph/);
    assert.equal(a.labels['job'], 'http_checks');
    assert.equal(a.firedAt, '2023-02-06T13:08:45.828Z');
    assert.equal(a.resolvedAt, undefined);
    assert.equal(a.summary['receiver'], 'sms');
  });

  test('resolved group: same dedupKey, a different occurrence, resolvedAt from endsAt', () => {
    const f = alertOf('alertmanager', 'alertmanager-firing.json');
    const r = alertOf('alertmanager', 'alertmanager-resolved.json');
    assert.equal(r.status, 'resolved');
    assert.equal(r.dedupKey, f.dedupKey);
    assert.notEqual(r.occurrenceKey, f.occurrenceKey);
    assert.equal(r.resolvedAt, '2023-02-06T13:23:45.828Z');
    assert.equal(alertOf('alertmanager', 'alertmanager-firing.json').occurrenceKey, f.occurrenceKey, 'the same payload is the same occurrence');
  });

  test('another version or a missing groupKey/alerts is refused with what was expected', () => {
    const body = { ...(json('alertmanager-firing.json') as Record<string, unknown>), version: '3', groupKey: undefined, alerts: [{ status: 'pending' }] };
    const expected = expectedOf('alertmanager', body);
    assert.ok(expected.some((e) => e.startsWith('version:')), expected.join('\n'));
    assert.ok(expected.some((e) => e.startsWith('groupKey:')));
    assert.ok(expected.some((e) => e.startsWith('alerts[0].status: one of "firing", "resolved"')));
    assert.ok(expected.some((e) => e.startsWith('alerts[0].labels:')));
  });
});

describe('grafana', () => {
  test('firing: two alerts in one group → one alert named after the first, +1 more; no severity label → undefined', () => {
    const a = alertOf('grafana', 'grafana-firing.json');
    assert.equal(a.dedupKey, '{}:{}');
    assert.equal(a.status, 'firing');
    assert.equal(a.title, 'High memory usage (+1 more)');
    assert.equal(a.severity, undefined);
    assert.equal(a.link, 'https://play.grafana.org/alerting/1afz29v7z/edit');
    assert.deepEqual(a.labels, { team: 'blue' });
    assert.match(a.description ?? '', /High CPU usage: This alert was triggered for zone eu-1/);
    assert.equal(a.firedAt, '2021-10-12T07:51:03.157Z');
    assert.equal(a.summary['state'], 'alerting');
    assert.equal(a.summary['orgId'], '1');
  });

  test('resolved: status from the payload, latest endsAt', () => {
    const a = alertOf('grafana', 'grafana-resolved.json');
    assert.equal(a.status, 'resolved');
    assert.equal(a.resolvedAt, '2021-10-12T08:11:03.157Z');
  });

  test('an Alertmanager-shaped body without alerts is refused', () => {
    assert.ok(expectedOf('grafana', { status: 'firing', groupKey: 'k', alerts: [] }).includes('alerts: at least one alert'));
  });
});

describe('azure-monitor', () => {
  test('Fired: alertId dedupes, Sev3 → sev3, metric condition as description, portal link', () => {
    const a = alertOf('azure-monitor', 'azure-monitor-fired.json');
    assert.match(a.dedupKey, /Microsoft\.AlertsManagement\/alerts\/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e$/);
    assert.equal(a.status, 'firing');
    assert.equal(a.title, 'WCUS-R2-Gen2 on wcus-r2-gen2');
    assert.equal(a.severity, 'sev3');
    assert.equal(a.sourceSeverity, 'Sev3');
    assert.equal(a.description, 'Percentage CPU GreaterThan 25 (value 31.1105)');
    assert.match(a.link ?? '', /^https:\/\/portal\.azure\.com\/#resource\/subscriptions\//);
    assert.equal(a.labels['Key1'], 'Value1');
    assert.equal(a.labels['signalType'], 'Metric');
    assert.equal(a.firedAt, '2019-03-22T13:58:24.371Z');
  });

  test('Resolved: same alertId, resolvedAt', () => {
    const f = alertOf('azure-monitor', 'azure-monitor-fired.json');
    const r = alertOf('azure-monitor', 'azure-monitor-resolved.json');
    assert.equal(r.status, 'resolved');
    assert.equal(r.dedupKey, f.dedupKey);
    assert.notEqual(r.occurrenceKey, f.occurrenceKey);
    assert.equal(r.resolvedAt, '2019-03-22T14:03:16.224Z');
  });

  test('Sev0 and Sev1 both map to sev1', () => {
    for (const sev of ['Sev0', 'Sev1']) {
      const body = json('azure-monitor-fired.json') as { data: { essentials: Record<string, unknown> } };
      body.data.essentials['severity'] = sev;
      const o = parseAlert('azure-monitor', body, DEFAULT_SEVERITY_MAP);
      assert.equal(o.kind === 'alert' ? o.alert.severity : undefined, 'sev1');
    }
  });

  test('the non-common (legacy) schema is refused, naming the setting to turn on', () => {
    const expected = expectedOf('azure-monitor', { schemaId: 'Microsoft.Insights/activityLogs', data: {} });
    assert.ok(expected.some((e) => e.includes('Enable the common alert schema')), expected.join('\n'));
    assert.ok(expected.some((e) => e.startsWith('data.essentials:')));
  });
});

describe('pagerduty', () => {
  test('incident.triggered: incident id dedupes, priority P1 → sev1 (wins over urgency), html_url links back', () => {
    const a = alertOf('pagerduty', 'pagerduty-incident-triggered.json');
    assert.equal(a.dedupKey, 'PGR0VU2');
    assert.equal(a.status, 'firing');
    assert.equal(a.title, 'A little bump in the road');
    assert.equal(a.severity, 'sev1');
    assert.equal(a.sourceSeverity, 'P1');
    assert.equal(a.link, 'https://acme.pagerduty.com/incidents/PGR0VU2');
    assert.deepEqual(a.labels, { service: 'API Service', urgency: 'high', priority: 'P1' });
    assert.equal(a.description, 'PagerDuty incident #2 on API Service');
    assert.equal(a.occurrenceKey, '01DEN4HPBQAXXC3VHQ3TH4YQ1E');
  });

  test('incident.resolved → resolved; without a priority, urgency high → sev2', () => {
    const r = alertOf('pagerduty', 'pagerduty-incident-resolved.json');
    assert.equal(r.status, 'resolved');
    assert.equal(r.dedupKey, 'PGR0VU2');
    assert.equal(r.resolvedAt, '2020-04-09T15:46:27.000Z');
    const body = json('pagerduty-incident-triggered.json') as { event: { data: Record<string, unknown> } };
    body.event.data['priority'] = null;
    const o = parseAlert('pagerduty', body, DEFAULT_SEVERITY_MAP);
    assert.equal(o.kind === 'alert' ? o.alert.severity : undefined, 'sev2');
  });

  test('other event types are ignored, not errors', () => {
    const o = parseAlertText('pagerduty', raw('pagerduty-priority-updated.json'), DEFAULT_SEVERITY_MAP);
    assert.equal(o.kind, 'ignored');
    assert.match(o.kind === 'ignored' ? o.reason : '', /incident\.priority_updated is not acted on/);
  });

  test('a v2 webhook ({ messages: [...] }) is refused', () => {
    assert.ok(expectedOf('pagerduty', { messages: [] }).includes('event: an object'));
  });
});

describe('generic', () => {
  test('firing and resolved', () => {
    const f = alertOf('generic', 'generic-firing.json');
    assert.equal(f.dedupKey, 'checkout-p99-latency-eu');
    assert.equal(f.severity, 'sev2');
    assert.equal(f.link, 'https://status.contoso.example/checks/checkout-p99-latency-eu');
    assert.deepEqual(f.labels, { service: 'checkout', region: 'eu-west' });
    const r = alertOf('generic', 'generic-resolved.json');
    assert.equal(r.status, 'resolved');
    assert.equal(r.severity, undefined);
  });

  test('bad fields are listed together; a javascript: link never passes', () => {
    const expected = expectedOf('generic', { status: 'open', title: 7, severity: 'apocalyptic', link: 'javascript:alert(1)', labels: { n: 1 } });
    for (const field of ['dedupKey', 'status', 'title', 'severity', 'link', 'labels']) {
      assert.ok(expected.some((e) => e.startsWith(`${field}:`)), `${field} in ${expected.join(' | ')}`);
    }
  });

  test('not JSON at all', () => {
    assert.throws(() => parseAlertText('generic', '<xml/>', DEFAULT_SEVERITY_MAP), (e: unknown) => e instanceof AlertPayloadError && e.expected[0] === '(body): a JSON document');
  });
});
