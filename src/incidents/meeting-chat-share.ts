/**
 * The incident in its meeting's own chat: once the incident card is posted and the meeting exists, the bot installs
 * itself into the meeting chat (chatInfo.threadId), posts the same card there and links that chat to the incident, so
 * commands typed there find it. Whatever fails (permission, catalog id, Connector), the incident works as before and
 * its card says why the meeting chat has no card. Depends only on ports.
 */
import { toAppError } from '../errors/app-error';
import type { CardLocation, Incident, MeetingChatStatus } from './incident';
import type { IncidentRepository } from './incident-repository';
import type { ChatAppInstaller, ChatCardPoster, MeetingChatIndex } from './meeting-chat-ports';
import type { CardNotifier, Clock } from './ports';

export interface MeetingChatDeps {
  readonly repository: IncidentRepository;
  readonly installer: ChatAppInstaller;
  readonly poster: ChatCardPoster;
  readonly index: MeetingChatIndex;
  readonly cards: CardNotifier;
  readonly clock: Clock;
  readonly onError?: (e: unknown, context: Record<string, unknown>) => void;
}

export class MeetingChatSharing {
  constructor(private readonly deps: MeetingChatDeps) {}

  /** Shares the incident into its meeting chat once (no-op without a meeting, without a card, or when already tried). */
  async share(incident: Incident): Promise<Incident> {
    const { meeting, card } = incident;
    if (!meeting || !card || incident.meetingChat) return incident;
    const chatId = meeting.chatInfo.threadId;
    let status: MeetingChatStatus;
    let posted: CardLocation | undefined;
    try {
      await this.deps.installer.installInChat(chatId);
      // Linked first: commands typed in the meeting chat find the incident even if the post fails.
      await this.deps.index.link(chatId, incident.id);
      posted = await this.deps.poster.postCard(incident, chatId, card);
      status = { status: 'posted', chatId, at: this.deps.clock.now().toISOString() };
    } catch (e: unknown) {
      const err = toAppError(e);
      if (err.code === 'INTERNAL') this.deps.onError?.(e, { incidentId: incident.id, chatId });
      status = { status: 'unavailable', code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
    }
    const updated = await this.deps.repository.update(incident.id, (cur) => ({
      ...cur,
      meetingChat: status,
      ...(posted ? { extraCards: withCard(cur.extraCards, posted) } : {}),
    }));
    await this.deps.cards.update(updated);
    return updated;
  }
}

function withCard(cards: readonly CardLocation[] | undefined, card: CardLocation): CardLocation[] {
  return [...(cards ?? []).filter((c) => c.activityId !== card.activityId), card];
}
