/** `sev1`…`sev4 [id]` (also `severity sev2`): changes the severity; the card is updated in place. */
import { severityLabel } from '../incidents/incident-lifecycle';
import type { ParsedCommand, SeverityCommand } from './command';
import type { CommandHandler } from './command-handler';
import { targetIncident } from './target-incident';

export const severityCommand: CommandHandler<SeverityCommand> = {
  name: 'severity',
  matches: (p: ParsedCommand): p is SeverityCommand => p.kind === 'severity',
  async handle(cmd, ctx, services) {
    const incident = await targetIncident(cmd, ctx, services);
    const { incident: after, changed } = await services.incidents.changeSeverity(incident.id, cmd.severity, ctx.from);
    if (!changed) {
      await ctx.sendText(`${after.id} already is ${severityLabel(after.severity)}.`);
      return;
    }
    await services.cards.update(after);
    await ctx.sendText(`${after.id} is now ${severityLabel(after.severity)} (was ${severityLabel(incident.severity)}).`);
  },
};
