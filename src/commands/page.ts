/**
 * `page [id] <people> [id]`, also `ring`, and the Page form: invite people into the incident's call (5 per Graph
 * request; when the bot is not in the call it joins first).
 *
 * People are read like start's `with` list (attendee-list.ts): @mentions and e-mail addresses/UPNs separated by
 * spaces, commas, semicolons, "and", "&", "+" (a leading `with` is fine: `page with @Megan`). Words that are
 * neither come back in `ignored`, also before the first person (`page please @Megan`). The id, with or without
 * `INC-`, stands right after the verb or at the end; an `INC-…` in the middle is an error (which incident was
 * meant is unclear). Nobody to page is an error with an example.
 */
import { admitCommand } from './command-limits';
import { PAGE_INPUTS } from '../cards/card-actions';
import { AppError } from '../errors/app-error';
import type { AttendeeRequest, Incident } from '../incidents/incident';
import { resolveAttendees } from '../incidents/resolve-attendees';
import type { TargetsIncident } from './command';
import type { CommandContext } from './command-context';
import { defineCommand, EVERYWHERE } from './command-module';
import type { CommandServices } from './command-services';
import { formAttendees } from './form-input';
import { parseAttendeeList } from './grammar/attendee-list';
import { EXAMPLE_INCIDENT_ID, matchIncidentId } from './grammar/incident-id-grammar';
import { takeIdsAtEnds, targetFields } from './grammar/incident-target';
import { exampleHint, invalid } from './grammar/invalid';
import { isPunctuationOnly, keywordOf, renderTokens } from './grammar/tokens';
import type { VerbParser } from './grammar/verb';
import { targetIncident } from './target-incident';

/** `page @x patti@contoso.com [id]`: invite people into the call. */
export interface PageCommand extends TargetsIncident {
  readonly kind: 'page';
  readonly attendees: readonly AttendeeRequest[];
  readonly ignored?: readonly string[];
}

const EXAMPLE = 'page @Megan Bowen patti@contoso.com';
const NOT_PEOPLE: ReadonlySet<string> = new Set(['with', 'and', '&', '+']);

const parsePageCommand: VerbParser<PageCommand> = (tokens, argsStart, context) => {
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

async function pagePeople(incident: Incident, requests: readonly AttendeeRequest[], ctx: CommandContext, services: CommandServices): Promise<{ incident: Incident; unresolved: string[] }> {
  admitCommand(services, 'page', ctx, requests.length);
  const { resolved, unresolved } = await resolveAttendees(requests, { members: ctx.members, directory: services.directory });
  if (resolved.length === 0) {
    throw new AppError('COMMAND_INVALID', 'Nobody to page: none of the people could be found.', {
      hint: unresolved.length > 0 ? `Not found: ${unresolved.map((u) => u.requestedAs).join(', ')}. Use @mentions or e-mail addresses.` : 'Name people with @mentions or e-mail addresses, e.g. "page @Isaiah patti@contoso.com".',
    });
  }
  const after = await services.calls.page(incident.id, resolved.map((r) => ({ aadObjectId: r.aadObjectId, displayName: r.displayName })), ctx.from);
  return { incident: after, unresolved: unresolved.map((u) => `${u.requestedAs} (${u.reason})`) };
}

export const page = defineCommand<PageCommand>()({
  name: 'page',
  aliases: ['page', 'ring'],
  catalog: {
    name: 'page',
    usage: 'page <people> [id]',
    description: 'Ring people into the bridge call: @mentions or e-mail addresses, optionally with the incident id.',
    details: '(Graph invites 5 per request; larger lists are split.)',
    example: 'page @Megan Bowen patti@contoso.com',
    scopes: EVERYWHERE,
    available: true,
  },
  parse: parsePageCommand,
  refusesResolved: true,
  async handle(cmd, ctx, services) {
    const incident = await targetIncident(cmd, ctx, services);
    const ignored = (cmd.ignored ?? []).map((t) => `${t} (not an @mention or e-mail address)`);
    const { incident: after, unresolved } = await pagePeople(incident, cmd.attendees, ctx, services);
    await services.cards.update(after);
    const paged = after.timeline.at(-1)?.text ?? 'Paged.';
    const problems = [...unresolved, ...ignored];
    await ctx.sendText(`${paged} (${after.id}).${problems.length > 0 ? ` Could not page: ${problems.join(', ')}.` : ''}`);
  },
  cardActions: {
    page: {
      refusesResolved: true,
      async run(incident, data, ctx, services) {
        const requests = formAttendees(data, { picked: PAGE_INPUTS.people, typed: PAGE_INPUTS.emails });
        if (requests.length === 0) throw new AppError('COMMAND_INVALID', 'Pick someone to page first.', { hint: 'Choose people in the list or type e-mail addresses.' });
        const { incident: after, unresolved } = await pagePeople(incident, requests, ctx, services);
        if (unresolved.length > 0) await ctx.sendText(`Could not page: ${unresolved.join(', ')}.`);
        return after;
      },
    },
  },
});
