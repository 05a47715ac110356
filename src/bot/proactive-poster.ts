/**
 * Posts a new card into a stored conversation (alert-opened incidents, alert notices). Sent with the Connector's
 * sendToConversation (POST /v3/conversations/{id}/activities), not as a reply: continueConversation's turn would
 * make TurnContext.sendActivity a replyToActivity to its synthetic continuation activity. In a channel, a send to
 * the channel's conversation id (no ";messageid=") starts a new thread — inferred: Teams documents creating the
 * thread with createConversation (channelData.channel.id); sendToConversation on the channel id is the Bot
 * Connector's documented "send to conversation" and is what Teams bots commonly use for a new channel post.
 */
import { TurnContext, type Activity, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { AdaptiveCard } from '../cards/adaptive-card';
import { cardActivity } from './turn-command-context';

/** The part of botframework-connector's ConnectorClient used here (the adapter puts the client in turnState). */
interface Conversations {
  readonly conversations: { sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<{ id?: string }> };
}

export function proactivePoster(adapter: CloudAdapter, appId: string): (conversationReference: Readonly<Record<string, unknown>>, card: AdaptiveCard) => Promise<string> {
  return async (conversationReference, card) => {
    const ref = conversationReference as Partial<ConversationReference>;
    let id = '';
    await adapter.continueConversationAsync(appId, ref, async (context) => {
      const client = context.turnState.get<Conversations>(context.adapter.ConnectorClientKey);
      const activity = TurnContext.applyConversationReference({ ...cardActivity(card) }, ref);
      delete activity.replyToId;
      const conversationId = activity.conversation?.id;
      if (!conversationId) throw new Error('the stored conversation reference names no conversation');
      const sent = await client.conversations.sendToConversation(conversationId, activity);
      id = sent.id ?? '';
    });
    return id;
  };
}
