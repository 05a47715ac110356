/** `leave [id]` and the "Remove bot" button: hangs the bot up; the meeting goes on. */
import type { LeaveCommand, ParsedCommand } from './command';
import type { CardActionHandler } from './card-action-handler';
import type { CommandHandler } from './command-handler';
import { targetIncident } from './target-incident';

export const leaveAction: CardActionHandler = (incident, _data, ctx, services) => services.calls.leave(incident.id, ctx.from);

export const leaveCommand: CommandHandler<LeaveCommand> = {
  name: 'leave',
  matches: (p: ParsedCommand): p is LeaveCommand => p.kind === 'leave',
  async handle(cmd, ctx, services) {
    const incident = await targetIncident(cmd, ctx, services);
    const after = await services.calls.leave(incident.id, ctx.from);
    await services.cards.update(after);
    await ctx.sendText(`The bot is leaving ${after.id}'s call. The meeting stays open for everyone else.`);
  },
};
