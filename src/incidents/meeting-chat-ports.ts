/**
 * Ports for the incident's life in its meeting's own chat (issue #14): installing the bot there (Graph), posting the
 * card there (the Bot Connector, proactively) and finding the incident from that chat (an index entry).
 * Implemented in src/graph/graph-chat-apps.ts, src/bot/meeting-chat-cards.ts and src/storage/storage-meeting-chat-index.ts.
 */
import type { CardLocation, Incident } from './incident';

export interface ChatAppInstaller {
  /** Installs the bot's Teams app into the chat; an app already there is fine. Throws AppError when refused. */
  installInChat(chatId: string): Promise<'installed' | 'alreadyInstalled'>;
}

export interface ChatCardPoster {
  /** Posts the incident card into another conversation of the same tenant/service as `like`; returns where it is. */
  postCard(incident: Incident, conversationId: string, like: CardLocation): Promise<CardLocation>;
}

export interface MeetingChatIndex {
  link(chatId: string, incidentId: string): Promise<void>;
  incidentFor(chatId: string): Promise<string | undefined>;
}
