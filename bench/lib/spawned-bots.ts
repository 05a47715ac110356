/**
 * Helpers for the fault suite's rows that need real bot processes (SIGKILL, SIGTERM, two instances): the same
 * bot-process the e2e tests spawn (test/support/spawn-bot.ts), configured from the sandbox's `GET /_sandbox`
 * description alone, answering through the test Connector.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CapturedActivity, ConnectorSandbox } from '../../test/support/connector/connector-sandbox';
import { cardOf } from '../../test/support/harness';
import type { BotProcess } from '../../test/support/spawn-bot';

export { spawnBot, type BotProcess } from '../../test/support/spawn-bot';

const FIXTURE = join(__dirname, '..', '..', 'test', 'fixtures', 'teams', 'group-chat-start.json');

/** The group-chat start fixture, in its own conversation, answered through the Connector. */
export function startActivity(connector: ConnectorSandbox, conversationId: string, id: string): Record<string, unknown> {
  const base = JSON.parse(readFileSync(FIXTURE, 'utf8').replaceAll('{{serviceUrl}}', `${connector.url}/`)) as Record<string, unknown>;
  return { ...base, id, conversation: { ...(base['conversation'] as object), id: conversationId } };
}

export function joinInvoke(start: Record<string, unknown>, incidentId: string, cardId: string, id: string): Record<string, unknown> {
  return {
    type: 'invoke', name: 'adaptiveCard/action', id, channelId: 'msteams', serviceUrl: start['serviceUrl'], from: start['from'], recipient: start['recipient'],
    conversation: start['conversation'], channelData: start['channelData'], replyToId: cardId,
    value: { action: { type: 'Action.Execute', verb: 'joinCall', data: { incidentId } }, trigger: 'manual' },
  };
}

export async function postTo(bot: BotProcess, activity: Record<string, unknown>): Promise<number> {
  try {
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity), signal: AbortSignal.timeout(20_000) });
    await res.text();
    return res.status;
  } catch (e: unknown) {
    if (e instanceof Error) return 0;
    throw e;
  }
}

/** Cards posted (not updates) in a conversation. */
export const cardsIn = (connector: ConnectorSandbox, conversationId: string): CapturedActivity[] =>
  connector.activities.filter((a) => a.conversationId === conversationId && a.operation !== 'updateActivity' && /Meeting ready/.test(JSON.stringify(cardOf(a) ?? {})));

export const updatesOf = (connector: ConnectorSandbox, cardId: string, text: RegExp = /./): CapturedActivity[] =>
  connector.activities.filter((a) => a.operation === 'updateActivity' && a.activityId === cardId && text.test(JSON.stringify(cardOf(a) ?? {})));

export const incidentIdOf = (card: CapturedActivity): string => /INC-[0-9A-Z]{7}/.exec(JSON.stringify(cardOf(card) ?? {}))?.[0] ?? '';

/** Polls until check() holds; false (not a throw) when the time is up: the row reports what is missing. */
export async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}
