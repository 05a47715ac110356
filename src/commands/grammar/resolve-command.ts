/**
 * `resolve [INC-id] [summary]`, also `resolved`: resolve an incident, optionally with a summary (free-text.ts;
 * absent when empty, at most MAX_FREE_TEXT_LENGTH characters).
 *
 * An id at the very end is ambiguous — "resolve duplicate of INC-…" names another incident — so without an id
 * first, a summary ending in an incident id is an error asking to put the id first; after an id first, a trailing
 * id is just summary text.
 */
import { EXAMPLE_INCIDENT_ID, matchIncidentId } from './incident-id';
import { MAX_FREE_TEXT_LENGTH, readFreeText } from './free-text';
import { targetFields } from './incident-target';
import { exampleMessage, invalid } from './invalid';
import { isPunctuationOnly } from './tokens';
import type { VerbParser } from './verb';

export const parseResolveCommand: VerbParser = (tokens, argsStart, context) => {
  const args = readFreeText(tokens, argsStart, context, `resolve ${EXAMPLE_INCIDENT_ID} Bad config pushed to EU; reverted`);
  if (args.kind === 'invalid') return args;
  if (args.incidentId === undefined) {
    const last = tokens.slice(args.start).filter((token) => token.kind !== 'word' || !isPunctuationOnly(token.text)).at(-1);
    const id = matchIncidentId(last, false);
    if (id.kind === 'id') {
      return invalid(context, `The summary ends with ${id.id}: is that the incident to resolve?`,
        `Put the id right after resolve: ${exampleMessage(context, `resolve ${id.id} <summary>`)}. `
        + 'To mention another incident in a summary, do not end the summary with its id.');
    }
  }
  if (args.text.length > MAX_FREE_TEXT_LENGTH) {
    return invalid(context, `The summary is ${args.text.length} characters long; at most ${MAX_FREE_TEXT_LENGTH} fit.`,
      'Shorten it and add the details as notes.');
  }
  return { kind: 'resolve', ...targetFields(args.incidentId), ...(args.text === '' ? {} : { summary: args.text }) };
};
