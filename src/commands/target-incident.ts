/** Which incident a command means: the id typed, else the conversation's most recent active incident. */
import { conversationRoot } from '../incidents/incident';
import type { Incident } from '../incidents/incident';
import { incidentNotFound, noIncidentHere } from '../incidents/incident-errors';
import type { TargetsIncident } from './command';
import type { CommandContext } from './command-context';
import type { CommandServices } from './command-services';

/**
 * An incident belongs to the conversation it was started in (in a channel: to its team) and to its tenant. Ids are
 * short and appear on cards, so an id typed or clicked elsewhere must not reach it (join link, passcode, controls).
 */
function visibleIn(incident: Incident, ctx: Pick<CommandContext, 'tenantId' | 'conversationId' | 'teamId'>): boolean {
  if (incident.tenantId !== ctx.tenantId) return false;
  if (conversationRoot(incident.conversationId) === conversationRoot(ctx.conversationId)) return true;
  // Its meeting's own chat (issue #14): the card is there too, and commands typed there act on it.
  if (incident.meeting?.chatInfo.threadId === ctx.conversationId) return true;
  return incident.teamId !== undefined && incident.teamId === ctx.teamId;
}

/** The incident with this id if it is visible from this conversation; otherwise undefined, as if it did not exist. */
export async function incidentHere(incidentId: string, ctx: CommandContext, services: CommandServices): Promise<Incident | undefined> {
  const found = await services.incidents.get(incidentId);
  return found && visibleIn(found, ctx) ? found : undefined;
}

/** The incident with this id, visible from here, or INCIDENT_NOT_FOUND. */
export async function requireIncidentHere(incidentId: string, ctx: CommandContext, services: CommandServices): Promise<Incident> {
  const found = await incidentHere(incidentId, ctx, services);
  if (!found) throw incidentNotFound(incidentId);
  return found;
}

export async function targetIncident(cmd: TargetsIncident, ctx: CommandContext, services: CommandServices): Promise<Incident> {
  if (cmd.incidentId) return requireIncidentHere(cmd.incidentId, ctx, services);
  const active = await services.incidents.latestActive(ctx);
  if (!active) throw noIncidentHere('There is no active incident in this conversation.', 'Start one first, e.g. "start sev2 Checkout API returning 500s with @Megan".');
  return active;
}
