/**
 * `status [id]`: posts the incident's card again as a new message and moves the card there, so later updates
 * land on the new card (handy when the original scrolled out of sight). Without an id: the latest active one here.
 */
import { incidentCard } from '../cards/incident-card';
import type { ParsedCommand, StatusCommand } from './command';
import type { CommandHandler } from './command-handler';
import { targetIncident } from './target-incident';

export const statusCommand: CommandHandler<StatusCommand> = {
  name: 'status',
  matches: (p: ParsedCommand): p is StatusCommand => p.kind === 'status',
  async handle(cmd, ctx, services) {
    const incident = await targetIncident(cmd, ctx, services);
    const activityId = await ctx.sendCard(incidentCard(incident));
    await services.incidents.recordCard(incident.id, { activityId, conversationReference: ctx.conversationReference() });
    ctx.log.info({ incidentId: incident.id, from: incident.card?.activityId, to: activityId }, 'incident card moved');
  },
};
