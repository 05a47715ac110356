/**
 * Graph call result codes (resultInfo code/subcode) → a sentence for the card and whether someone must act.
 * Sources: Graph cloud-communications docs and the communications samples (wire-notes §2–§3); the 200/… end
 * codes are worded after the "Call end reason codes" table of api-reference/v1.0/api/call-delete.md.
 */
import type { CallEnd } from '../incidents/incident';
import type { ResultInfo } from './call-events';

interface Known {
  readonly explanation: string;
  readonly isFailure: boolean;
}

const BY_SUBCODE: Readonly<Record<number, Known>> = {
  7504: {
    isFailure: true,
    explanation: 'The bot is not allowed to join calls in this meeting\'s tenant: an admin of that tenant must grant admin consent to the bot\'s Calls.JoinGroupCall.All permission.',
  },
  7505: {
    isFailure: true,
    explanation: 'Tenant mismatch: the meeting belongs to another tenant than the one the bot asked for. Check GRAPH_TENANT_ID and that the meeting organizer is in that tenant.',
  },
  7503: {
    isFailure: true,
    explanation: 'The bot is not registered for calling: an admin must enable calling on the Azure Bot\'s Microsoft Teams channel and set its webhook to this bot\'s /api/calls URL.',
  },
  2203: {
    isFailure: true,
    explanation: 'Teams could not find the meeting the bot tried to join (wrong thread, message or organizer). Start a new incident to get a fresh meeting.',
  },
  // call-delete.md: 200/5000 "Removed from the conversation by another participant."
  5000: { isFailure: false, explanation: 'Another participant removed the bot from the call. Bring it back in with Join.' },
  5001: { isFailure: false, explanation: 'The call ended.' },
  5002: { isFailure: false, explanation: 'Everyone left, so the call ended. Join again to start a new call in the same meeting.' },
  // call-delete.md: 200/5013 "The conversation has ended as no one else has joined the group call."
  5013: { isFailure: false, explanation: 'Nobody else joined the meeting, so the call ended. Join again once people are in the meeting.' },
  // call-delete.md: 200/4097 "Call ended by the other participant in the call."
  4097: { isFailure: false, explanation: 'Another participant ended the call.' },
  // call-delete.md: 200/7000 and 200/10550 "The conversation has ended by bot."
  7000: { isFailure: false, explanation: 'The bot left the call.' },
  10550: { isFailure: false, explanation: 'The bot left the call.' },
  8537: { isFailure: true, explanation: 'The call was dropped because the bot stopped sending keep-alives. Bring it back in with Join.' },
  1005: { isFailure: true, explanation: 'The call was dropped because of a media connectivity problem on the service side. Try joining again.' },
};

/**
 * The card's hint for a synchronous 403 to POST /communications/calls whose error code is a calling subcode
 * (`{"error":{"code":"7505",…}}`, wire-notes §2); undefined for other 403s.
 */
export function joinRefusalHint(errorCode: string | undefined): string | undefined {
  if (errorCode === '7505') {
    return 'Tenant mismatch (7505): the bot asked to join with a tenant id other than the one its token is for. Check GRAPH_TENANT_ID: it must be the tenant of the meeting organizer and of the bot\'s app registration.';
  }
  if (errorCode === '7504') {
    return 'Insufficient enterprise tenant permissions (7504): an admin of the meeting\'s tenant must give admin consent to the bot\'s calling permissions (Calls.JoinGroupCall.All) in that tenant.';
  }
  return undefined;
}

export function callEndOf(info: ResultInfo | undefined, fallback = 'The call ended.'): CallEnd {
  if (!info) return { code: 0, subcode: 0, explanation: fallback, isFailure: false };
  const known = BY_SUBCODE[info.subcode];
  if (known) return { ...info, ...known };
  if (info.code === 403) {
    return { ...info, isFailure: true, explanation: `Microsoft Graph refused the call (403/${info.subcode}). An admin must check the bot's calling permissions (Calls.JoinGroupCall.All) and admin consent.` };
  }
  if (info.code >= 400) {
    return { ...info, isFailure: true, explanation: `The call failed (${info.code}/${info.subcode})${info.message ? `: ${info.message}` : ''}.` };
  }
  return { ...info, isFailure: false, explanation: info.message ? `The call ended: ${info.message}` : fallback };
}
