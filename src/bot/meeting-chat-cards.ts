/**
 * ChatCardPoster over the Bot Connector: posts the incident card into another chat proactively. Teams lets a bot that
 * is installed in a chat send to it with the chat id as the conversation id (POST v3/conversations/{chatId}/activities)
 * on the same serviceUrl; the reference is the original card's, with the conversation swapped.
 */
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import { incidentCard } from '../cards/incident-card';
import type { CardLocation, Incident } from '../incidents/incident';
import type { ChatCardPoster } from '../incidents/meeting-chat-ports';
import { AppError } from '../errors/app-error';
import { cardActivity } from './turn-command-context';

export class ConnectorChatCardPoster implements ChatCardPoster {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
  ) {}

  async postCard(incident: Incident, conversationId: string, like: CardLocation): Promise<CardLocation> {
    const original = like.conversationReference as Partial<ConversationReference>;
    const reference: Partial<ConversationReference> = {
      ...original,
      activityId: undefined,
      conversation: {
        id: conversationId,
        isGroup: true,
        conversationType: 'groupChat',
        tenantId: original.conversation?.tenantId ?? incident.tenantId,
        name: '',
      },
    };
    let activityId = '';
    try {
      await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
        // A new message into the chat (sendToConversation), not a reply to the continuation's made-up activity id.
        context.onSendActivities(async (_ctx, activities, next) => {
          for (const a of activities) delete a.replyToId;
          return next();
        });
        const sent = await context.sendActivity(cardActivity(incidentCard(incident)));
        activityId = sent?.id ?? '';
      });
    } catch (e: unknown) {
      const status = (e as { statusCode?: unknown }).statusCode;
      throw new AppError('INTERNAL', `Teams did not accept the card in the meeting chat${typeof status === 'number' ? ` (${status})` : ''}.`, {
        hint: 'The incident works as usual; commands typed in the meeting chat (note, commander me, resolve) still reach it.',
        cause: e,
      });
    }
    return { activityId, conversationReference: reference as Record<string, unknown> };
  }
}
