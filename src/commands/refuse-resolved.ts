/**
 * Commands and buttons that change a live incident (join, page, retry) refuse a resolved one with the same clear
 * card as the lifecycle commands: it is resolved, and this is how to reopen it. Without an id a command targets
 * the latest active incident, which is never resolved, so only a typed id needs the check here.
 */
import { assertNotResolved } from '../incidents/incident-lifecycle';
import type { ParsedCommand, TargetsIncident } from './command';
import type { CardActionHandler } from './card-action-handler';
import type { CommandHandler } from './command-handler';
import { incidentHere } from './target-incident';

export function refusingResolved<C extends ParsedCommand & TargetsIncident>(handler: CommandHandler<C>): CommandHandler<C> {
  return {
    name: handler.name,
    matches: handler.matches,
    async handle(cmd, ctx, services) {
      if (cmd.incidentId) {
        const found = await incidentHere(cmd.incidentId, ctx, services);
        if (found) assertNotResolved(found);
      }
      await handler.handle(cmd, ctx, services);
    },
  };
}

export function refusingResolvedAction(action: CardActionHandler): CardActionHandler {
  return async (incident, data, ctx, services) => {
    assertNotResolved(incident);
    return action(incident, data, ctx, services);
  };
}
