/** What the sandbox call tests send and read: a service-hosted-media join body, and roster/state accessors. */
import { SANDBOX_TENANT_ID } from '../../sandbox/graph/users/directory';

type Json = Record<string, unknown>;

/** POST /communications/calls body joining a meeting's call (wire-notes §2). */
export function joinCallBody(m: { threadId: string; organizerId: string }, callbackUri: string, over: Json = {}, prefetch?: { uri: string; resourceId: string }): Json {
  return {
    '@odata.type': '#microsoft.graph.call',
    callbackUri,
    requestedModalities: ['audio'],
    mediaConfig: {
      '@odata.type': '#microsoft.graph.serviceHostedMediaConfig',
      ...(prefetch ? { preFetchMedia: [prefetch] } : {}),
    },
    chatInfo: { '@odata.type': '#microsoft.graph.chatInfo', threadId: m.threadId, messageId: '0' },
    meetingInfo: {
      '@odata.type': '#microsoft.graph.organizerMeetingInfo',
      organizer: {
        '@odata.type': '#microsoft.graph.identitySet',
        user: { '@odata.type': '#microsoft.graph.identity', id: m.organizerId, tenantId: SANDBOX_TENANT_ID },
      },
      allowConversationWithoutHost: true,
    },
    tenantId: SANDBOX_TENANT_ID,
    ...over,
  };
}

export const stateOf = (i: Json): unknown => (i['resourceData'] as Json | undefined)?.['state'];
export const isRoster = (i: Json): boolean => String(i['resourceUrl'] ?? i['resource']).endsWith('/participants');
/** The user ids in a roster notification item (bots and guests left out). */
export const rosterUserIds = (i: Json): string[] =>
  (i['resourceData'] as Json[])
    .map((p) => ((p['info'] as Json)['identity'] as Json)['user'] as Json | undefined)
    .filter((u): u is Json => u !== undefined)
    .map((u) => u['id'] as string);
