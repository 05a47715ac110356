/**
 * Grafana alerting webhook contact point: the Alertmanager group shape plus `orgId`, `title`, `state`, `message`
 * (payload `version` "1"). Status is the group's `status` (firing|resolved); each alert has its own `status`.
 * Dedupe by `groupKey`.
 */
import type { ParseOutcome } from '../alert';
import type { SeverityMap } from '../severity-map';
import { ShapeReader } from '../shape';
import { groupToAlert, readGroup } from './alert-group';

export function parseGrafana(body: unknown, severities: SeverityMap): ParseOutcome {
  const r = new ShapeReader('grafana');
  const o = r.object(body, '(body)');
  const title = r.optionalString(o, 'title', '');
  const state = r.optionalString(o, 'state', '');
  const orgId = o?.['orgId'];
  if (orgId !== undefined && orgId !== null && typeof orgId !== 'number') r.expect('orgId', 'a number when present');
  const group = readGroup(r, o);
  r.done();
  if (!group) throw new Error('unreachable: readGroup returned nothing without a problem');
  return {
    kind: 'alert',
    alert: groupToAlert('grafana', group, severities, {
      ...(title ? { fallbackTitle: title } : {}),
      summary: { ...(state ? { state } : {}), ...(typeof orgId === 'number' ? { orgId: String(orgId) } : {}) },
    }),
  };
}
