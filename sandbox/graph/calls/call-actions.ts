/** Request bodies of the call actions: playPrompt and participants/invite (validated as Graph does). */
import { badRequest } from '../graph-errors';
import { isJsonObject } from '../../http/http-util';
import { odataType, optionalString, requireString, type PrefetchMedia } from './call-resources';

// --- action bodies ----------------------------------------------------------------------------------

function checkClientContext(body: Record<string, unknown>): string | null {
  const v = body['clientContext'];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw badRequest('clientContext must be a string.');
  if (v.length > 256) throw badRequest('clientContext can have a maximum of 256 characters.');
  return v;
}

/** call-playprompt.md: prompts (mediaPrompt collection, at most 20), clientContext (≤ 256 chars). */
export function parsePlayPrompt(body: unknown): { clientContext: string | null; prompts: PrefetchMedia[] } {
  if (!isJsonObject(body)) throw badRequest('Empty Payload. JSON content expected.');
  const prompts = body['prompts'];
  if (!Array.isArray(prompts) || prompts.length === 0) throw badRequest('prompts must contain at least one mediaPrompt.');
  if (prompts.length > 20) throw badRequest('The maximum supported MediaPrompt collection size is 20.');
  const media = prompts.map((p) => {
    if (!isJsonObject(p) || odataType(p) !== '#microsoft.graph.mediaPrompt') {
      throw badRequest("Each prompt must have '@odata.type' '#microsoft.graph.mediaPrompt'.");
    }
    const info = p['mediaInfo'];
    if (!isJsonObject(info)) throw badRequest('mediaPrompt.mediaInfo is required.');
    return { uri: requireString(info, 'uri', 'mediaInfo'), resourceId: optionalString(info, 'resourceId', 'mediaInfo') ?? '' };
  });
  return { clientContext: checkClientContext(body), prompts: media };
}

export interface Invitee {
  readonly userId: string;
  readonly replacesCallId: string | null;
}

/** "Inviting up to 5 participants is supported" (participant-invite.md, example 2, calls with chatInfo). */
export const MAX_INVITEES_WITH_CHAT_INFO = 5;

/** participant-invite.md: participants (invitationParticipantInfo collection), clientContext. */
export function parseInvite(body: unknown): { clientContext: string | null; invitees: Invitee[] } {
  if (!isJsonObject(body)) throw badRequest('Empty Payload. JSON content expected.');
  const participants = body['participants'];
  if (!Array.isArray(participants) || participants.length === 0) {
    throw badRequest('participants must contain at least one invitationParticipantInfo.');
  }
  const invitees = participants.map((p) => {
    if (!isJsonObject(p)) throw badRequest('participants items must be invitationParticipantInfo objects.');
    const type = odataType(p);
    if (type !== undefined && type !== '#microsoft.graph.invitationParticipantInfo') {
      throw badRequest("participants items must have '@odata.type' '#microsoft.graph.invitationParticipantInfo'.");
    }
    const identity = p['identity'];
    if (!isJsonObject(identity)) throw badRequest('invitationParticipantInfo.identity is required.');
    const user = identity['user'];
    if (!isJsonObject(user)) throw badRequest('The sandbox invites users only: identity.user is required.');
    return {
      userId: requireString(user, 'id', 'identity.user'),
      replacesCallId: optionalString(p, 'replacesCallId', 'invitationParticipantInfo') ?? null,
    };
  });
  return { clientContext: checkClientContext(body), invitees };
}
