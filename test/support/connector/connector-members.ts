/**
 * Teams roster members as the Bot Connector puts them on the wire (msteams-docs
 * "Get Teams specific context for your bot"):
 *   {"id":"29:1…","name","objectId","givenName","surname","email","userPrincipalName","tenantId","userRole":"user"}
 * The Entra object id travels as `objectId`; botbuilder's getMembers copies it to aadObjectId,
 * getMember and getPagedMembers do not. The sandbox writes `aadObjectId` only when asked to
 * (ConnectorSandboxOptions.emitAadObjectId), the way the Agents Playground does, so a bot that
 * reads only aadObjectId fails here as it would against Teams.
 */
import { createHash } from 'node:crypto';
import { SANDBOX_TENANT_ID, SANDBOX_USERS, type SandboxUser } from '../../../sandbox/graph/users/directory';

export interface ConnectorMember {
  readonly id: string;
  readonly name?: string;
  readonly objectId?: string;
  readonly aadObjectId?: string;
  readonly givenName?: string | null;
  readonly surname?: string | null;
  readonly email?: string | null;
  readonly userPrincipalName?: string;
  readonly tenantId?: string;
  readonly userRole?: 'user' | 'anonymous' | 'guest' | 'bot';
}

/** A stable Teams user id ("29:1…") for an Entra object id. */
export function teamsUserId(objectId: string): string {
  return `29:1${createHash('sha512').update(objectId.toLowerCase()).digest('base64url')}`;
}

export function memberFromUser(user: SandboxUser, tenantId: string = SANDBOX_TENANT_ID): ConnectorMember {
  return {
    id: teamsUserId(user.id),
    name: user.displayName,
    objectId: user.id,
    givenName: user.givenName,
    surname: user.surname,
    email: user.mail,
    userPrincipalName: user.userPrincipalName,
    tenantId,
    userRole: 'user',
  };
}

export const DEFAULT_MEMBERS: readonly ConnectorMember[] = SANDBOX_USERS.map((u) => memberFromUser(u));

/** Teams resolves a member by Teams user id, Entra object id or UPN. */
export function matchesMember(member: ConnectorMember, key: string): boolean {
  const k = key.toLowerCase();
  return (
    member.id.toLowerCase() === k ||
    (member.objectId ?? member.aadObjectId ?? '').toLowerCase() === k ||
    (member.userPrincipalName ?? '').toLowerCase() === k
  );
}

/** The member as written to the wire. */
export function wireMember(member: ConnectorMember, emitAadObjectId: boolean): Record<string, unknown> {
  const objectId = member.objectId ?? member.aadObjectId;
  const out: Record<string, unknown> = { id: member.id };
  if (member.name !== undefined) out['name'] = member.name;
  if (objectId !== undefined) out['objectId'] = objectId;
  if (emitAadObjectId && objectId !== undefined) out['aadObjectId'] = objectId;
  if (member.givenName !== undefined) out['givenName'] = member.givenName;
  if (member.surname !== undefined) out['surname'] = member.surname;
  if (member.email !== undefined) out['email'] = member.email;
  if (member.userPrincipalName !== undefined) out['userPrincipalName'] = member.userPrincipalName;
  if (member.tenantId !== undefined) out['tenantId'] = member.tenantId;
  if (member.userRole !== undefined) out['userRole'] = member.userRole;
  return out;
}
