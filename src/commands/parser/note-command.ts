/**
 * `note [INC-id] <text>`: add a line to the incident's timeline.
 *
 * The text is kept as typed (free-text.ts: whitespace folded, entities decoded, mentions as shown, the bot's
 * mention removed). An id is read only first and only with its `INC-` prefix, so a note can start with any word
 * (`note 2X500MS spikes`) and mention other incidents anywhere (`note see also INC-…`). A first word `INC-…` that
 * is not a valid id is an error. The text is required, at most MAX_FREE_TEXT_LENGTH characters.
 */
import { EXAMPLE_INCIDENT_ID } from './incident-id';
import { freeText, MAX_FREE_TEXT_LENGTH } from './free-text';
import { takeIdsAtEnds, targetFields } from './incident-target';
import { exampleHint, invalid } from './invalid';
import type { VerbParser } from './verb';

const EXAMPLE = 'note Rolled back deploy 2024.11.3';

export const parseNoteCommand: VerbParser = (tokens, argsStart, context) => {
  const span = takeIdsAtEnds(tokens, argsStart, tokens.length, context,
    { trailing: false, allowBare: false, example: `note ${EXAMPLE_INCIDENT_ID} Rolled back deploy 2024.11.3` });
  if (span.kind === 'invalid') return span;
  const text = freeText(tokens, span.start, span.end);
  if (text === '') return invalid(context, 'The note needs some text.', exampleHint(context, EXAMPLE));
  if (text.length > MAX_FREE_TEXT_LENGTH) {
    return invalid(context, `The note is ${text.length} characters long; at most ${MAX_FREE_TEXT_LENGTH} fit.`,
      'Split it into several notes.');
  }
  return { kind: 'note', text, ...targetFields(span.incidentId) };
};
