/** `status [id]`: re-post the incident's live card. Nothing but an optional id may follow. */
import { EXAMPLE_INCIDENT_ID } from './incident-id';
import { parseTargetOnly, targetFields } from './incident-target';
import type { VerbParser } from './verb';

export const parseStatusCommand: VerbParser = (tokens, argsStart, context) => {
  const target = parseTargetOnly(tokens, argsStart, context, `status ${EXAMPLE_INCIDENT_ID}`);
  return target.kind === 'invalid' ? target : { kind: 'status', ...targetFields(target.incidentId) };
};
