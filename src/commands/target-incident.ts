/** Which incident a command means: the id typed, else the conversation's most recent active incident. */
import { AppError } from '../errors/app-error';
import type { Incident } from '../incidents/incident';
import type { TargetsIncident } from './command';
import type { CommandContext } from './command-context';
import type { CommandServices } from './command-services';

/**
 * An incident belongs to the conversation it was started in (in a channel: to its team) and to its tenant. Ids are
 * short and appear on cards, so an id typed or clicked elsewhere must not reach it (join link, passcode, controls).
 */
export function visibleIn(incident: Incident, ctx: Pick<CommandContext, 'tenantId' | 'conversationId' | 'teamId'>): boolean {
  if (incident.tenantId !== ctx.tenantId) return false;
  if (incident.conversationId.split(';')[0] === ctx.conversationId.split(';')[0]) return true;
  return incident.teamId !== undefined && incident.teamId === ctx.teamId;
}

/** The incident with this id if it is visible from this conversation; otherwise undefined, as if it did not exist. */
export async function incidentHere(incidentId: string, ctx: CommandContext, services: CommandServices): Promise<Incident | undefined> {
  const found = await services.incidents.get(incidentId);
  return found && visibleIn(found, ctx) ? found : undefined;
}

export async function targetIncident(cmd: TargetsIncident, ctx: CommandContext, services: CommandServices): Promise<Incident> {
  if (cmd.incidentId) {
    const found = await incidentHere(cmd.incidentId, ctx, services);
    if (!found) throw new AppError('INCIDENT_NOT_FOUND', `There is no incident ${cmd.incidentId} here.`, { hint: 'Check the id on the incident card (incidents are reachable from the chat or team they were started in), or type "list" to see the active incidents here.' });
    return found;
  }
  const active = await services.incidents.latestActive(ctx);
  if (!active) {
    throw new AppError('INCIDENT_NOT_FOUND', 'There is no active incident in this conversation.', {
      hint: 'Start one first, e.g. "start sev2 Checkout API returning 500s with @Megan".',
    });
  }
  return active;
}
