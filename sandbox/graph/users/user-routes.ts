/**
 * GET /users/{id | userPrincipalName} and GET /users (list with $filter/$search/$select/$top/
 * $orderby/$count, paged with @odata.nextLink), serving the user resource's v1.0 default
 * property set unless $select asks for others.
 */
import type { SandboxUser } from './directory';
import { odataContext, type GraphRequest, type GraphResponse, type GraphRouter } from '../graph-context';
import { GraphError, badRequest, unsupportedQuery, userNotFound } from '../graph-errors';
import { parseFilter, parseSearch, parseSelect, parseTop, type Predicate, type QueryVocabulary } from './odata-query';
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

export const USER_VOCABULARY: QueryVocabulary = {
  typeName: 'microsoft.graph.user',
  selectable: [...DEFAULT_PROPERTIES, ...EXTRA_PROPERTIES],
  filterable: ['id', 'displayName', 'givenName', 'surname', 'mail', 'userPrincipalName', 'jobTitle'],
};

const DEFAULT_PAGE_SIZE = 100;

export function userProperties(u: SandboxUser): Record<string, unknown> {
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

function reader(u: SandboxUser): (p: string) => string | null | undefined {
  const all = userProperties(u);
  return (p) => {
    const v = all[p];
    return typeof v === 'string' || v === null ? v : undefined;
  };
}

function isEventual(req: GraphRequest): boolean {
  return (req.headers['consistencylevel'] ?? '').toLowerCase() === 'eventual';
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

function encodeSkipToken(offset: number): string {
  return Buffer.from(`RFNwdAIAAQ:${offset}`).toString('base64url');
}

function decodeSkipToken(token: string): number {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const m = /^RFNwdAIAAQ:(\d+)$/.exec(text);
  if (m?.[1] === undefined) throw badRequest(`Invalid $skiptoken value '${token}'.`, 'Request_BadRequest');
  return Number(m[1]);
}

function listUsers(directory: UserDirectory) {
  return (req: GraphRequest): GraphResponse => {
    const q = req.query;
    const eventual = isEventual(req);
    const count = (q.get('$count') ?? '').toLowerCase() === 'true';
    if (count && !eventual) throw new GraphError(400, 'Request_BadRequest', '$count is not currently supported.');
    const advanced = eventual && count;

    const select = parseSelect(q.get('$select'), USER_VOCABULARY);
    const top = parseTop(q.get('$top'));
    const filter = parseFilter(q.get('$filter'), USER_VOCABULARY, advanced);
    const search = parseSearch(q.get('$search'), USER_VOCABULARY, eventual);
    const orderby = q.get('$orderby');
    if (orderby !== null && (filter !== undefined || search !== undefined) && !advanced) {
      throw unsupportedQuery('Sorting not supported for current query.');
    }

    const predicates: Predicate[] = [filter, search].filter((p): p is Predicate => p !== undefined);
    let users = directory.all().filter((u) => predicates.every((p) => p(reader(u))));
    if (orderby !== null) users = sortUsers(users, orderby);

    const pageSize = top ?? DEFAULT_PAGE_SIZE;
    const skipToken = q.get('$skiptoken');
    const offset = skipToken === null ? 0 : decodeSkipToken(skipToken);
    const page = users.slice(offset, offset + pageSize);

    const body: Record<string, unknown> = {
      '@odata.context': odataContext(req, select === undefined ? 'users' : `users(${select.join(',')})`),
    };
    if (count) body['@odata.count'] = users.length;
    if (offset + pageSize < users.length) {
      const next = new URLSearchParams(q);
      next.delete('$skiptoken');
      next.set('$skiptoken', encodeSkipToken(offset + pageSize));
      body['@odata.nextLink'] = `${req.serviceRoot}/users?${next.toString()}`;
    }
    body['value'] = page.map((u) => project(u, select));
    return { status: 200, body };
  };
}

function sortUsers(users: readonly SandboxUser[], orderby: string): SandboxUser[] {
  const m = /^\s*(displayName|userPrincipalName)(\s+(asc|desc))?\s*$/i.exec(orderby);
  if (m?.[1] === undefined) throw unsupportedQuery('Sorting not supported for current query.');
  const prop = m[1].toLowerCase() === 'displayname' ? 'displayName' : 'userPrincipalName';
  const dir = (m[3] ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
  return [...users].sort((a, b) => dir * a[prop].localeCompare(b[prop]));
}

export function registerUserRoutes(router: GraphRouter, directory: UserDirectory): void {
  router.add('GET', '/users', listUsers(directory));
  router.add('GET', '/users/{userKey}', getUser(directory));
}
