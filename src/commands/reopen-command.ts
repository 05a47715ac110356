/**
 * `reopen [id]` and the Reopen button: a resolved incident becomes active again (requester, commander or admin
 * only). Without an id: the latest resolved incident here.
 */
import { AppError } from '../errors/app-error';
import type { Incident } from '../incidents/incident';
import type { ParsedCommand, ReopenCommand } from './command';
import type { CardActionHandler } from './card-action-handler';
import type { CommandContext } from './command-context';
import type { CommandHandler } from './command-handler';
import type { CommandServices } from './command-services';
import { incidentHere } from './target-incident';

async function resolvedTarget(cmd: ReopenCommand, ctx: CommandContext, services: CommandServices): Promise<Incident> {
  if (cmd.incidentId) {
    const found = await incidentHere(cmd.incidentId, ctx, services);
    if (!found) throw new AppError('INCIDENT_NOT_FOUND', `There is no incident ${cmd.incidentId} here.`, { hint: 'Check the id on the incident card; incidents are reachable from the chat or team they were started in.' });
    return found;
  }
  const latest = await services.incidents.latestResolved(ctx);
  if (!latest) throw new AppError('INCIDENT_NOT_FOUND', 'There is no resolved incident in this conversation.', { hint: 'Give the id from its card: "reopen INC-7F3A2QK".' });
  return latest;
}

export const reopenAction: CardActionHandler = (incident, _data, ctx, services) =>
  services.incidents.reopen(incident.id, ctx.from, { admins: services.admins });

export const reopenCommand: CommandHandler<ReopenCommand> = {
  name: 'reopen',
  matches: (p: ParsedCommand): p is ReopenCommand => p.kind === 'reopen',
  async handle(cmd, ctx, services) {
    const incident = await resolvedTarget(cmd, ctx, services);
    const after = await services.incidents.reopen(incident.id, ctx.from, { admins: services.admins });
    await services.cards.update(after);
    await ctx.sendText(`Reopened ${after.id}. ${after.meeting ? 'Its meeting is still there: use the card to join or bring the bot back.' : 'It has no meeting yet: press "Try again" on its card.'}`);
  },
};
