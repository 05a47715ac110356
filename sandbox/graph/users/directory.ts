/**
 * The sandbox's seed directory: one Entra ID tenant and the users the Graph sandbox serves
 * (GET /users) and the connector sandbox turns into Teams roster members.
 *
 * Ids and names are those of Microsoft's public demo tenant. Patti's userPrincipalName is
 * `patti@contoso.com` (not `pattif@…`): Graph's GET /users/{id | userPrincipalName} matches the
 * object id or the UPN only — never `mail` or a proxy address — so the address people use for
 * her has to be her UPN for a lookup by that address to succeed, as it would in a real tenant.
 */

export const SANDBOX_TENANT_ID = '5f0c1e2a-8b7d-4c39-a6e4-2d9f3b1c7a58';

/** A user as the Graph user resource (v1.0 default property set) describes it. */
export interface SandboxUser {
  readonly id: string;
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly mail: string | null;
  readonly givenName: string | null;
  readonly surname: string | null;
  readonly jobTitle: string | null;
  readonly officeLocation?: string | null;
  readonly mobilePhone?: string | null;
  readonly businessPhones?: readonly string[];
  readonly preferredLanguage?: string | null;
}

export const MEGAN_BOWEN: SandboxUser = {
  id: 'ce728733-9298-45dc-96b5-7c46b030fc18',
  displayName: 'Megan Bowen',
  userPrincipalName: 'meganb@contoso.com',
  mail: 'meganb@contoso.com',
  givenName: 'Megan',
  surname: 'Bowen',
  jobTitle: 'Marketing Manager',
  officeLocation: '12/1110',
  mobilePhone: null,
  businessPhones: ['+1 412 555 0109'],
  preferredLanguage: 'en-US',
};

export const ADELE_VANCE: SandboxUser = {
  id: 'b61a73e5-241a-4e8b-bf4f-75ffaf873333',
  displayName: 'Adele Vance',
  userPrincipalName: 'adelev@contoso.com',
  mail: 'adelev@contoso.com',
  givenName: 'Adele',
  surname: 'Vance',
  jobTitle: 'Retail Manager',
  officeLocation: '18/2111',
  mobilePhone: null,
  businessPhones: ['+1 425 555 0109'],
  preferredLanguage: 'en-US',
};

export const PATTI_FERNANDEZ: SandboxUser = {
  id: 'ff825cc6-ef1c-4edb-8f14-d6fe0f5f0cf1',
  displayName: 'Patti Fernandez',
  userPrincipalName: 'patti@contoso.com',
  mail: 'patti@contoso.com',
  givenName: 'Patti',
  surname: 'Fernandez',
  jobTitle: 'President',
  officeLocation: '15/1102',
  mobilePhone: null,
  businessPhones: ['+1 970 555 0105'],
  preferredLanguage: 'en-US',
};

export const ISAIAH_LANGER: SandboxUser = {
  id: '3c54bce8-bba2-4849-86f0-171d9229b464',
  displayName: 'Isaiah Langer',
  userPrincipalName: 'isaiahl@contoso.com',
  mail: 'isaiahl@contoso.com',
  givenName: 'Isaiah',
  surname: 'Langer',
  jobTitle: 'Sales Rep',
  officeLocation: '20/1101',
  mobilePhone: null,
  businessPhones: ['+1 918 555 0101'],
  preferredLanguage: 'en-US',
};

export const ALEX_WILBER: SandboxUser = {
  id: '170c7d5a-a64e-43f2-b171-5cf0bdf2966b',
  displayName: 'Alex Wilber',
  userPrincipalName: 'alexw@contoso.com',
  mail: 'alexw@contoso.com',
  givenName: 'Alex',
  surname: 'Wilber',
  jobTitle: 'Marketing Assistant',
  officeLocation: '131/1104',
  mobilePhone: null,
  businessPhones: ['+1 858 555 0110'],
  preferredLanguage: 'en-US',
};

export const LEE_GU: SandboxUser = {
  id: '23e15805-4e13-46f7-b3b9-4e8854fcb655',
  displayName: 'Lee Gu',
  userPrincipalName: 'leeg@contoso.com',
  mail: 'leeg@contoso.com',
  givenName: 'Lee',
  surname: 'Gu',
  jobTitle: 'Director',
  officeLocation: '23/3101',
  mobilePhone: null,
  businessPhones: ['+1 913 555 0101'],
  preferredLanguage: 'en-US',
};

export const NESTOR_WILKE: SandboxUser = {
  id: '5d2f7d1b-5bbd-426a-aa2a-0d595299db36',
  displayName: 'Nestor Wilke',
  userPrincipalName: 'nestorw@contoso.com',
  mail: 'nestorw@contoso.com',
  givenName: 'Nestor',
  surname: 'Wilke',
  jobTitle: 'Director',
  officeLocation: '36/2121',
  mobilePhone: null,
  businessPhones: ['+1 404 555 0101'],
  preferredLanguage: 'en-US',
};

export const DIEGO_SICILIANI: SandboxUser = {
  id: 'cd091422-a2b0-4ff9-8174-43ed76ef1b12',
  displayName: 'Diego Siciliani',
  userPrincipalName: 'diegos@contoso.com',
  mail: 'diegos@contoso.com',
  givenName: 'Diego',
  surname: 'Siciliani',
  jobTitle: 'HR Manager',
  officeLocation: '14/1108',
  mobilePhone: null,
  businessPhones: ['+1 205 555 0108'],
  preferredLanguage: 'en-US',
};

export const SANDBOX_USERS: readonly SandboxUser[] = [
  MEGAN_BOWEN,
  ADELE_VANCE,
  PATTI_FERNANDEZ,
  ISAIAH_LANGER,
  ALEX_WILBER,
  LEE_GU,
  NESTOR_WILKE,
  DIEGO_SICILIANI,
];

/**
 * A security group as the Graph group resource describes it (not mail-enabled, securityEnabled),
 * with its direct members (user object ids). Groups here contain users only, so membership is
 * always direct and checkMemberGroups' transitivity never comes into play.
 */
export interface SandboxGroup {
  readonly id: string;
  readonly displayName: string;
  readonly description: string | null;
  readonly mailNickname: string;
  readonly createdDateTime: string;
  readonly memberIds: readonly string[];
}

/** Who may run the bot's admin commands: Alex Wilber and Megan Bowen. */
export const INCIDENT_COMMANDERS: SandboxGroup = {
  id: '7d3e9c2a-5b14-4f6e-9a81-0c2d4e6f8a10',
  displayName: 'Incident Commanders',
  description: 'People who may run incident-bridge admin commands.',
  mailNickname: 'incident-commanders',
  createdDateTime: '2024-01-15T09:30:00Z',
  memberIds: [ALEX_WILBER.id, MEGAN_BOWEN.id],
};

export const SANDBOX_GROUPS: readonly SandboxGroup[] = [INCIDENT_COMMANDERS];
