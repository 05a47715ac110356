/** `join [id]` and the "Bring bot into call" button: the bot joins the meeting's call (once, however many clicks). */
import type { JoinCommand, ParsedCommand } from './command';
import type { CardActionHandler } from './card-action-handler';
import type { CommandHandler } from './command-handler';
import { targetIncident } from './target-incident';

export const joinAction: CardActionHandler = async (incident, _data, ctx, services) =>
  (await services.calls.join(incident.id, ctx.from)).incident;

export const joinCommand: CommandHandler<JoinCommand> = {
  name: 'join',
  matches: (p: ParsedCommand): p is JoinCommand => p.kind === 'join',
  async handle(cmd, ctx, services) {
    const incident = await targetIncident(cmd, ctx, services);
    const { incident: after, started } = await services.calls.join(incident.id, ctx.from);
    await services.cards.update(after);
    await ctx.sendText(started
      ? `Bringing the bot into the call for ${after.id}. The incident card shows when it is connected.`
      : after.callFailure ? `The bot could not join ${after.id}'s call: ${after.callFailure.hint ?? after.callFailure.message}` : `The bot is already in (or joining) ${after.id}'s call.`);
  },
};
