/**
 * The Microsoft Graph application permissions incident-bridge uses, why, and how an admin grants them
 * (docs/azure-setup.md step 2). The sandbox grants the same list by default (sandbox/identity/token-endpoint.ts).
 */
import type { GraphCredentialKind } from '../config';

export interface NeededPermission {
  /** The app role's value, as it appears in the token's `roles` claim. */
  readonly role: string;
  readonly why: string;
  /** core: always needed (missing → FAIL); calendar: only `+calendar` (missing → WARN);
   *  adminGroup: needed when INCIDENT_ADMIN_GROUP_ID is set (missing → FAIL), else WARN;
   *  meetingChat: the card in the meeting's chat (missing → WARN); review: attendance/recordings/transcripts (missing → WARN). */
  readonly neededFor: 'core' | 'calendar' | 'adminGroup' | 'meetingChat' | 'review';
  /** Broader or equivalent roles that also do. */
  readonly alsoSatisfiedBy: readonly string[];
}

export const NEEDED_GRAPH_PERMISSIONS: readonly NeededPermission[] = [
  { role: 'OnlineMeetings.ReadWrite.All', why: 'creating the incident meetings (POST /users/{organizer}/onlineMeetings/createOrGet) and setting their options', neededFor: 'core', alsoSatisfiedBy: [] },
  { role: 'Calls.JoinGroupCall.All', why: "joining the meeting's call to play the announcement", neededFor: 'core', alsoSatisfiedBy: ['Calls.JoinGroupCallAsGuest.All'] },
  { role: 'Calls.InitiateGroupCall.All', why: 'inviting ("paging") people into the call', neededFor: 'core', alsoSatisfiedBy: [] },
  { role: 'User.Read.All', why: 'resolving @mentions and e-mail addresses to Entra users', neededFor: 'core', alsoSatisfiedBy: ['User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'] },
  { role: 'Calendars.ReadWrite', why: "+calendar: putting the meeting on the organizer's calendar (POST /users/{id}/events)", neededFor: 'calendar', alsoSatisfiedBy: [] },
  { role: 'TeamsAppInstallation.ReadWriteSelfForChat.All', why: "putting the incident card into the meeting's own chat (POST /chats/{threadId}/installedApps)", neededFor: 'meetingChat', alsoSatisfiedBy: ['Chat.Manage.Chat', 'TeamsAppInstallation.ManageSelectedForChat.All', 'TeamsAppInstallation.ReadWriteAndConsentForChat.All', 'TeamsAppInstallation.ReadWriteAndConsentSelfForChat.All', 'TeamsAppInstallation.ReadWriteForChat.All'] },
  { role: 'OnlineMeetingArtifact.Read.All', why: "the review's attendance table (GET …/onlineMeetings/{id}/attendanceReports, with the access policy)", neededFor: 'review', alsoSatisfiedBy: [] },
  { role: 'OnlineMeetingRecording.Read.All', why: 'links to the meeting recordings in the review (GET …/onlineMeetings/{id}/recordings)', neededFor: 'review', alsoSatisfiedBy: [] },
  { role: 'OnlineMeetingTranscript.Read.All', why: 'links to the meeting transcripts in the review (GET …/onlineMeetings/{id}/transcripts)', neededFor: 'review', alsoSatisfiedBy: [] },
  { role: 'GroupMember.Read.All', why: 'the admin group check: members of INCIDENT_ADMIN_GROUP_ID may resolve and reopen any incident (checkMemberGroups)', neededFor: 'adminGroup', alsoSatisfiedBy: ['Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'] },
];

/** Whether a missing permission fails the check (given which optional features are configured). */
function isRequired(p: NeededPermission, features: { readonly adminGroup: boolean }): boolean {
  return p.neededFor === 'core' || (p.neededFor === 'adminGroup' && features.adminGroup);
}

/** What happens without an optional permission, for the doctor's WARN line. */
export function withoutIt(p: NeededPermission): string {
  switch (p.neededFor) {
    case 'calendar': return '+calendar fails without it';
    case 'meetingChat': return "the meeting's chat gets no incident card; the card says why";
    case 'review': return 'the resolved card and export lack these review facts and say why';
    default: return 'INCIDENT_ADMIN_GROUP_ID is not set';
  }
}

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export interface PermissionComparison {
  readonly granted: readonly NeededPermission[];
  readonly missingRequired: readonly NeededPermission[];
  readonly missingOptional: readonly NeededPermission[];
  /** Granted roles incident-bridge does not use. */
  readonly unused: readonly string[];
}

export function comparePermissions(roles: readonly string[], features: { readonly adminGroup: boolean }): PermissionComparison {
  const have = new Set(roles.map((r) => r.toLowerCase()));
  const has = (p: NeededPermission): boolean => [p.role, ...p.alsoSatisfiedBy].some((r) => have.has(r.toLowerCase()));
  const known = new Set(NEEDED_GRAPH_PERMISSIONS.flatMap((p) => [p.role, ...p.alsoSatisfiedBy]).map((r) => r.toLowerCase()));
  return {
    granted: NEEDED_GRAPH_PERMISSIONS.filter(has),
    missingRequired: NEEDED_GRAPH_PERMISSIONS.filter((p) => isRequired(p, features) && !has(p)),
    missingOptional: NEEDED_GRAPH_PERMISSIONS.filter((p) => !isRequired(p, features) && !has(p)),
    unused: roles.filter((r) => !known.has(r.toLowerCase())),
  };
}

/** The exact steps that grant `roles` to the app (or managed identity) and consent to them. */
export function grantPermissionSteps(roles: readonly string[], ctx: { credential: GraphCredentialKind; appId?: string; servicePrincipalId?: string; tenantId?: string }): string[] {
  const app = ctx.appId ?? '<app id>';
  const lines = [
    `GRAPH=${GRAPH_APP_ID}`,
    `role() { az ad sp show --id $GRAPH --query "appRoles[?value=='$1'].id" -o tsv; }`,
  ];
  if (ctx.credential === 'managedIdentity') {
    const mi = ctx.servicePrincipalId ?? '<managed identity object (principal) id>';
    lines.push(
      `MI=${mi}`,
      'GRAPH_SP=$(az ad sp show --id $GRAPH --query id -o tsv)',
      `for r in ${roles.join(' ')}; do`,
      '  az rest --method POST --uri https://graph.microsoft.com/v1.0/servicePrincipals/$MI/appRoleAssignments \\',
      '    --body "{\\"principalId\\":\\"$MI\\",\\"resourceId\\":\\"$GRAPH_SP\\",\\"appRoleId\\":\\"$(role $r)\\"}"',
      'done',
      '(a managed identity has no consent screen: the assignment is the consent; needs Privileged Role Administrator or Global Administrator)',
    );
  } else {
    lines.push(
      `az ad app permission add --id ${app} --api $GRAPH --api-permissions ${roles.map((r) => `$(role ${r})=Role`).join(' ')}`,
      `az ad app permission admin-consent --id ${app}`,
      `or in the portal: Entra admin center > App registrations > ${app} > API permissions > Add a permission > Microsoft Graph > Application permissions > ${roles.join(', ')} > Add permissions, then "Grant admin consent for <tenant>"`,
    );
  }
  lines.push('then run `npm run doctor` again: only tokens issued after the consent carry the new roles (allow a few minutes).');
  return lines;
}
