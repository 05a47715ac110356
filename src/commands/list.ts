/**
 * `list`: the active incidents of this conversation; in a channel, of every channel of the team. Takes no arguments; `list incidents`,
 * `list open incidents`, `list active` read the same. An id is pointed to `status`, anything else is an error.
 */
import { incidentListCard } from '../cards/incident-list-card';
import { defineCommand, EVERYWHERE } from './command-module';
import { EXAMPLE_INCIDENT_ID, matchIncidentId } from './grammar/incident-id-grammar';
import { exampleHint, exampleMessage, invalid } from './grammar/invalid';
import { isPunctuationOnly, keywordOf, tokenText, type Token } from './grammar/tokens';
import type { VerbParser } from './grammar/verb';

/** `list`: active incidents in this conversation (a channel: the team). */
export interface ListCommand { readonly kind: 'list' }

const FILLER: ReadonlySet<string> = new Set(['open', 'active', 'incidents', 'the']);

const parseListCommand: VerbParser<ListCommand> = (tokens, argsStart, context) => {
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

export const list = defineCommand<ListCommand>()({
  name: 'list',
  aliases: ['list'],
  catalog: {
    name: 'list',
    description: 'List the active incidents of this chat (in a channel: of the team).',
    example: 'list',
    scopes: EVERYWHERE,
    available: true,
  },
  parse: parseListCommand,
  async handle(_cmd, ctx, services) {
    const teamId = ctx.conversationType === 'channel' ? ctx.teamId : undefined;
    const incidents = await services.incidents.listActive({ tenantId: ctx.tenantId, conversationId: ctx.conversationId, teamId });
    if (incidents.length === 0) {
      await ctx.sendText(`No active incidents ${teamId ? 'in this team' : 'here'}. All quiet! To open one: "start sev2 Checkout API returning 500s".`);
      return;
    }
    await ctx.sendCard(incidentListCard(incidents, services.clock.now(), teamId ? 'team' : 'conversation'));
  },
});
