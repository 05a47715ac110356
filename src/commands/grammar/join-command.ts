/**
 * `join [id]`, also `rejoin`: bring the bot (back) into the incident's meeting call. `join the call` /
 * `join the bridge` read the same (filler words). Anything else after the verb is an error with a hint.
 */
import { EXAMPLE_INCIDENT_ID } from './incident-id';
import { CALL_FILLER, parseTargetOnly, targetFields } from './incident-target';
import type { VerbParser } from './verb';

export const parseJoinCommand: VerbParser = (tokens, argsStart, context) => {
  const target = parseTargetOnly(tokens, argsStart, context, `join ${EXAMPLE_INCIDENT_ID}`, CALL_FILLER);
  return target.kind === 'invalid' ? target : { kind: 'join', ...targetFields(target.incidentId) };
};
