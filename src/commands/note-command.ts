/** `note [INC-id] <text>`: adds "Note by X: …" to the incident's timeline. */
import type { NoteCommand, ParsedCommand } from './command';
import type { CommandHandler } from './command-handler';
import { targetIncident } from './target-incident';

export const noteCommand: CommandHandler<NoteCommand> = {
  name: 'note',
  matches: (p: ParsedCommand): p is NoteCommand => p.kind === 'note',
  async handle(cmd, ctx, services) {
    const incident = await targetIncident(cmd, ctx, services);
    const after = await services.incidents.addNote(incident.id, cmd.text, ctx.from);
    await services.cards.update(after);
    await ctx.sendText(`Noted on ${after.id}.`);
  },
};
