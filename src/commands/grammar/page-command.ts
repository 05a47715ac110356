/**
 * `page [id] <people> [id]`, also `ring`: invite people into the incident's call.
 *
 * People are read like start's `with` list (attendee-list.ts): @mentions and e-mail addresses/UPNs separated by
 * spaces, commas, semicolons, "and", "&", "+" (a leading `with` is fine: `page with @Megan`). Words that are
 * neither come back in `ignored`, also before the first person (`page please @Megan`). The id, with or without
 * `INC-`, stands right after the verb or at the end; an `INC-…` in the middle is an error (which incident was
 * meant is unclear). Nobody to page is an error with an example.
 */
import type { PageCommand } from '../command';
import { parseAttendeeList } from './attendee-list';
import { EXAMPLE_INCIDENT_ID, matchIncidentId } from './incident-id';
import { takeIdsAtEnds, targetFields } from './incident-target';
import { exampleHint, invalid } from './invalid';
import { isPunctuationOnly, keywordOf, renderTokens } from './tokens';
import type { VerbParser } from './verb';

const EXAMPLE = 'page @Megan Bowen patti@contoso.com';
const NOT_PEOPLE: ReadonlySet<string> = new Set(['with', 'and', '&', '+']);

export const parsePageCommand: VerbParser = (tokens, argsStart, context) => {
  const span = takeIdsAtEnds(tokens, argsStart, context, `page ${EXAMPLE_INCIDENT_ID} @Megan Bowen`);
  if (span.kind === 'invalid') return span;

  for (let i = span.start; i < span.end; i++) {
    if (matchIncidentId(tokens[i], false).kind !== 'none') {
      return invalid(context, 'Put the incident id right after page or at the end.',
        exampleHint(context, `page ${EXAMPLE_INCIDENT_ID} @Megan Bowen patti@contoso.com`));
    }
  }

  // The list starts at the first person; words before it are reported as ignored.
  const stopAt = (index: number): boolean => index >= span.end;
  let first = span.start;
  let list = parseAttendeeList(tokens, first, stopAt);
  while (!list && first + 1 < span.end) list = parseAttendeeList(tokens, ++first, stopAt);

  if (!list || list.attendees.length === 0) {
    const words = renderTokens(tokens.slice(span.start, span.end)).trim();
    return invalid(context,
      words === '' ? 'Whom should I page?' : `I found no @mention or e-mail address to page in "${words}".`,
      `@mention people or give their e-mail addresses. ${exampleHint(context, EXAMPLE)}`);
  }

  const before = tokens.slice(span.start, first)
    .filter((token) => token.kind !== 'word' || !(isPunctuationOnly(token.text) || NOT_PEOPLE.has(keywordOf(token) ?? '')));
  const leading = renderTokens(before).replace(/[.,;:]+$/, '').trim();
  const ignored = [...(leading === '' ? [] : [leading]), ...list.ignored];
  const command: PageCommand = {
    kind: 'page',
    attendees: list.attendees,
    ...targetFields(span.incidentId),
    ...(ignored.length > 0 ? { ignored } : {}),
  };
  return command;
};
