/**
 * Helpers for e2e tests that hold a conversation with the bot through the harness: messages from a chosen member
 * with real mention entities, card button presses (adaptiveCard/action invokes), and waiting for replies.
 * Each Conversation has its own conversation id, so tests sharing one running app do not see each other's incidents.
 */
import type { CapturedActivity } from './connector/connector-sandbox';
import { cardOf, FIXTURE_MEMBERS, type Harness } from './harness';

export type MemberName = 'Alex Wilber' | 'Megan Bowen' | 'Adele Vance' | 'Isaiah Langer';

const BOT = { id: '28:00000000-0000-0000-0000-0000000b0b01', name: 'IncidentBridge' };

let seq = 0;
function nextId(): string {
  return `${Date.now()}${String(++seq).padStart(4, '0')}`;
}

function member(name: MemberName): { id: string; name: string; aadObjectId: string } {
  const m = FIXTURE_MEMBERS.find((x) => x.name === name);
  const aadObjectId = m?.objectId ?? m?.aadObjectId;
  if (!m?.name || !aadObjectId) throw new Error(`no fixture member ${name}`);
  return { id: m.id, name: m.name, aadObjectId };
}

export interface ConversationOptions {
  /** 'group-chat-start' (default) or 'channel-start'. */
  readonly fixture?: 'group-chat-start' | 'channel-start';
  readonly conversationId?: string;
  /** For channels: the team and channel ids (channelData). */
  readonly teamId?: string;
  readonly channelId?: string;
}

export class Conversation {
  readonly conversationId: string;
  private readonly base: Record<string, unknown>;

  constructor(private readonly h: Harness, opts: ConversationOptions = {}) {
    const fixture = opts.fixture ?? 'group-chat-start';
    const base = h.fixture(fixture);
    const conversation = base['conversation'] as Record<string, unknown>;
    this.conversationId = opts.conversationId ?? (fixture === 'channel-start'
      ? `${opts.channelId ?? `19:channel${nextId()}@thread.tacv2`};messageid=${nextId()}`
      : `19:chat${nextId()}@thread.v2`);
    let channelData = base['channelData'] as Record<string, unknown>;
    if (fixture === 'channel-start' && opts.teamId) {
      const channel = opts.channelId ?? this.conversationId.split(';')[0]!;
      channelData = { ...channelData, teamsTeamId: opts.teamId, teamsChannelId: channel, team: { id: opts.teamId }, channel: { id: channel } };
    }
    this.base = { ...base, conversation: { ...conversation, id: this.conversationId }, channelData };
  }

  /** The activity of a message `text` (after the bot's mention) from `from`; `<@Name>` becomes a real mention. */
  message(text: string, from: MemberName = 'Alex Wilber', id = nextId()): Record<string, unknown> {
    const entities: Record<string, unknown>[] = [{ mentioned: BOT, text: `<at>${BOT.name}</at>`, type: 'mention' }];
    const body = text.replace(/<@([^>]+)>/g, (_all, name: string) => {
      const m = member(name as MemberName);
      entities.push({ mentioned: { id: m.id, name: m.name }, text: `<at>${m.name}</at>`, type: 'mention' });
      return `<at>${m.name}</at>`;
    });
    return {
      ...this.base,
      id,
      text: `<at>${BOT.name}</at> ${body}`,
      attachments: [],
      from: member(from),
      entities,
      timestamp: new Date().toISOString(),
    };
  }

  /** Posts a message; returns its activity id. */
  async say(text: string, from: MemberName = 'Alex Wilber'): Promise<string> {
    const activity = this.message(text, from);
    const res = await this.h.post(activity);
    if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}`);
    return activity['id'] as string;
  }

  /** Presses a card button (Action.Execute) as `from`; returns the invoke response body. */
  async press(verb: string, data: Record<string, string>, from: MemberName = 'Alex Wilber'): Promise<{ statusCode: number; type: string; value: unknown }> {
    const res = await this.h.post({
      type: 'invoke', name: 'adaptiveCard/action', id: `invoke-${nextId()}`, channelId: 'msteams',
      serviceUrl: this.base['serviceUrl'], from: member(from), recipient: BOT, conversation: this.base['conversation'], channelData: this.base['channelData'],
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });
    if (res.status !== 200) throw new Error(`invoke answered ${res.status}`);
    return res.body as { statusCode: number; type: string; value: unknown };
  }

  private since = 0;

  /** From now on, reply/card/update/sent only see activities captured after this call. */
  mark(): void {
    this.since = this.h.connector.activities.length;
  }

  /** Activities the bot sent into this conversation (its threads included) since the last mark(). */
  private mine(a: CapturedActivity): boolean {
    return (a.conversationId ?? '').split(';')[0] === this.conversationId.split(';')[0] && this.h.connector.activities.indexOf(a) >= this.since;
  }

  /** Messages (not updates) the bot sent here since the last mark(). */
  sent(): CapturedActivity[] {
    return this.h.connector.activities.filter((a) => this.mine(a) && a.operation !== 'updateActivity' && a.activity['type'] === 'message');
  }

  /** The next text message from the bot here whose text matches. */
  async reply(match: RegExp, timeoutMs = 10_000): Promise<CapturedActivity> {
    return this.h.connector.waitFor((a) => this.mine(a) && a.operation !== 'updateActivity' && typeof a.activity['text'] === 'string' && match.test(a.activity['text']), timeoutMs);
  }

  /** The next new card (not an update) posted here whose JSON matches. */
  async card(match: RegExp, timeoutMs = 10_000): Promise<{ activity: CapturedActivity; card: Record<string, unknown>; text: string }> {
    return this.h.waitForCard((a) => this.mine(a) && a.operation !== 'updateActivity' && match.test(JSON.stringify(cardOf(a))), timeoutMs);
  }

  /**
   * A card posted here, or a later in-place update of one, whose JSON matches: for what the first card shows only
   * when a look-up beat the meeting (start posts after one round trip and completes attendees in an update).
   */
  async eventually(match: RegExp, timeoutMs = 10_000): Promise<{ activity: CapturedActivity; card: Record<string, unknown>; text: string }> {
    return this.h.waitForCard((a) => this.mine(a) && match.test(JSON.stringify(cardOf(a))), timeoutMs);
  }

  /** An in-place update of the card `activityId` whose JSON matches. */
  async update(activityId: string, match: RegExp, timeoutMs = 10_000): Promise<{ activity: CapturedActivity; card: Record<string, unknown>; text: string }> {
    return this.h.waitForCard((a) => this.mine(a) && a.operation === 'updateActivity' && a.activityId === activityId && match.test(JSON.stringify(cardOf(a))), timeoutMs);
  }

  /** Starts an incident and waits for its card; returns the id and the card's activity id. */
  async start(title: string, from: MemberName = 'Alex Wilber'): Promise<{ incidentId: string; cardId: string }> {
    await this.say(`start sev2 ${title} with <@Megan Bowen>`, from);
    const { activity, text } = await this.card(new RegExp(`Meeting ready.*${title}|${title}.*Meeting ready`));
    const incidentId = /INC-[0-9A-Z]{7}/.exec(text)![0];
    // Issue #14: once the meeting exists the card also goes into the meeting's chat and the original card is updated to
    // say so; wait for that, so tests see a settled incident (no late update racing their own steps).
    if ((await this.h.app.incidents.get(incidentId))?.meeting) await this.update(activity.activityId!, /meeting's chat/);
    return { incidentId, cardId: activity.activityId! };
  }
}

export async function until(what: string, probe: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
