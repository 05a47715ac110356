/**
 * Two bot instances on one Azure Blob Storage container (Azurite, test/support/azurite.ts), as
 * test/e2e/durability.test.ts runs them: each start message is delivered to BOTH instances at once (a redelivery
 * landing on the other instance), then each Join is double-clicked, one click on each instance. Counted: cards and
 * meetings per start, calls per double click. Then first starts in one new chat land on A and B at once, and `list`
 * shows whether the shared conversation index kept every entry. Graph's notifications go to B (PUBLIC_BASE_URL), as a load balancer would.
 */
import { startAzurite, type Azurite } from '../test/support/azurite';
import { freePort } from './lib/proc';
import { cardOf } from '../test/support/harness';
import { row, type Row } from './lib/fault-row';
import type { ProcessWorld } from './faults-processes';
import { cardsIn, incidentIdOf, joinInvoke, postTo, spawnBot, startActivity, until, updatesOf, type BotProcess } from './lib/spawned-bots';

export async function twoInstancesOnAzurite({ graph, connector }: ProcessWorld, n = 4): Promise<Row[]> {
  const r = row('two instances, one Azurite container');
  let azurite: Azurite;
  try {
    azurite = await startAzurite();
  } catch (e: unknown) {
    return [{ ...r, note: `n/a (azurite not available: ${e instanceof Error ? e.message.slice(0, 100) : String(e)})` }];
  }
  const bots: BotProcess[] = [];
  try {
    const [portA, portB] = [await freePort(), await freePort()];
    const shared = { TEST_SANDBOX_URL: graph.plainUrl, STORAGE: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: 'faults',
      PUBLIC_BASE_URL: `http://127.0.0.1:${portB}`, RATE_LIMIT_STARTS_PER_USER: '100000', RATE_LIMIT_STARTS_PER_CONVERSATION: '100000' };
    const [a, b] = await Promise.all([spawnBot({ ...shared, PORT: String(portA) }), spawnBot({ ...shared, PORT: String(portB) })]);
    bots.push(a, b);
    const meetingsBefore = graph.control.meetings().length;
    const callsBefore = graph.control.calls().length;
    const conversations = Array.from({ length: n }, (_, i) => `19:faults0azurite0${i}@thread.v2`);
    const starts = conversations.map((c, i) => startActivity(connector, c, `faults-azurite-${i}`));
    const statuses = (await Promise.all(starts.flatMap((s) => [postTo(a, s), postTo(b, s)])));
    await until(() => conversations.every((c) => cardsIn(connector, c).length > 0), 20_000);
    await new Promise((res) => setTimeout(res, 1000)); // a late second card would land now
    const cards = conversations.map((c) => cardsIn(connector, c)[0]).filter((c) => c !== undefined);
    const extraCards = conversations.reduce((k, c) => k + Math.max(0, cardsIn(connector, c).length - 1), 0);
    const meetings = graph.control.meetings().length - meetingsBefore;
    const clicks = await Promise.all(cards.flatMap((card) => {
      const start = starts[conversations.indexOf(card.conversationId ?? '')];
      if (start === undefined) return [];
      const id = incidentIdOf(card);
      return [postTo(a, joinInvoke(start, id, card.activityId ?? '', `${id}-click-a`)), postTo(b, joinInvoke(start, id, card.activityId ?? '', `${id}-click-b`))];
    }));
    await until(() => cards.every((card) => updatesOf(connector, card.activityId ?? '', /Bot connected/).length > 0), 20_000);
    await new Promise((res) => setTimeout(res, 1000)); // a late second call would be made now
    const calls = graph.control.calls().length - callsBefore;
    const connected = cards.filter((card) => updatesOf(connector, card.activityId ?? '', /Bot connected/).length > 0).length;
    const all = [...statuses, ...clicks];
    r.tried = n;
    r.crashed = all.filter((s) => s === 0 || s >= 500).length;
    r.lost = (n - cards.length) + (cards.length - connected);
    r.duplicated = extraCards + Math.max(0, meetings - n) + Math.max(0, calls - cards.length);
    r.note = `each start sent to A and B at once: cards ${cards.length + extraCards}, meetings ${meetings} for ${n} starts; double clicks (A+B): calls per double click ${(calls / Math.max(1, cards.length)).toFixed(2)} (${calls} calls for ${cards.length}), bot connected on ${connected}; answers ${all.filter((s) => s === 200).length}/${all.length} with 200`;
    return [r, await concurrentFirstStartsOnBoth(connector, a, b, 12)];
  } finally {
    await Promise.all(bots.map((bot) => bot.kill('SIGKILL')));
    await azurite.stop();
  }
}

/** n first starts in one new chat, alternately on A and B, all at once; then `list` on A: index entries listed / created. */
async function concurrentFirstStartsOnBoth(connector: ProcessWorld['connector'], a: BotProcess, b: BotProcess, n: number): Promise<Row> {
  const r = row('concurrent first starts on A and B (Azurite)');
  const conversationId = '19:faults0azurite0concurrent@thread.v2';
  const base = startActivity(connector, conversationId, 'faults-azurite-concurrent');
  const mention = (base['entities'] as unknown[])[0];
  const say = (id: string, text: string): Record<string, unknown> => ({ ...base, id, text: `<at>IncidentBridge</at> ${text}`, entities: [mention], attachments: [] });
  const statuses = await Promise.all(Array.from({ length: n }, (_, i) => postTo(i % 2 === 0 ? a : b, say(`faults-azurite-c-${i}`, `start sev3 Azurite concurrent ${i}`))));
  await until(() => cardsIn(connector, conversationId).length >= n, 20_000);
  const cards = cardsIn(connector, conversationId);
  const ids = [...new Set(cards.map(incidentIdOf))];
  const listsBefore = connector.activities.length;
  await postTo(a, say('faults-azurite-list', 'list'));
  const listed = () => connector.activities.slice(listsBefore).find((x) => x.conversationId === conversationId && /active incident/.test(JSON.stringify(cardOf(x) ?? {})));
  await until(() => listed() !== undefined, 10_000);
  const list = listed();
  const text = list !== undefined ? JSON.stringify(cardOf(list) ?? {}) : '';
  const found = ids.filter((id) => text.includes(id)).length; // n stays under the list card's 15 entries
  const counted = /(\d+) active incidents? here/.exec(text)?.[1] ?? '?';
  r.tried = n;
  r.crashed = statuses.filter((s) => s === 0 || s >= 500).length;
  r.lost = n - found;
  r.duplicated = Math.max(0, cards.length - ids.length);
  r.note = `index entries listed/created: ${found}/${ids.length} ("${counted} active incidents here"; cards ${cards.length} for ${n} starts)`;
  return r;
}
