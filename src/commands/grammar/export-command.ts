/** `export [id]`: the incident's timeline as Markdown. Nothing but an optional id may follow. */
import { EXAMPLE_INCIDENT_ID } from './incident-id';
import { parseTargetOnly, targetFields } from './incident-target';
import type { VerbParser } from './verb';

export const parseExportCommand: VerbParser = (tokens, argsStart, context) => {
  const target = parseTargetOnly(tokens, argsStart, context, `export ${EXAMPLE_INCIDENT_ID}`);
  return target.kind === 'invalid' ? target : { kind: 'export', ...targetFields(target.incidentId) };
};
