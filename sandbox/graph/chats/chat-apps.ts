/**
 * Apps installed in a chat (Graph v1.0):
 *   POST /chats/{chatId}/installedApps  {"teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{id}"}
 *        → 201 Created, no body (chat-post-installedapps.md). Application permission TeamsAppInstallation.ReadWriteSelfForChat.All
 *        (or a higher one: Chat.Manage.Chat, TeamsAppInstallation.ManageSelectedForChat.All, …ReadWriteAndConsentForChat.All,
 *        …ReadWriteAndConsentSelfForChat.All, …ReadWriteForChat.All); without it 403 "Missing role permissions…" (app-roles.ts).
 *   GET  /chats/{chatId}/installedApps  → 200 {value: [teamsAppInstallation]}
 * "If the chat is associated with an onlineMeeting instance, then, effectively, the teamsApp will get installed to the
 * meeting." The sandbox knows the chats of its online meetings (chatInfo.threadId); any other chat id is 404 (inferred
 * wording). Installing an app already installed answers 409 Conflict (inferred). The sandbox's app catalog accepts any
 * catalog id (it has no catalog of its own; inferred): "Self" cannot be checked without one.
 */
import { randomUUID } from 'node:crypto';
import { requireAppRole } from '../app-roles';
import { odataContext, type GraphResponse, type GraphRouter } from '../graph-context';
import { GraphError, badRequest } from '../graph-errors';
import { isJsonObject } from '../../http/http-util';
import type { MeetingStore } from '../meetings/meeting-store';

const CHAT_INSTALL_ROLES = [
  'TeamsAppInstallation.ReadWriteSelfForChat.All',
  'Chat.Manage.Chat',
  'TeamsAppInstallation.ManageSelectedForChat.All',
  'TeamsAppInstallation.ReadWriteAndConsentForChat.All',
  'TeamsAppInstallation.ReadWriteAndConsentSelfForChat.All',
  'TeamsAppInstallation.ReadWriteForChat.All',
] as const;

const BIND = /\/appCatalogs\/teamsApps\/([^/?#]+)$/;

export interface ChatAppDeps {
  readonly store: MeetingStore;
}

/** The chats the sandbox knows: every online meeting's chat. Installations per chat id, kept until reset. */
const installs = new WeakMap<MeetingStore, Map<string, { id: string; teamsAppId: string }[]>>();

function chatExists(store: MeetingStore, chatId: string): boolean {
  return store.all().some((m) => isJsonObject(m.meeting['chatInfo']) && m.meeting['chatInfo']['threadId'] === chatId);
}

function chatNotFound(chatId: string): GraphError {
  return new GraphError(404, 'NotFound', `Chat '${chatId}' was not found.`);
}

/** The installations of the store's chats (cleared with the store: a chat whose meeting is gone has none). */
function installationsOf(store: MeetingStore): Map<string, { id: string; teamsAppId: string }[]> {
  let m = installs.get(store);
  if (!m) {
    m = new Map();
    installs.set(store, m);
  }
  for (const chatId of [...m.keys()]) if (!chatExists(store, chatId)) m.delete(chatId);
  return m;
}

export function registerChatAppRoutes(router: GraphRouter, deps: ChatAppDeps): void {
  router.add('POST', '/chats/{chatId}/installedApps', (req, params): GraphResponse => {
    requireAppRole(req, CHAT_INSTALL_ROLES);
    const chatId = params['chatId'] ?? '';
    if (!chatExists(deps.store, chatId)) throw chatNotFound(chatId);
    const body = req.body;
    const bind = isJsonObject(body) ? body['teamsApp@odata.bind'] : undefined;
    const m = typeof bind === 'string' ? BIND.exec(bind) : null;
    if (m?.[1] === undefined) throw badRequest("The request body must bind 'teamsApp@odata.bind' to https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{id}.");
    const teamsAppId = decodeURIComponent(m[1]);
    const all = installationsOf(deps.store);
    const here = all.get(chatId) ?? [];
    if (here.some((i) => i.teamsAppId === teamsAppId)) throw new GraphError(409, 'Conflict', 'The app is already installed in this chat.');
    all.set(chatId, [...here, { id: randomUUID(), teamsAppId }]);
    return { status: 201 };
  });

  router.add('GET', '/chats/{chatId}/installedApps', (req, params): GraphResponse => {
    requireAppRole(req, [...CHAT_INSTALL_ROLES, 'TeamsAppInstallation.ReadForChat.All']);
    const chatId = params['chatId'] ?? '';
    if (!chatExists(deps.store, chatId)) throw chatNotFound(chatId);
    const value = (installationsOf(deps.store).get(chatId) ?? []).map((i) => ({ id: i.id, teamsApp: { id: i.teamsAppId } }));
    return { status: 200, body: { '@odata.context': odataContext(req, `chats('${chatId}')/installedApps`), value } };
  });
}
