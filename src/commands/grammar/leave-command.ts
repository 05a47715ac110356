/**
 * `leave [id]`, also `hangup`, `hang-up`, `hang up`: take the bot out of the call (the meeting stays open).
 * `leave the call` reads the same. Anything else after the verb is an error with a hint.
 */
import { EXAMPLE_INCIDENT_ID } from './incident-id';
import { CALL_FILLER, parseTargetOnly, targetFields } from './incident-target';
import type { VerbParser } from './verb';

export const parseLeaveCommand: VerbParser = (tokens, argsStart, context) => {
  const target = parseTargetOnly(tokens, argsStart, context, `leave ${EXAMPLE_INCIDENT_ID}`, CALL_FILLER);
  return target.kind === 'invalid' ? target : { kind: 'leave', ...targetFields(target.incidentId) };
};
