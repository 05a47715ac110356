/**
 * Security groups, enough for an admin check:
 *   GET  /groups/{id}                             → 200 group (v1.0 default property set, $select)
 *   POST /users/{id | userPrincipalName}/checkMemberGroups {"groupIds":[…]}
 *        → 200 {"@odata.context":"…/$metadata#Collection(Edm.String)","value":[ids the user is a member of]}
 *
 * Documented (api-reference/v1.0/api/directoryobject-checkmembergroups.md, group-get.md):
 *  - checkMemberGroups is an action on the user (id or UPN); its one parameter, groupIds, holds up to
 *    20 group object ids; the answer lists, from those, the groups the user is a (transitive) member of.
 *  - GET /groups/{id} returns the default properties unless $select names others.
 * Inferred (no document shows them): the wording of the 400 for more than 20 ids and for a groupIds
 * entry that is not a GUID ("Invalid object identifier '…'."), and that unknown group ids are simply
 * left out of the answer. Unknown users and groups answer like the directory's other 404s.
 */
import type { SandboxGroup, SandboxUser } from '../users/directory';
import { odataContext, type GraphRequest, type GraphResponse, type GraphRouter } from '../graph-context';
import { GraphError, badRequest, cannotConvertLiteral, notAValidActionParameter, userNotFound } from '../graph-errors';
import { isJsonObject } from '../../http/http-util';
import { parseSelect, type SelectVocabulary } from '../odata-select';
import type { UserDirectory } from '../users/user-directory';

const MAX_CHECK_MEMBER_GROUP_IDS = 20;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The properties GET /groups/{id} returns without $select, in Graph's order (group-get.md example 1). */
const DEFAULT_PROPERTIES = [
  'id',
  'deletedDateTime',
  'classification',
  'createdDateTime',
  'description',
  'displayName',
  'expirationDateTime',
  'groupTypes',
  'isAssignableToRole',
  'mail',
  'mailEnabled',
  'mailNickname',
  'membershipRule',
  'membershipRuleProcessingState',
  'onPremisesDomainName',
  'onPremisesLastSyncDateTime',
  'onPremisesNetBiosName',
  'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'preferredDataLocation',
  'preferredLanguage',
  'proxyAddresses',
  'renewedDateTime',
  'resourceBehaviorOptions',
  'resourceProvisioningOptions',
  'securityEnabled',
  'securityIdentifier',
  'theme',
  'visibility',
  'onPremisesProvisioningErrors',
] as const;

const GROUP_VOCABULARY: SelectVocabulary = {
  typeName: 'microsoft.graph.group',
  selectable: [...DEFAULT_PROPERTIES],
};

/** Mutable membership over the seed groups; reset() restores the seed. */
export class GroupDirectory {
  private readonly seed: readonly SandboxGroup[];
  private readonly members = new Map<string, Set<string>>();

  constructor(groups: readonly SandboxGroup[]) {
    this.seed = groups;
    this.reset();
  }

  find(id: string): SandboxGroup | undefined {
    const k = id.toLowerCase();
    return this.seed.find((g) => g.id.toLowerCase() === k);
  }

  all(): readonly SandboxGroup[] {
    return this.seed;
  }

  isMember(groupId: string, userId: string): boolean {
    return this.members.get(groupId.toLowerCase())?.has(userId.toLowerCase()) ?? false;
  }

  /** Current direct members (user object ids, lower-cased). */
  memberIds(groupId: string): string[] {
    return [...(this.members.get(groupId.toLowerCase()) ?? [])];
  }

  add(groupId: string, userId: string): void {
    this.setFor(groupId).add(userId.toLowerCase());
  }

  remove(groupId: string, userId: string): void {
    this.setFor(groupId).delete(userId.toLowerCase());
  }

  reset(): void {
    this.members.clear();
    for (const g of this.seed) this.members.set(g.id.toLowerCase(), new Set(g.memberIds.map((m) => m.toLowerCase())));
  }

  private setFor(groupId: string): Set<string> {
    const set = this.members.get(groupId.toLowerCase());
    if (set === undefined) throw new RangeError(`unknown sandbox group ${groupId}`);
    return set;
  }
}

/** A directory SID-style identifier derived from the object id, as Entra derives S-1-12-1-… from the GUID bytes. */
function securityIdentifier(id: string): string {
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  // The GUID's in-memory layout (first three fields little-endian), read as four little-endian uint32s.
  const le = Buffer.concat([
    Buffer.from(bytes.subarray(0, 4)).reverse(),
    Buffer.from(bytes.subarray(4, 6)).reverse(),
    Buffer.from(bytes.subarray(6, 8)).reverse(),
    bytes.subarray(8, 16),
  ]);
  const parts = [0, 4, 8, 12].map((o) => le.readUInt32LE(o));
  return `S-1-12-1-${parts.join('-')}`;
}

function groupProperties(g: SandboxGroup): Record<string, unknown> {
  return {
    id: g.id,
    deletedDateTime: null,
    classification: null,
    createdDateTime: g.createdDateTime,
    description: g.description,
    displayName: g.displayName,
    expirationDateTime: null,
    groupTypes: [],
    isAssignableToRole: null,
    mail: null,
    mailEnabled: false,
    mailNickname: g.mailNickname,
    membershipRule: null,
    membershipRuleProcessingState: null,
    onPremisesDomainName: null,
    onPremisesLastSyncDateTime: null,
    onPremisesNetBiosName: null,
    onPremisesSamAccountName: null,
    onPremisesSecurityIdentifier: null,
    onPremisesSyncEnabled: null,
    preferredDataLocation: null,
    preferredLanguage: null,
    proxyAddresses: [],
    renewedDateTime: g.createdDateTime,
    resourceBehaviorOptions: [],
    resourceProvisioningOptions: [],
    securityEnabled: true,
    securityIdentifier: securityIdentifier(g.id),
    theme: null,
    visibility: null,
    onPremisesProvisioningErrors: [],
  };
}

function invalidObjectIdentifier(id: string): GraphError {
  return new GraphError(400, 'Request_BadRequest', `Invalid object identifier '${id}'.`);
}

function parseGroupIds(body: unknown): string[] {
  if (body === undefined) throw badRequest('Empty Payload. JSON content expected.');
  if (!isJsonObject(body)) throw badRequest('Invalid request body: a JSON object is expected.');
  for (const key of Object.keys(body)) {
    if (key.startsWith('@')) continue;
    if (key !== 'groupIds') throw notAValidActionParameter(key, 'checkMemberGroups');
  }
  const ids = body['groupIds'];
  if (ids === undefined || ids === null) {
    throw badRequest("The 'groupIds' parameter is required.", 'Request_BadRequest');
  }
  if (!Array.isArray(ids)) throw cannotConvertLiteral(ids, 'Collection(Edm.String)');
  if (ids.length > MAX_CHECK_MEMBER_GROUP_IDS) {
    throw new GraphError(
      400,
      'Request_BadRequest',
      `The number of group ids (${ids.length}) exceeds the maximum of ${MAX_CHECK_MEMBER_GROUP_IDS} allowed in one checkMemberGroups request.`,
    );
  }
  return ids.map((id) => {
    if (typeof id !== 'string') throw cannotConvertLiteral(id, 'Edm.String');
    if (!GUID.test(id)) throw invalidObjectIdentifier(id);
    return id;
  });
}

export function registerGroupRoutes(router: GraphRouter, deps: { readonly users: UserDirectory; readonly groups: GroupDirectory }): void {
  router.add('GET', '/groups/{groupId}', (req: GraphRequest, params): GraphResponse => {
    const id = params['groupId'] ?? '';
    if (!GUID.test(id)) throw invalidObjectIdentifier(id);
    const group = deps.groups.find(id);
    if (group === undefined) throw userNotFound(id);
    const select = parseSelect(req.query.get('$select'), GROUP_VOCABULARY);
    const all = groupProperties(group);
    const out: Record<string, unknown> = {
      '@odata.context': odataContext(req, select === undefined ? 'groups/$entity' : `groups(${select.join(',')})/$entity`),
    };
    for (const p of select ?? DEFAULT_PROPERTIES) out[p] = all[p];
    return { status: 200, body: out };
  });

  router.add('POST', '/users/{userKey}/checkMemberGroups', (req: GraphRequest, params): GraphResponse => {
    const key = params['userKey'] ?? '';
    const user: SandboxUser | undefined = deps.users.find(key);
    if (user === undefined) throw userNotFound(key);
    const ids = parseGroupIds(req.body);
    const seen = new Set<string>();
    const value = ids.filter((id) => {
      const k = id.toLowerCase();
      if (seen.has(k)) return false;
      seen.add(k);
      return deps.groups.find(id) !== undefined && deps.groups.isMember(id, user.id);
    });
    return { status: 200, body: { '@odata.context': odataContext(req, 'Collection(Edm.String)'), value } };
  });
}
