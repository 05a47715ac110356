/** Which incident a command means: the id typed, else the conversation's most recent active incident. */
import { AppError } from '../errors/app-error';
import type { Incident } from '../incidents/incident';
import type { TargetsIncident } from './command';
import type { CommandContext } from './command-context';
import type { CommandServices } from './command-services';

export async function targetIncident(cmd: TargetsIncident, ctx: CommandContext, services: CommandServices): Promise<Incident> {
  if (cmd.incidentId) {
    const found = await services.incidents.get(cmd.incidentId);
    if (!found) throw new AppError('INCIDENT_NOT_FOUND', `There is no incident ${cmd.incidentId}.`, { hint: 'Check the id on the incident card, or type "list" to see the active incidents here.' });
    return found;
  }
  const active = await services.incidents.latestActive(ctx.conversationId);
  if (!active) {
    throw new AppError('INCIDENT_NOT_FOUND', 'There is no active incident in this conversation.', {
      hint: 'Start one first, e.g. "start sev2 Checkout API returning 500s with @Megan".',
    });
  }
  return active;
}
