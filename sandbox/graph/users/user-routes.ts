/**
 * GET /users/{id | userPrincipalName} (directly and as a $batch item), serving the user resource's v1.0
 * default property set unless $select asks for others. The bot never lists users, so GET /users is not served.
 */
import type { SandboxUser } from './directory';
import { odataContext, type GraphRequest, type GraphResponse, type GraphRouter } from '../graph-context';
import { userNotFound } from '../graph-errors';
import { parseSelect, type SelectVocabulary } from '../odata-select';
import type { UserDirectory } from './user-directory';

/** The properties GET /users returns without $select, in Graph's order. */
const DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

const EXTRA_PROPERTIES = [
  'accountEnabled',
  'userType',
  'usageLocation',
  'companyName',
  'department',
  'otherMails',
  'proxyAddresses',
] as const;

const USER_VOCABULARY: SelectVocabulary = {
  typeName: 'microsoft.graph.user',
  selectable: [...DEFAULT_PROPERTIES, ...EXTRA_PROPERTIES],
};

function userProperties(u: SandboxUser): Record<string, unknown> {
  return {
    businessPhones: [...(u.businessPhones ?? [])],
    displayName: u.displayName,
    givenName: u.givenName,
    jobTitle: u.jobTitle,
    mail: u.mail,
    mobilePhone: u.mobilePhone ?? null,
    officeLocation: u.officeLocation ?? null,
    preferredLanguage: u.preferredLanguage ?? null,
    surname: u.surname,
    userPrincipalName: u.userPrincipalName,
    id: u.id,
    accountEnabled: true,
    userType: 'Member',
    usageLocation: 'US',
    companyName: null,
    department: null,
    otherMails: [],
    proxyAddresses: u.mail === null ? [] : [`SMTP:${u.mail}`],
  };
}

function project(u: SandboxUser, select: readonly string[] | undefined): Record<string, unknown> {
  const all = userProperties(u);
  const out: Record<string, unknown> = {};
  for (const p of select ?? DEFAULT_PROPERTIES) out[p] = all[p];
  return out;
}

function getUser(directory: UserDirectory) {
  return (req: GraphRequest, params: Readonly<Record<string, string>>): GraphResponse => {
    const key = params['userKey'] ?? '';
    const user = directory.find(key);
    if (user === undefined) throw userNotFound(key);
    const select = parseSelect(req.query.get('$select'), USER_VOCABULARY);
    const fragment = select === undefined ? 'users/$entity' : `users(${select.join(',')})/$entity`;
    return { status: 200, body: { '@odata.context': odataContext(req, fragment), ...project(user, select) } };
  };
}

export function registerUserRoutes(router: GraphRouter, directory: UserDirectory): void {
  router.add('GET', '/users/{userKey}', getUser(directory));
}
