/** `commander @person|e-mail|me [id]` and the "I'm commander" button: names the incident commander (anyone may). */
import { AppError } from '../errors/app-error';
import type { Incident, Person } from '../incidents/incident';
import { resolveAttendees } from '../incidents/resolve-attendees';
import type { CommanderCommand, ParsedCommand } from './command';
import type { CardActionHandler } from './card-action-handler';
import type { CommandContext } from './command-context';
import type { CommandHandler } from './command-handler';
import type { CommandServices } from './command-services';
import { targetIncident } from './target-incident';

async function commanderFrom(person: CommanderCommand['person'], ctx: CommandContext, services: CommandServices): Promise<Person> {
  if (person.kind === 'me') return ctx.from;
  const { resolved, unresolved } = await resolveAttendees([person], { members: ctx.members, directory: services.directory });
  const found = resolved[0];
  if (!found) {
    const u = unresolved[0];
    throw new AppError('COMMAND_INVALID', `I could not find ${u?.requestedAs ?? 'that person'}${u ? ` (${u.reason})` : ''}.`, {
      hint: 'Name the commander with an @mention or their e-mail address, or type "commander me".',
    });
  }
  return { aadObjectId: found.aadObjectId, displayName: found.displayName, ...(found.upn ? { upn: found.upn } : {}) };
}

export const takeCommandAction: CardActionHandler = async (incident, _data, ctx, services): Promise<Incident> =>
  (await services.incidents.setCommander(incident.id, ctx.from, ctx.from)).incident;

export const commanderCommand: CommandHandler<CommanderCommand> = {
  name: 'commander',
  matches: (p: ParsedCommand): p is CommanderCommand => p.kind === 'commander',
  async handle(cmd, ctx, services) {
    const incident = await targetIncident(cmd, ctx, services);
    const commander = await commanderFrom(cmd.person, ctx, services);
    const { incident: after, changed } = await services.incidents.setCommander(incident.id, commander, ctx.from);
    if (!changed) {
      await ctx.sendText(`${commander.displayName} already is the commander of ${after.id}.`);
      return;
    }
    await services.cards.update(after);
    await ctx.sendText(`${commander.displayName} is now the commander of ${after.id}.`);
  },
};
