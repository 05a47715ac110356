/**
 * The application permissions (app roles in the token's `roles` claim) each Graph endpoint the sandbox serves
 * needs, from the "Permissions" table of each API reference page (least privileged first), and the 403 Graph
 * answers without them. Endpoints not listed need only a valid token (the call-action pages say the permission
 * that matters is the one that let the app join the call in the first place).
 */
import { GraphError } from '../graph/graph-errors';

interface RoleRequirement {
  /** Any one of these roles will do. */
  readonly anyOf: readonly string[];
  /** The calling service answers in its own shape (code 7504), the directory-backed APIs Authorization_RequestDenied. */
  readonly shape: 'directory' | 'calling';
}

const USER_READ = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const USER_READ_BASIC = ['User.ReadBasic.All', ...USER_READ];
const GROUP_MEMBER_READ = ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All', 'Directory.ReadWrite.All', 'Group.ReadWrite.All'];

function lower(s: string | undefined): string {
  return (s ?? '').toLowerCase();
}

/** True when a create-call body joins an existing meeting (chatInfo / meetingInfo) rather than starting a call. */
function joinsMeeting(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return b['chatInfo'] !== undefined || b['meetingInfo'] !== undefined;
}

/** What a request (segments after the version) needs; undefined when a valid token is enough. */
function requiredRoles(method: string, segments: readonly string[], body: unknown): RoleRequirement | undefined {
  const [first, , third, fourth] = segments.map(lower);
  const m = method.toUpperCase();
  if (first === 'users') {
    if (segments.length === 1) return { anyOf: USER_READ_BASIC, shape: 'directory' };
    if (third === undefined) return { anyOf: USER_READ_BASIC, shape: 'directory' };
    // Meeting artifacts answer in their own wording, checked by their routes (sandbox/graph/app-roles.ts).
    if (third === 'onlinemeetings' && ['attendancereports', 'recordings', 'transcripts'].includes(lower(segments[4]))) return undefined;
    if (third === 'onlinemeetings') {
      return { anyOf: m === 'GET' ? ['OnlineMeetings.Read.All', 'OnlineMeetings.ReadWrite.All'] : ['OnlineMeetings.ReadWrite.All'], shape: 'directory' };
    }
    if (third === 'events' || third === 'calendar' || third === 'calendars') {
      return { anyOf: m === 'GET' ? ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'] : ['Calendars.ReadWrite'], shape: 'directory' };
    }
    if (third === 'checkmembergroups' || third === 'getmembergroups' || third === 'memberof' || third === 'transitivememberof') {
      return { anyOf: GROUP_MEMBER_READ, shape: 'directory' };
    }
    return { anyOf: USER_READ, shape: 'directory' };
  }
  if (first === 'groups') return { anyOf: GROUP_MEMBER_READ, shape: 'directory' };
  if (first === 'communications' && lower(segments[1]) === 'calls') {
    if (segments.length === 2 && m === 'POST') {
      // call-post (create call): joining a meeting needs a JoinGroupCall role; starting a call an Initiate role.
      // Which of the page's four roles applies to which kind of call is inferred from their descriptions.
      return joinsMeeting(body)
        ? { anyOf: ['Calls.JoinGroupCall.All', 'Calls.JoinGroupCallAsGuest.All'], shape: 'calling' }
        : { anyOf: ['Calls.Initiate.All', 'Calls.InitiateGroupCall.All'], shape: 'calling' };
    }
    if (fourth === 'participants' && lower(segments[4]) === 'invite') return { anyOf: ['Calls.InitiateGroupCall.All'], shape: 'calling' };
  }
  return undefined;
}

/** The 403 Graph answers when the token lacks every role of the requirement. */
function missingRoleError(req: RoleRequirement): GraphError {
  if (req.shape === 'calling') {
    return new GraphError(403, '7504', 'Insufficient enterprise tenant permissions, cannot access this API.');
  }
  return new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}

/** Throws the documented 403 when `roles` satisfy none of what the request needs. */
export function enforceRoles(method: string, segments: readonly string[], body: unknown, roles: readonly string[]): void {
  const req = requiredRoles(method, segments, body);
  if (req === undefined) return;
  const granted = new Set(roles.map((r) => r.toLowerCase()));
  if (!req.anyOf.some((r) => granted.has(r.toLowerCase()))) throw missingRoleError(req);
}
