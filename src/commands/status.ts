/**
 * `status [id]`: posts the incident's card again as a new message and moves the card there, so later updates
 * land on the new card (handy when the original scrolled out of sight). Without an id: the latest active one here.
 * Nothing but an optional id may follow.
 */
import { incidentCard } from '../cards/incident-card';
import type { TargetsIncident } from './command';
import { defineCommand, EVERYWHERE } from './command-module';
import { EXAMPLE_INCIDENT_ID } from './grammar/incident-id-grammar';
import { parseTargetOnly, targetFields } from './grammar/incident-target';
import type { VerbParser } from './grammar/verb';
import { targetIncident } from './target-incident';

/** `status [id]`: re-post the live card. */
export interface StatusCommand extends TargetsIncident { readonly kind: 'status' }

const parseStatusCommand: VerbParser<StatusCommand> = (tokens, argsStart, context) => {
  const target = parseTargetOnly(tokens, argsStart, context, `status ${EXAMPLE_INCIDENT_ID}`);
  return target.kind === 'invalid' ? target : { kind: 'status', ...targetFields(target.incidentId) };
};

export const status = defineCommand<StatusCommand>()({
  name: 'status',
  aliases: ['status'],
  catalog: {
    name: 'status',
    usage: 'status [id]',
    description: 'Show an incident: state, severity, commander, bridge link. Without an id: the latest here.',
    details: 'Re-posts the live card.',
    example: 'status INC-7F3A2QK',
    scopes: EVERYWHERE,
    available: true,
  },
  parse: parseStatusCommand,
  async handle(cmd, ctx, services) {
    const incident = await targetIncident(cmd, ctx, services);
    const activityId = await ctx.sendCard(incidentCard(incident));
    await services.incidents.recordCard(incident.id, { activityId, conversationReference: ctx.conversationReference() });
    ctx.log.info({ incidentId: incident.id, from: incident.card?.activityId, to: activityId }, 'incident card moved');
  },
});
