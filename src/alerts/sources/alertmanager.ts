/** Prometheus Alertmanager `webhook_config`, payload version "4". Dedupe by `groupKey`. */
import type { ParseOutcome } from '../alert';
import type { SeverityMap } from '../severity-map';
import { ShapeReader } from '../shape';
import { groupToAlert, readGroup } from './alert-group';

export function parseAlertmanager(body: unknown, severities: SeverityMap): ParseOutcome {
  const r = new ShapeReader('alertmanager');
  const o = r.object(body, '(body)');
  const version = r.string(o, 'version', '');
  if (version !== undefined && version !== '4') r.expect('version', '"4" (Alertmanager webhook payload version 4)');
  const group = readGroup(r, o);
  r.done();
  if (!group) throw new Error('unreachable: readGroup returned nothing without a problem');
  return { kind: 'alert', alert: groupToAlert('alertmanager', group, severities) };
}
