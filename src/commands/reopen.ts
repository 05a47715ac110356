/**
 * `reopen [id]`, also `re-open`, and the Reopen button: a resolved incident becomes active again (requester,
 * commander or admin only). Without an id: the latest resolved incident here. Nothing but an optional id may follow.
 */
import type { Incident } from '../incidents/incident';
import { noIncidentHere } from '../incidents/incident-errors';
import type { TargetsIncident } from './command';
import type { CommandContext } from './command-context';
import { defineCommand, PERSONAL } from './command-module';
import type { CommandServices } from './command-services';
import { EXAMPLE_INCIDENT_ID } from './grammar/incident-id-grammar';
import { parseTargetOnly, targetFields } from './grammar/incident-target';
import type { VerbParser } from './grammar/verb';
import { requireIncidentHere } from './target-incident';

/** `reopen [id]`. */
export interface ReopenCommand extends TargetsIncident { readonly kind: 'reopen' }

const parseReopenCommand: VerbParser<ReopenCommand> = (tokens, argsStart, context) => {
  const target = parseTargetOnly(tokens, argsStart, context, `reopen ${EXAMPLE_INCIDENT_ID}`);
  return target.kind === 'invalid' ? target : { kind: 'reopen', ...targetFields(target.incidentId) };
};

async function resolvedTarget(cmd: ReopenCommand, ctx: CommandContext, services: CommandServices): Promise<Incident> {
  if (cmd.incidentId) return requireIncidentHere(cmd.incidentId, ctx, services);
  const latest = await services.incidents.latestResolved(ctx);
  if (!latest) throw noIncidentHere('There is no resolved incident in this conversation.', 'Give the id from its card: "reopen INC-7F3A2QK".');
  return latest;
}

export const reopen = defineCommand<ReopenCommand>()({
  name: 'reopen',
  aliases: ['reopen', 're-open'],
  catalog: {
    name: 'reopen',
    usage: 'reopen [id]',
    description: 'Reopen the last resolved incident here, or the one whose id you give.',
    details: 'Only the requester, the commander or an admin.',
    example: 'reopen',
    scopes: PERSONAL,
    available: true,
  },
  parse: parseReopenCommand,
  async handle(cmd, ctx, services) {
    const incident = await resolvedTarget(cmd, ctx, services);
    const after = await services.incidents.reopen(incident.id, ctx.from, { admins: services.admins });
    await services.cards.update(after);
    await ctx.sendText(`Reopened ${after.id}. ${after.meeting ? 'Its meeting is still there: use the card to join or bring the bot back.' : 'It has no meeting yet: press "Try again" on its card.'}`);
  },
  cardActions: {
    reopen: { run: (incident, _data, ctx, services) => services.incidents.reopen(incident.id, ctx.from, { admins: services.admins }) },
  },
});
