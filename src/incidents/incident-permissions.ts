/**
 * Who may do what to an incident. Anyone in the conversation may start, join, page, note, name the commander and
 * change the severity; only the requester, the current commander or an incident admin may resolve or reopen.
 * People are the same person only when both carry the same AAD object id (display names are not unique).
 */
import { AppError } from '../errors/app-error';
import type { Incident, Person } from './incident';

export type CloseAction = 'resolve' | 'reopen';

export function samePerson(a: Person | undefined, b: Person | undefined): boolean {
  return a?.aadObjectId !== undefined && b?.aadObjectId !== undefined && a.aadObjectId.toLowerCase() === b.aadObjectId.toLowerCase();
}

/** true when `person` may resolve/reopen without being an admin (requester or commander). */
function isOwner(incident: Incident, person: Person): boolean {
  return samePerson(incident.requestedBy, person) || samePerson(incident.commander, person);
}

/** Whether the admin check matters for this person (it is skipped for the requester and the commander). */
export function needsAdminCheck(incident: Incident, person: Person): boolean {
  return !isOwner(incident, person) && person.aadObjectId !== undefined;
}

export function mayClose(incident: Incident, person: Person, isAdmin: boolean): boolean {
  return isAdmin || isOwner(incident, person);
}

/** Throws NOT_ALLOWED, politely naming who may. */
export function assertMayClose(incident: Incident, person: Person, isAdmin: boolean, action: CloseAction): void {
  if (mayClose(incident, person, isAdmin)) return;
  const who = [incident.requestedBy.displayName, incident.commander && !samePerson(incident.commander, incident.requestedBy) ? incident.commander.displayName : undefined]
    .filter((n): n is string => n !== undefined);
  throw new AppError('NOT_ALLOWED', `Sorry, only the person who started ${incident.id} (${incident.requestedBy.displayName}), its commander${incident.commander ? ` (${incident.commander.displayName})` : ''} or an incident admin can ${action} it.`, {
    hint: `Ask ${who.join(' or ')} to ${action} it. If you are running the incident now, take command first ("commander me" or the "I'm commander" button).`,
  });
}
