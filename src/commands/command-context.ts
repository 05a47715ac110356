/**
 * What a command handler may do and know about the turn it runs in. Implemented by the bot layer over
 * botbuilder's TurnContext (src/bot/turn-command-context.ts); handlers never see SDK types.
 */
import type { AdaptiveCard } from '../cards/adaptive-card';
import type { Person } from '../incidents/incident';
import type { MemberLookup } from '../incidents/ports';
import type { Logger } from '../log';

export type ConversationType = 'personal' | 'groupChat' | 'channel';

export interface CommandContext {
  readonly activityId: string;
  readonly tenantId: string;
  readonly conversationId: string;
  readonly conversationType: ConversationType;
  readonly teamId?: string;
  readonly from: Person;
  /** IANA zone from the activity (localTimezone / clientInfo entity), when Teams sent one. */
  readonly timeZone?: string;
  readonly members: MemberLookup;
  readonly log: Logger;
  sendTyping(): Promise<void>;
  /** Posts a short plain-text message. */
  sendText(text: string): Promise<void>;
  /** Posts a text message rendered as Markdown (textFormat: markdown). */
  sendMarkdown(text: string): Promise<void>;
  /** Posts a card; returns the new activity's id. */
  sendCard(card: AdaptiveCard): Promise<string>;
  updateCard(activityId: string, card: AdaptiveCard): Promise<void>;
  /** Serialisable reference to this conversation, for proactive updates later. */
  conversationReference(): Readonly<Record<string, unknown>>;
}
