/** `reopen [id]`, also `re-open`: reopen a resolved incident. Nothing but an optional id may follow. */
import { EXAMPLE_INCIDENT_ID } from './incident-id';
import { parseTargetOnly, targetFields } from './incident-target';
import type { VerbParser } from './verb';

export const parseReopenCommand: VerbParser = (tokens, argsStart, context) => {
  const target = parseTargetOnly(tokens, argsStart, context, `reopen ${EXAMPLE_INCIDENT_ID}`);
  return target.kind === 'invalid' ? target : { kind: 'reopen', ...targetFields(target.incidentId) };
};
