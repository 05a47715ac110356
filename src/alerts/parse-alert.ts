/** One entry point over the per-source parsers: raw body text (or parsed JSON) + source → ParseOutcome. */
import { AlertPayloadError, type AlertSource, type ParseOutcome } from './alert';
import type { SeverityMap } from './severity-map';
import { parseAlertmanager } from './sources/alertmanager';
import { parseAzureMonitor } from './sources/azure-monitor';
import { parseGeneric } from './sources/generic';
import { parseGrafana } from './sources/grafana';
import { parsePagerDuty } from './sources/pagerduty';

type AlertParser = (body: unknown, severities: SeverityMap) => ParseOutcome;

const PARSERS: Readonly<Record<AlertSource, AlertParser>> = {
  alertmanager: parseAlertmanager,
  grafana: parseGrafana,
  'azure-monitor': parseAzureMonitor,
  pagerduty: parsePagerDuty,
  generic: parseGeneric,
};

/** Throws AlertPayloadError when the payload is not the source's documented shape. */
export function parseAlert(source: AlertSource, body: unknown, severities: SeverityMap): ParseOutcome {
  return PARSERS[source](body, severities);
}

/** Same, from the raw body text (the route has it for signatures anyway). Bad JSON is an AlertPayloadError too. */
export function parseAlertText(source: AlertSource, raw: string, severities: SeverityMap): ParseOutcome {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (e: unknown) {
    if (e instanceof SyntaxError) throw new AlertPayloadError(source, ['(body): a JSON document']);
    throw e;
  }
  return parseAlert(source, body, severities);
}
