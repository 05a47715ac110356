/**
 * `note [INC-id] <text>`: add a line to the incident's timeline. See free-text.ts for the id and the text; the text
 * is required, at most MAX_FREE_TEXT_LENGTH characters. An id at the end is text (`note see also INC-…`).
 */
import { EXAMPLE_INCIDENT_ID } from './incident-id';
import { MAX_FREE_TEXT_LENGTH, readFreeText } from './free-text';
import { targetFields } from './incident-target';
import { exampleHint, invalid } from './invalid';
import type { VerbParser } from './verb';

const EXAMPLE = 'note Rolled back deploy 2024.11.3';

export const parseNoteCommand: VerbParser = (tokens, argsStart, context) => {
  const args = readFreeText(tokens, argsStart, context, `note ${EXAMPLE_INCIDENT_ID} Rolled back deploy 2024.11.3`);
  if (args.kind === 'invalid') return args;
  if (args.text === '') return invalid(context, 'The note needs some text.', exampleHint(context, EXAMPLE));
  if (args.text.length > MAX_FREE_TEXT_LENGTH) {
    return invalid(context, `The note is ${args.text.length} characters long; at most ${MAX_FREE_TEXT_LENGTH} fit.`,
      'Split it into several notes.');
  }
  return { kind: 'note', text: args.text, ...targetFields(args.incidentId) };
};
