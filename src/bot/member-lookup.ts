/** MemberLookup over the Bot Connector (TeamsInfo.getMember), cached per tenant and user. */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { MemberLookup, UserLookupResult } from '../incidents/ports';
import type { MemberCache } from './member-cache';

interface WireMember {
  name?: string;
  aadObjectId?: string;
  objectId?: string;
  userPrincipalName?: string;
  email?: string;
}

export function memberLookupFor(context: TurnContext, cache: MemberCache): MemberLookup {
  const activity = context.activity;
  const tenantId = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? activity.conversation.tenantId ?? '';
  return (channelUserId) => cache.get(tenantId, channelUserId, () => lookup(context, channelUserId));
}

async function lookup(context: TurnContext, channelUserId: string): Promise<UserLookupResult> {
  let m: WireMember;
  try {
    m = (await TeamsInfo.getMember(context, channelUserId)) as WireMember;
  } catch (e: unknown) {
    const status = (e as { statusCode?: unknown }).statusCode;
    if (status === 404) return { found: false, reason: 'not a member of this conversation' };
    return { found: false, reason: `member look-up failed${typeof status === 'number' ? ` (HTTP ${status})` : ''}` };
  }
  const id = m.aadObjectId ?? m.objectId;
  if (!id) return { found: false, reason: 'Teams returned no Azure AD id for this person (guest or bot?)' };
  // A documented answer may carry only `objectId` (no name): the name is then left to the mention's text.
  return { found: true, user: { aadObjectId: id, displayName: m.name ?? m.userPrincipalName ?? '', upn: m.userPrincipalName ?? m.email } };
}
