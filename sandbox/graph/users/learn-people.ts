/**
 * How the sandbox learns its people: from the Graph requests themselves. In the real world everyone a Teams
 * client presents to a bot exists in the tenant, and the bot names them to Graph by object id — the organizer in
 * `/users/{id}/…` paths, attendees and invitees in identitySets (`identity.user.{id, displayName}`, `upn`). So any
 * object id seen there is a member of the tenant from then on, with the name and UPN given beside it. An e-mail
 * address or UPN alone is never learned: one that nobody presented and the seed lacks stays 404, as in Graph.
 */
import type { GraphRequest } from '../graph-context';
import type { PresentedPerson, UserDirectory } from './user-directory';

export const PEOPLE_LEARNING =
  'Open world: every object id the bot names to Graph (the organizer in /users/{id}/… paths, attendees and invitees in identitySets, with their displayName and upn) is a member of the tenant from then on. E-mail addresses and UPNs alone are never learned: unpresented ones that the seed lacks stay 404.';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A meetingParticipantInfo / invitationParticipantInfo: identity.user plus an optional upn. */
function personOf(participant: unknown): PresentedPerson | undefined {
  const p = record(participant);
  const user = record(record(p?.['identity'])?.['user']);
  const id = text(user?.['id']);
  if (id === undefined) return undefined;
  const displayName = text(user?.['displayName']);
  const upn = text(p?.['upn']);
  return { id, ...(displayName !== undefined ? { displayName } : {}), ...(upn !== undefined ? { userPrincipalName: upn } : {}) };
}

function presented(req: GraphRequest): PresentedPerson[] {
  const out: PresentedPerson[] = [];
  const [first, key] = req.segments;
  if (first?.toLowerCase() === 'users' && key !== undefined) out.push({ id: key });
  const body = record(req.body);
  const participants = body?.['participants'];
  if (Array.isArray(participants)) out.push(...participants.map(personOf).filter((p): p is PresentedPerson => p !== undefined));
  const meetingParticipants = record(participants);
  if (meetingParticipants !== undefined) {
    const attendees = meetingParticipants['attendees'];
    if (Array.isArray(attendees)) out.push(...attendees.map(personOf).filter((p): p is PresentedPerson => p !== undefined));
    const organizer = personOf(meetingParticipants['organizer']);
    if (organizer !== undefined) out.push(organizer);
  }
  return out;
}

export function learnPeople(directory: UserDirectory, req: GraphRequest): void {
  for (const person of presented(req)) directory.learn(person);
}
