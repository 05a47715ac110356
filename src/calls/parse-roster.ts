/** Participant collections of a notification (resourceData is an array of #microsoft.graph.participant) → roster. Pure. */
import type { CallParticipant } from './call-events';
import { isRecord, nonEmpty, typeName } from './notification-values';

/** Display name used when Graph gives none (anonymous / encrypted identities). */
export const UNKNOWN_PARTICIPANT_NAME = 'Unknown participant';

interface IdentityPick {
  readonly kind: 'user' | 'application' | 'phone' | 'guest' | 'other';
  readonly id?: string;
  readonly displayName?: string;
}

export function parseRoster(items: readonly unknown[], where: string, problems: string[]): CallParticipant[] {
  const out: CallParticipant[] = [];
  items.forEach((raw, i) => {
    const at = `${where}.resourceData[${i}]`;
    if (!isRecord(raw)) {
      problems.push(`${at}: participant is ${typeName(raw)}; skipped`);
      return;
    }
    const info = isRecord(raw.info) ? raw.info : undefined;
    const identity = info && isRecord(info.identity) ? pickIdentity(info.identity) : undefined;
    let participantId = nonEmpty(raw.id);
    if (!participantId) {
      if (!identity?.id) {
        problems.push(`${at}: participant without id or identity; skipped`);
        return;
      }
      // The invite docs show roster entries with "id": null; the identity id keeps the person in the roster.
      participantId = identity.id;
      problems.push(`${at}: participant without id; used its ${identity.kind} id`);
    }
    if (!identity) problems.push(`${at}: participant ${participantId} has no identity`);
    const displayName = identity?.displayName ?? (identity?.kind === 'phone' ? identity.id : undefined) ?? UNKNOWN_PARTICIPANT_NAME;
    out.push({
      participantId,
      displayName,
      ...(identity?.kind === 'user' && identity.id ? { aadObjectId: identity.id } : {}),
      isApplication: identity?.kind === 'application',
      isInLobby: raw.isInLobby === true,
      isMuted: raw.isMuted === true,
    });
  });
  return out;
}

/**
 * Reads an identitySet / communicationsIdentitySet. Applications (bots, and applicationInstance resource accounts)
 * win over everything; then an AAD user with an id; then a phone; then guests, users without an id and the
 * remaining identity kinds (acsUser, spoolUser, encrypted, onPremises, device, …).
 */
function pickIdentity(set: Record<string, unknown>): IdentityPick | undefined {
  const get = (key: string): Record<string, unknown> | undefined => (isRecord(set[key]) ? set[key] : undefined);
  const pick = (kind: IdentityPick['kind'], ident: Record<string, unknown>): IdentityPick => {
    const id = nonEmpty(ident.id);
    const displayName = nonEmpty(ident.displayName);
    return { kind, ...(id ? { id } : {}), ...(displayName ? { displayName } : {}) };
  };
  const app = get('application') ?? get('applicationInstance');
  if (app) return pick('application', app);
  const user = get('user');
  if (user && nonEmpty(user.id)) return pick('user', user);
  const phone = get('phone');
  if (phone) return pick('phone', phone);
  const guest = get('guest');
  if (guest) return pick('guest', guest);
  if (user) return pick('guest', user);
  for (const [key, value] of Object.entries(set)) {
    if (key.startsWith('@') || !isRecord(value)) continue;
    return pick('other', value);
  }
  return undefined;
}
