/**
 * Which meeting a join request names, and whether the app may join it (application-post-calls.md):
 * tenant checks fail synchronously (403 7505); wrong meeting coordinates are the asynchronous 400/2203
 * (201, `establishing`, then `terminated`).
 */
import { isJsonObject } from '../../http/http-util';
import type { MeetingStore, StoredMeeting } from '../meetings/meeting-store';
import type { SandboxUser } from '../users/directory';
import type { UserDirectory } from '../users/user-directory';
import { RESULT_INFO, tenantMismatch, type JoinCallRequest, type ResultInfo } from './call-resources';

export interface ResolvedMeeting {
  readonly meeting: StoredMeeting | null;
  readonly threadId: string | null;
  readonly chatInfo: Record<string, unknown> | null;
  readonly failure: ResultInfo | null;
}

/** The chat thread of a stored meeting ({threadId, messageId}); undefined without one. */
export function chatOf(m: StoredMeeting): { threadId: string; messageId: string } | undefined {
  const c = m.meeting['chatInfo'];
  if (!isJsonObject(c) || typeof c['threadId'] !== 'string') return undefined;
  return { threadId: c['threadId'], messageId: typeof c['messageId'] === 'string' ? c['messageId'] : '0' };
}

/**
 * Tenant checks (synchronous 403 7505, see tenantMismatch()): the root tenantId must be present and
 * be the tenant the app's request is authorized in (the sandbox tenant). organizer.user.tenantId
 * missing or different from the root: also 7505 (inferred from wire-notes "misplacing it gives 7505").
 */
export function checkTenant(request: JoinCallRequest, tenantId: string): void {
  const root = request.tenantId;
  if (root === undefined || root.toLowerCase() !== tenantId.toLowerCase()) throw tenantMismatch();
  if (request.meetingInfo.kind === 'organizer') {
    const org = request.meetingInfo.organizerTenantId;
    if (org === undefined || org.toLowerCase() !== root.toLowerCase()) throw tenantMismatch();
  }
}

/** Finds the meeting the join names; a mismatch is the asynchronous 400/2203. */
export function resolveMeeting(request: JoinCallRequest, store: MeetingStore): ResolvedMeeting {
  const all = store.all();
  const requestedChat = request.chatInfo
    ? { '@odata.type': '#microsoft.graph.chatInfo', threadId: request.chatInfo.threadId, messageId: request.chatInfo.messageId, replyChainMessageId: request.chatInfo.replyChainMessageId }
    : null;
  const fail = { meeting: null, threadId: null, chatInfo: requestedChat, failure: RESULT_INFO.badJoinRequest };

  let meeting: StoredMeeting | undefined;
  if (request.meetingInfo.kind === 'organizer') {
    const chat = request.chatInfo;
    if (chat === undefined) return fail;
    meeting = all.find((m) => chatOf(m)?.threadId === chat.threadId);
    if (meeting === undefined) return fail;
    if (chatOf(meeting)?.messageId !== chat.messageId) return fail;
    if (meeting.organizerId.toLowerCase() !== request.meetingInfo.organizerId.toLowerCase()) return fail;
  } else {
    const { joinMeetingId, passcode } = request.meetingInfo;
    meeting = all.find((m) => {
      const s = m.meeting['joinMeetingIdSettings'];
      return isJsonObject(s) && s['joinMeetingId'] === joinMeetingId.replace(/\s+/g, '');
    });
    if (meeting === undefined) return fail;
    const settings = meeting.meeting['joinMeetingIdSettings'];
    const required = isJsonObject(settings) && settings['isPasscodeRequired'] === true;
    if (required && isJsonObject(settings) && settings['passcode'] !== passcode) return fail; // inferred: 2203
    const found = chatOf(meeting);
    if (request.chatInfo !== undefined && request.chatInfo.threadId !== found?.threadId) return fail;
  }
  const chat = chatOf(meeting);
  if (chat === undefined) return fail;
  return {
    meeting,
    threadId: chat.threadId,
    chatInfo: { '@odata.type': '#microsoft.graph.chatInfo', threadId: chat.threadId, messageId: chat.messageId, replyChainMessageId: null },
    failure: null,
  };
}

/** The directory users a stored meeting lists as attendees (by id, else by upn), each once. */
export function invitedUsers(stored: StoredMeeting, directory: UserDirectory): SandboxUser[] {
  const participants = stored.meeting['participants'];
  const attendees = isJsonObject(participants) && Array.isArray(participants['attendees']) ? participants['attendees'] : [];
  const users: SandboxUser[] = [];
  for (const a of attendees) {
    if (!isJsonObject(a)) continue;
    const identity = a['identity'];
    const user = isJsonObject(identity) && isJsonObject(identity['user']) ? identity['user'] : undefined;
    const id = user !== undefined && typeof user['id'] === 'string' ? user['id'] : undefined;
    const upn = typeof a['upn'] === 'string' ? a['upn'] : undefined;
    const found = (id !== undefined ? directory.findById(id) : undefined) ?? (upn !== undefined ? directory.find(upn) : undefined);
    if (found !== undefined && !users.some((q) => q.id === found.id)) users.push(found);
  }
  return users;
}
