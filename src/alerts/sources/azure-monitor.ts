/**
 * Azure Monitor action group webhook with the common alert schema (`schemaId: "azureMonitorCommonAlertSchema"`).
 * Dedupe by `data.essentials.alertId`; `monitorCondition` Fired → firing, Resolved → resolved; severity Sev0–Sev4.
 */
import { clip, MAX_DESCRIPTION, MAX_TITLE, realTime, safeLink, type ParseOutcome } from '../alert';
import { mapSeverity, type SeverityMap } from '../severity-map';
import { isObject, ShapeReader } from '../shape';

const SCHEMA_ID = 'azureMonitorCommonAlertSchema';

export function parseAzureMonitor(body: unknown, severities: SeverityMap): ParseOutcome {
  const r = new ShapeReader('azure-monitor');
  const o = r.object(body, '(body)');
  if (o && o['schemaId'] !== SCHEMA_ID) r.expect('schemaId', `"${SCHEMA_ID}" (turn on "Enable the common alert schema" on the action group's webhook)`);
  const data = o ? r.object(o['data'], 'data') : undefined;
  const e = data ? r.object(data['essentials'], 'data.essentials') : undefined;
  const p = 'data.essentials';
  const alertId = r.string(e, 'alertId', p);
  const alertRule = r.string(e, 'alertRule', p);
  const severity = r.oneOf(e, 'severity', p, ['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4'] as const);
  const condition = r.oneOf(e, 'monitorCondition', p, ['Fired', 'Resolved'] as const);
  const signalType = r.optionalString(e, 'signalType', p);
  const monitoringService = r.optionalString(e, 'monitoringService', p);
  const firedDateTime = r.optionalString(e, 'firedDateTime', p);
  const resolvedDateTime = r.optionalString(e, 'resolvedDateTime', p);
  const description = r.optionalString(e, 'description', p);
  const investigationLink = r.optionalString(e, 'investigationLink', p);
  const targetResourceGroup = r.optionalString(e, 'targetResourceGroup', p);
  const items = e?.['configurationItems'];
  const firstItem = Array.isArray(items) && typeof items[0] === 'string' ? items[0] : undefined;
  const custom = data ? r.stringMap(data, 'customProperties', 'data') : {};
  r.done();
  if (!alertId || !alertRule || !severity || !condition) throw new Error('unreachable: required essentials missing without a problem');

  const status = condition === 'Fired' ? 'firing' : 'resolved';
  const mapped = mapSeverity(severities, severity);
  const text = description && description.trim() !== '' ? description : metricCondition(data?.['alertContext']);
  const firedAt = realTime(firedDateTime);
  const resolvedAt = realTime(resolvedDateTime);
  return {
    kind: 'alert',
    alert: {
      source: 'azure-monitor',
      dedupKey: alertId,
      occurrenceKey: `${condition}@${firedDateTime ?? ''}`,
      status,
      title: clip(firstItem ? `${alertRule} on ${firstItem}` : alertRule, MAX_TITLE),
      ...(mapped ? { severity: mapped } : {}),
      sourceSeverity: severity,
      ...(text ? { description: clip(text, MAX_DESCRIPTION) } : {}),
      ...linkOf(safeLink(investigationLink) ?? safeLink(`https://portal.azure.com/#resource${encodeURI(alertId)}`)),
      labels: {
        ...custom,
        alertRule,
        ...(signalType ? { signalType } : {}),
        ...(monitoringService ? { monitoringService } : {}),
        ...(targetResourceGroup ? { resourceGroup: targetResourceGroup } : {}),
        ...(firstItem ? { resource: firstItem } : {}),
      },
      ...(firedAt ? { firedAt } : {}),
      ...(status === 'resolved' && resolvedAt ? { resolvedAt } : {}),
      summary: { alertRule, severity, monitorCondition: condition, ...(signalType ? { signalType } : {}), ...(monitoringService ? { monitoringService } : {}) },
    },
  };
}

/** "Percentage CPU GreaterThan 25 (value 31.1105)" from a metric alert's first criterion, when there is one. */
function metricCondition(context: unknown): string | undefined {
  if (!isObject(context) || !isObject(context['condition'])) return undefined;
  const allOf = context['condition']['allOf'];
  if (!Array.isArray(allOf) || !isObject(allOf[0])) return undefined;
  const c = allOf[0];
  if (typeof c['metricName'] !== 'string') return undefined;
  const parts = [c['metricName'], c['operator'], c['threshold']].filter((x) => typeof x === 'string' || typeof x === 'number').join(' ');
  return typeof c['metricValue'] === 'number' ? `${parts} (value ${c['metricValue']})` : parts;
}

function linkOf(link: string | undefined): { link?: string } {
  return link ? { link } : {};
}
