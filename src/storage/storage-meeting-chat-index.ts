/** MeetingChatIndex on botbuilder's Storage: one small item per meeting chat id → incident id (last writer wins). */
import type { Storage, StoreItem } from 'botbuilder';
import type { MeetingChatIndex } from '../incidents/meeting-chat-ports';

interface ChatLinkItem extends StoreItem {
  incidentId: string;
}

export class StorageMeetingChatIndex implements MeetingChatIndex {
  constructor(private readonly storage: Storage, private readonly prefix = 'incident-bridge') {}

  private key(chatId: string): string {
    return `${this.prefix}/meeting-chat/${encodeURIComponent(chatId)}`;
  }

  async link(chatId: string, incidentId: string): Promise<void> {
    await this.storage.write({ [this.key(chatId)]: { incidentId, eTag: '*' } satisfies ChatLinkItem });
  }

  async incidentFor(chatId: string): Promise<string | undefined> {
    const key = this.key(chatId);
    const items = await this.storage.read([key]);
    return (items[key] as ChatLinkItem | undefined)?.incidentId;
  }
}
