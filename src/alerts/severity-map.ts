/**
 * Source severity words → our sev1–sev4. One table for every source, keyed by the lower-cased word the source sends:
 *
 * | source says                                   | we use |
 * |-----------------------------------------------|--------|
 * | Azure `Sev0`, `Sev1`; label `critical`; PagerDuty priority `P1` | sev1 |
 * | Azure `Sev2`; label `error`, `high`, `major`; PagerDuty `P2`; PagerDuty urgency `high` | sev2 |
 * | Azure `Sev3`; label `warning`, `warn`, `medium`, `minor`; PagerDuty `P3` | sev3 |
 * | Azure `Sev4`; label `info`, `informational`, `low`, `none`; PagerDuty `P4`, `P5`; urgency `low` | sev4 |
 * | our own `sev1`…`sev4` (generic source)        | itself |
 *
 * Where a source sends both, PagerDuty's priority wins over its urgency. Anything else maps to nothing and the
 * incident gets DEFAULT_SEVERITY. `ALERT_SEVERITY_MAP="critical=sev1,warning=sev3,p5=sev4"` overrides or adds
 * entries (keys are case-insensitive).
 */
import { ConfigError } from '../errors/app-error';
import { SEVERITIES, type Severity } from '../incidents/incident';

export type SeverityMap = ReadonlyMap<string, Severity>;

export const SEVERITY_MAP_VARIABLE = 'ALERT_SEVERITY_MAP';

const DEFAULTS: readonly (readonly [string, Severity])[] = [
  ['sev0', 'sev1'], ['sev1', 'sev1'], ['critical', 'sev1'], ['p1', 'sev1'],
  ['sev2', 'sev2'], ['error', 'sev2'], ['high', 'sev2'], ['major', 'sev2'], ['p2', 'sev2'],
  ['sev3', 'sev3'], ['warning', 'sev3'], ['warn', 'sev3'], ['medium', 'sev3'], ['minor', 'sev3'], ['p3', 'sev3'],
  ['sev4', 'sev4'], ['info', 'sev4'], ['informational', 'sev4'], ['low', 'sev4'], ['none', 'sev4'], ['p4', 'sev4'], ['p5', 'sev4'],
];

export const DEFAULT_SEVERITY_MAP: SeverityMap = new Map(DEFAULTS);

export function mapSeverity(map: SeverityMap, word: string | undefined): Severity | undefined {
  if (word === undefined) return undefined;
  return map.get(word.trim().toLowerCase());
}

/** The most severe of several words (a group of alerts), or undefined when none maps. */
export function mostSevere(map: SeverityMap, words: readonly (string | undefined)[]): { severity?: Severity; word?: string } {
  let best: { severity?: Severity; word?: string } = {};
  for (const w of words) {
    const s = mapSeverity(map, w);
    if (s !== undefined && (best.severity === undefined || rank(s) < rank(best.severity))) best = { severity: s, word: w };
  }
  return best;
}

/** 0 = sev1 (most severe) … 3 = sev4. */
export function rank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/**
 * Parses the override string (`word=sevN` pairs, comma-separated; blank = no overrides) over the defaults.
 * Errors name the variable and the faulty entry.
 */
export function parseSeverityMap(value: string | undefined, variable = SEVERITY_MAP_VARIABLE): SeverityMap {
  const map = new Map(DEFAULT_SEVERITY_MAP);
  if (value === undefined || value.trim() === '') return map;
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    if (eq <= 0 || eq === entry.length - 1) {
      throw new ConfigError(variable, `"${entry}" is not word=severity (e.g. critical=sev1,warning=sev3)`);
    }
    const word = entry.slice(0, eq).trim().toLowerCase();
    const sev = entry.slice(eq + 1).trim().toLowerCase();
    if (!(SEVERITIES as readonly string[]).includes(sev)) {
      throw new ConfigError(variable, `"${entry}": the severity must be one of ${SEVERITIES.join(', ')}`);
    }
    if (word === '') throw new ConfigError(variable, `"${entry}": the word before = is empty`);
    map.set(word, sev as Severity);
  }
  return map;
}
