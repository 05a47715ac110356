/**
 * `commander [id] <person> [id]`, also `ic`, and the "I'm commander" button: name the incident commander (anyone may).
 *
 * The person is exactly one of: `me` (or `myself`), an @mention, an e-mail address/UPN. Two different people, an
 * @mention the message has no entity for, or other words are errors with an example. The same person twice
 * counts once. The id, with or without `INC-`, stands right after the verb or at the end.
 */
import { AppError } from '../errors/app-error';
import { attendeeKey, attendeeLabel, type AttendeeRequest, type Person as IncidentPerson } from '../incidents/incident';
import { resolveAttendees } from '../incidents/resolve-attendees';
import type { TargetsIncident } from './command';
import type { CommandContext } from './command-context';
import { defineCommand, SHARED } from './command-module';
import type { CommandServices } from './command-services';
import { toAddress } from './grammar/attendee-list';
import { EXAMPLE_INCIDENT_ID } from './grammar/incident-id-grammar';
import { takeIdsAtEnds, targetFields } from './grammar/incident-target';
import { exampleHint, exampleMessage, invalid } from './grammar/invalid';
import { isPunctuationOnly, keywordOf } from './grammar/tokens';
import type { VerbParser } from './grammar/verb';
import { targetIncident } from './target-incident';

/** `commander @person [id]` / `commander me`. */
export interface CommanderCommand extends TargetsIncident {
  readonly kind: 'commander';
  readonly person: AttendeeRequest | { readonly kind: 'me' };
}

type Person = CommanderCommand['person'];

const ME: ReadonlySet<string> = new Set(['me', 'myself']);
const SEPARATORS: ReadonlySet<string> = new Set(['and', '&', '+']);

function keyOf(person: Person): string {
  if (person.kind === 'me') return 'me';
  return attendeeKey(person);
}

function nameOf(person: Person): string {
  if (person.kind === 'me') return 'me';
  return attendeeLabel(person);
}

const parseCommanderCommand: VerbParser<CommanderCommand> = (tokens, argsStart, context) => {
  const hint = `Name one person: ${exampleMessage(context, 'commander @Megan Bowen')}, or ${exampleMessage(context, 'commander me')}.`;
  const span = takeIdsAtEnds(tokens, argsStart, context, `commander @Megan Bowen ${EXAMPLE_INCIDENT_ID}`);
  if (span.kind === 'invalid') return span;

  const people = new Map<string, Person>();
  const unknown: string[] = [];
  for (const token of tokens.slice(span.start, span.end)) {
    if (token.kind === 'mention') {
      if (token.entity) {
        const person: AttendeeRequest = { kind: 'mention', channelUserId: token.entity.id, name: token.entity.name };
        people.set(keyOf(person), person);
      } else {
        unknown.push(token.display);
      }
      continue;
    }
    if (ME.has(keywordOf(token) ?? '')) { people.set('me', { kind: 'me' }); continue; }
    for (const part of token.text.split(/[,;]+/)) {
      if (part === '' || isPunctuationOnly(part) || SEPARATORS.has(part.toLowerCase())) continue;
      const address = toAddress(part);
      if (address) {
        const person: AttendeeRequest = { kind: 'email', address: address.address };
        people.set(keyOf(person), person);
      } else {
        unknown.push(part);
      }
    }
  }

  if (unknown.length > 0) {
    return invalid(context, `I could not read "${unknown.join(' ')}" as a person.`,
      `@mention the commander or give their e-mail address. ${exampleHint(context, 'commander @Megan Bowen')}`);
  }
  const [person, ...others] = [...people.values()];
  if (!person) return invalid(context, 'Who is the incident commander?', hint);
  if (others.length > 0) {
    return invalid(context,
      `An incident has one commander; you named ${[person, ...others].map(nameOf).join(', ')}.`, hint);
  }
  const command: CommanderCommand = { kind: 'commander', person, ...targetFields(span.incidentId) };
  return command;
};

async function commanderFrom(person: CommanderCommand['person'], ctx: CommandContext, services: CommandServices): Promise<IncidentPerson> {
  if (person.kind === 'me') return ctx.from;
  const { resolved, unresolved } = await resolveAttendees([person], { members: ctx.members, directory: services.directory });
  const found = resolved[0];
  if (!found) {
    const u = unresolved[0];
    throw new AppError('COMMAND_INVALID', `I could not find ${u?.requestedAs ?? 'that person'}${u ? ` (${u.reason})` : ''}.`, {
      hint: 'Name the commander with an @mention or their e-mail address, or type "commander me".',
    });
  }
  return { aadObjectId: found.aadObjectId, displayName: found.displayName, ...(found.upn ? { upn: found.upn } : {}) };
}

export const commander = defineCommand<CommanderCommand>()({
  name: 'commander',
  aliases: ['commander', 'ic'],
  catalog: {
    name: 'commander',
    usage: 'commander <person> [id]',
    description: 'Name the incident commander: commander @person, an e-mail address or me.',
    example: 'commander @Megan Bowen',
    scopes: SHARED,
    available: true,
  },
  parse: parseCommanderCommand,
  refusesResolved: true,
  async handle(cmd, ctx, services) {
    const incident = await targetIncident(cmd, ctx, services);
    const person = await commanderFrom(cmd.person, ctx, services);
    const { incident: after, changed } = await services.incidents.setCommander(incident.id, person, ctx.from);
    if (!changed) {
      await ctx.sendText(`${person.displayName} already is the commander of ${after.id}.`);
      return;
    }
    await services.cards.update(after);
    await ctx.sendText(`${person.displayName} is now the commander of ${after.id}.`);
  },
  cardActions: {
    takeCommand: { refusesResolved: true, run: async (incident, _data, ctx, services) => (await services.incidents.setCommander(incident.id, ctx.from, ctx.from)).incident },
  },
});
