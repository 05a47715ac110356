/**
 * `commander [id] <person> [id]`, also `ic`: name the incident commander.
 *
 * The person is exactly one of: `me` (or `myself`), an @mention, an e-mail address/UPN. Two different people, an
 * @mention the message has no entity for, or other words are errors with an example. The same person twice
 * counts once. The id, with or without `INC-`, stands right after the verb or at the end.
 */
import { attendeeKey, attendeeLabel, type AttendeeRequest } from '../../incidents/incident';
import type { CommanderCommand } from '../command';
import { toAddress } from './attendee-list';
import { EXAMPLE_INCIDENT_ID } from './incident-id';
import { takeIdsAtEnds, targetFields } from './incident-target';
import { exampleHint, exampleMessage, invalid } from './invalid';
import { isPunctuationOnly, keywordOf } from './tokens';
import type { VerbParser } from './verb';

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

export const parseCommanderCommand: VerbParser = (tokens, argsStart, context) => {
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
