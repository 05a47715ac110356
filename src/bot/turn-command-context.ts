/** CommandContext over a botbuilder TurnContext. */
import { ActivityTypes, CardFactory, TurnContext, type ConversationReference } from 'botbuilder';
import type { AdaptiveCard } from '../cards/adaptive-card';
import type { CommandContext, ConversationType } from '../commands/command-context';
import type { Logger } from '../log';
import { timeZoneOf } from './command-input';
import type { MemberCache } from './member-cache';
import { memberLookupFor } from './member-lookup';

interface TeamsChannelData {
  tenant?: { id?: string };
  team?: { id?: string };
}

export function cardActivity(card: AdaptiveCard): { type: 'message'; attachments: ReturnType<typeof CardFactory.adaptiveCard>[] } {
  return { type: ActivityTypes.Message as 'message', attachments: [CardFactory.adaptiveCard(card)] };
}

export function turnCommandContext(context: TurnContext, cache: MemberCache, log: Logger): CommandContext {
  const a = context.activity;
  const channelData = (a.channelData ?? {}) as TeamsChannelData;
  const conversationType = (['personal', 'groupChat', 'channel'].includes(a.conversation.conversationType ?? '')
    ? a.conversation.conversationType
    : 'personal') as ConversationType;
  return {
    activityId: a.id ?? '',
    tenantId: channelData.tenant?.id ?? a.conversation.tenantId ?? '',
    conversationId: a.conversation.id,
    conversationType,
    // A team id counts only in a channel: a group chat or personal chat carrying one must not reach the team's incidents.
    teamId: conversationType === 'channel' ? channelData.team?.id : undefined,
    from: { displayName: a.from.name ?? 'someone', aadObjectId: a.from.aadObjectId },
    timeZone: timeZoneOf(a),
    members: memberLookupFor(context, cache),
    log,
    async sendTyping() {
      await context.sendActivity({ type: ActivityTypes.Typing });
    },
    async sendText(text) {
      await context.sendActivity({ type: ActivityTypes.Message, text, textFormat: 'plain' });
    },
    async sendMarkdown(text) {
      await context.sendActivity({ type: ActivityTypes.Message, text, textFormat: 'markdown' });
    },
    async sendCard(card) {
      const res = await context.sendActivity(cardActivity(card));
      return res?.id ?? '';
    },
    async updateCard(activityId, card) {
      await context.updateActivity({ ...cardActivity(card), id: activityId });
    },
    conversationReference() {
      return TurnContext.getConversationReference(a) as ConversationReference & Record<string, unknown>;
    },
  };
}
