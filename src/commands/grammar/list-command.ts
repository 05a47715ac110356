/**
 * `list`: the active incidents of this conversation (a channel: the team). Takes no arguments; `list incidents`,
 * `list open incidents`, `list active` read the same. An id is pointed to `status`, anything else is an error.
 */
import { EXAMPLE_INCIDENT_ID, matchIncidentId } from './incident-id';
import { exampleHint, exampleMessage, invalid } from './invalid';
import { isPunctuationOnly, keywordOf, tokenText, type Token } from './tokens';
import type { VerbParser } from './verb';

const FILLER: ReadonlySet<string> = new Set(['open', 'active', 'incidents', 'the']);

export const parseListCommand: VerbParser = (tokens, argsStart, context) => {
  const leftovers: Token[] = [];
  for (const token of tokens.slice(argsStart)) {
    if (token.kind === 'word' && isPunctuationOnly(token.text)) continue;
    const keyword = keywordOf(token);
    if (keyword !== undefined && FILLER.has(keyword)) continue;
    const id = matchIncidentId(token, true);
    if (id.kind === 'id') {
      return invalid(context, 'list shows every active incident here and takes no incident id.',
        `For one incident: ${exampleMessage(context, `status ${id.id}`)}`);
    }
    leftovers.push(token);
  }
  if (leftovers.length > 0) {
    return invalid(context, `list takes no arguments; I did not understand "${leftovers.map(tokenText).join(' ')}".`,
      `${exampleHint(context, 'list')} (one incident: ${exampleMessage(context, `status ${EXAMPLE_INCIDENT_ID}`)})`);
  }
  return { kind: 'list' };
};
