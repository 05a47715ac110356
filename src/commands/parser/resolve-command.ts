/**
 * `resolve [INC-id] [summary]`, also `resolved`: resolve an incident, optionally with a summary.
 *
 * The summary is kept as typed (free-text.ts); absent when empty. An id is read first and only with its `INC-`
 * prefix (a summary may start with any word). An id at the very end is ambiguous — "resolve duplicate of INC-…"
 * names another incident — so without an id first, a summary ending in an incident id is an error asking to put
 * the id first; with an id first, a trailing id is just summary text.
 */
import { EXAMPLE_INCIDENT_ID, matchIncidentId } from './incident-id';
import { freeText, MAX_FREE_TEXT_LENGTH } from './free-text';
import { takeIdsAtEnds, targetFields } from './incident-target';
import { exampleMessage, invalid } from './invalid';
import type { VerbParser } from './verb';

const EXAMPLE = `resolve ${EXAMPLE_INCIDENT_ID} Bad config pushed to EU; reverted`;

export const parseResolveCommand: VerbParser = (tokens, argsStart, context) => {
  const span = takeIdsAtEnds(tokens, argsStart, tokens.length, context,
    { trailing: false, allowBare: false, example: EXAMPLE });
  if (span.kind === 'invalid') return span;
  if (span.incidentId === undefined && span.end > span.start) {
    const last = matchIncidentId(tokens[span.end - 1], false);
    if (last.kind === 'id') {
      return invalid(context, `The summary ends with ${last.id}: is that the incident to resolve?`,
        `Put the id right after resolve: ${exampleMessage(context, `resolve ${last.id} <summary>`)}. `
        + 'To mention another incident in a summary, do not end the summary with its id.');
    }
  }
  const summary = freeText(tokens, span.start, span.end);
  if (summary.length > MAX_FREE_TEXT_LENGTH) {
    return invalid(context, `The summary is ${summary.length} characters long; at most ${MAX_FREE_TEXT_LENGTH} fit.`,
      'Shorten it and add the details as notes.');
  }
  return { kind: 'resolve', ...targetFields(span.incidentId), ...(summary === '' ? {} : { summary }) };
};
