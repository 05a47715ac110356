/**
 * `note [INC-id] <text>`: adds "Note by X: …" to the incident's timeline. See free-text.ts for the id and the text; the text
 * is required, at most MAX_FREE_TEXT_LENGTH characters. An id at the end is text (`note see also INC-…`).
 */
import type { TargetsIncident } from './command';
import { defineCommand, SHARED } from './command-module';
import { EXAMPLE_INCIDENT_ID } from './grammar/incident-id-grammar';
import { MAX_FREE_TEXT_LENGTH, readFreeText } from './grammar/free-text';
import { targetFields } from './grammar/incident-target';
import { exampleHint, invalid } from './grammar/invalid';
import type { VerbParser } from './grammar/verb';
import { targetIncident } from './target-incident';

/** `note <text>` (an id may lead: `note INC-… text`). */
export interface NoteCommand extends TargetsIncident { readonly kind: 'note'; readonly text: string }

const EXAMPLE = 'note Rolled back deploy 2024.11.3';

const parseNoteCommand: VerbParser<NoteCommand> = (tokens, argsStart, context) => {
  const args = readFreeText(tokens, argsStart, context, `note ${EXAMPLE_INCIDENT_ID} Rolled back deploy 2024.11.3`);
  if (args.kind === 'invalid') return args;
  if (args.text === '') return invalid(context, 'The note needs some text.', exampleHint(context, EXAMPLE));
  if (args.text.length > MAX_FREE_TEXT_LENGTH) {
    return invalid(context, `The note is ${args.text.length} characters long; at most ${MAX_FREE_TEXT_LENGTH} fit.`,
      'Split it into several notes.');
  }
  return { kind: 'note', text: args.text, ...targetFields(args.incidentId) };
};

export const note = defineCommand<NoteCommand>()({
  name: 'note',
  aliases: ['note'],
  catalog: {
    name: 'note',
    usage: 'note [id] <text>',
    description: 'Add a line to the incident timeline; an id, if any, goes first: note INC-7F3A2QK <text>.',
    example: 'note Rolled back deploy 2024.11.3',
    scopes: SHARED,
    available: true,
  },
  parse: parseNoteCommand,
  refusesResolved: true,
  async handle(cmd, ctx, services) {
    const incident = await targetIncident(cmd, ctx, services);
    const after = await services.incidents.addNote(incident.id, cmd.text, ctx.from);
    await services.cards.update(after);
    await ctx.sendText(`Noted on ${after.id}.`);
  },
});
