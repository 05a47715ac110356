/** Reading Action.Execute form data (values arrive merged into action.data): the Start and Page forms share these. */
import { CommandError } from '../errors/app-error';
import type { AttendeeRequest } from '../incidents/incident';
import { toAddress } from './grammar/attendee-list';

/** A form value as trimmed text ('' when absent; Input.Number values may arrive as numbers). */
export function formText(data: Readonly<Record<string, unknown>>, key: string): string {
  const v = data[key];
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
}

/**
 * The people of a form: a people picker's comma-separated Azure AD object ids become directory users, the typed
 * e-mail addresses (separated by spaces, commas or semicolons) e-mail requests. A typed word that is not an address
 * is refused with a hint.
 */
export function formAttendees(data: Readonly<Record<string, unknown>>, keys: { readonly picked: string; readonly typed: string }): AttendeeRequest[] {
  const picked: AttendeeRequest[] = formText(data, keys.picked).split(',').map((s) => s.trim()).filter(Boolean)
    .map((aadObjectId) => ({ kind: 'directoryUser', aadObjectId }));
  const typed = formText(data, keys.typed).split(/[\s,;]+/).filter(Boolean).map((text) => ({ text, address: toAddress(text) }));
  const bad = typed.filter((t) => !t.address).map((t) => t.text);
  if (bad.length > 0) throw new CommandError('COMMAND_INVALID', `Not an e-mail address: ${bad.join(', ')}.`, 'Type addresses like patti@contoso.com, separated by spaces or commas.');
  return [...picked, ...typed.flatMap((t): AttendeeRequest[] => (t.address ? [{ kind: 'email', address: t.address.address }] : []))];
}
