/** `list`: the active incidents of this conversation; in a channel, of every channel of the team. */
import { incidentListCard } from '../cards/incident-list-card';
import type { ListCommand, ParsedCommand } from './command';
import type { CommandHandler } from './command-handler';

export const listCommand: CommandHandler<ListCommand> = {
  name: 'list',
  matches: (p: ParsedCommand): p is ListCommand => p.kind === 'list',
  async handle(_cmd, ctx, services) {
    const teamId = ctx.conversationType === 'channel' ? ctx.teamId : undefined;
    const incidents = await services.incidents.listActive({ tenantId: ctx.tenantId, conversationId: ctx.conversationId, teamId });
    if (incidents.length === 0) {
      await ctx.sendText(`No active incidents ${teamId ? 'in this team' : 'here'}. All quiet! To open one: "start sev2 Checkout API returning 500s".`);
      return;
    }
    await ctx.sendCard(incidentListCard(incidents, services.clock.now(), teamId ? 'team' : 'conversation'));
  },
};
