/**
 * Durable state and scale-out with real processes:
 *  - file store: a bot killed with SIGKILL mid-incident comes back with its incidents, still updates their cards and
 *    still understands notifications for the call it started before the restart;
 *  - Azure Blob Storage (Azurite): two bot instances share one container; a double click landing on both makes one
 *    call, and notifications delivered to B update the card A posted.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startConnectorSandbox, type CapturedActivity, type ConnectorSandbox } from '../support/connector/connector-sandbox';
import { MEGAN_BOWEN } from '../../sandbox/graph/users/directory';
import { startGraphSandbox, type GraphSandbox } from '../../sandbox/graph/graph-sandbox';
import { startAzurite } from '../support/azurite';
import { FIXTURE_MEMBERS, cardOf } from '../support/harness';
import { freePort, spawnBot, type BotProcess } from '../support/spawn-bot';

let graph: GraphSandbox;
let connector: ConnectorSandbox;
const cleanups: (() => Promise<void> | void)[] = [];

before(async () => {
  graph = await startGraphSandbox({ callTimings: { establishingMs: 30, establishedMs: 30, terminatingMs: 20, promptMs: 50, inviteAnswerMs: 60, retryDelayMs: 200, deliveryTimeoutMs: 5000 } });
  connector = await startConnectorSandbox();
  connector.setMembers('*', FIXTURE_MEMBERS);
});
after(async () => {
  for (const c of cleanups.reverse()) await c();
  await Promise.all([graph.close(), connector.close()]);
});

function botEnv(extra: Record<string, string>): Record<string, string> {
  return { TEST_SANDBOX_URL: graph.plainUrl, ...extra };
}

function fixture(over: Record<string, unknown>): Record<string, unknown> {
  const raw = readFileSync(join(__dirname, '..', 'fixtures', 'teams', 'group-chat-start.json'), 'utf8').replaceAll('{{serviceUrl}}', `${connector.url}/`);
  return { ...(JSON.parse(raw) as Record<string, unknown>), ...over };
}

async function post(bot: BotProcess, activity: Record<string, unknown>): Promise<{ status: number; body: string }> {
  const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  return { status: res.status, body: await res.text() };
}

function joinInvoke(start: Record<string, unknown>, incidentId: string, cardId: string, id: string): Record<string, unknown> {
  return {
    type: 'invoke', name: 'adaptiveCard/action', id, channelId: 'msteams', serviceUrl: start['serviceUrl'], from: start['from'], recipient: start['recipient'],
    conversation: start['conversation'], channelData: start['channelData'], replyToId: cardId,
    value: { action: { type: 'Action.Execute', verb: 'joinCall', data: { incidentId } }, trigger: 'manual' },
  };
}

const isCardUpdate = (cardId: string, text: RegExp) => (a: CapturedActivity): boolean =>
  a.operation === 'updateActivity' && a.activityId === cardId && text.test(JSON.stringify(cardOf(a) ?? {}));

async function startIncident(bot: BotProcess, conversationId: string): Promise<{ start: Record<string, unknown>; incidentId: string; cardId: string }> {
  const base = fixture({});
  const start = { ...base, id: `dur-${Date.now()}-${Math.random()}`, conversation: { ...(base['conversation'] as object), id: conversationId } };
  assert.equal((await post(bot, start)).status, 200);
  const card = await connector.waitFor((a) => a.conversationId === conversationId && a.operation !== 'updateActivity' && /Meeting ready/.test(JSON.stringify(cardOf(a) ?? {})), 15_000);
  return { start, incidentId: /INC-[0-9A-Z]{7}/.exec(JSON.stringify(cardOf(card)))![0], cardId: card.activityId! };
}

describe('file store', () => {
  test('SIGKILL mid-incident: incidents, cards and the running call survive a restart', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'incident-bridge-data-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const env = botEnv({ PORT: String(port), STORAGE: 'file', DATA_DIR: dataDir });
    let bot = await spawnBot(env);
    cleanups.push(() => bot.kill('SIGKILL'));

    const conversationId = '19:restart0test0conversation@thread.v2';
    const { start, incidentId, cardId } = await startIncident(bot, conversationId);
    assert.equal((await post(bot, joinInvoke(start, incidentId, cardId, 'restart-join'))).status, 200);
    await connector.waitFor(isCardUpdate(cardId, /Bot connected/), 15_000);
    const callId = graph.control.calls().at(-1)!.id;

    await bot.kill('SIGKILL');
    bot = await spawnBot(env);

    // A notification for the call started before the restart is applied, and the card posted before it is updated.
    graph.control.joinMeeting(callId, MEGAN_BOWEN.id);
    await connector.waitFor(isCardUpdate(cardId, /Megan Bowen joined the call/), 15_000);

    // The restarted bot lists the incident started before the restart.
    await post(bot, { ...start, id: 'restart-list', text: '<at>IncidentBridge</at> list', entities: [(start['entities'] as unknown[])[0]] });
    const list = await connector.waitFor((a) => a.conversationId === conversationId && JSON.stringify(cardOf(a) ?? {}).includes(incidentId) && a.operation !== 'updateActivity' && a.activityId !== cardId, 15_000);
    assert.match(JSON.stringify(cardOf(list)), /Checkout API returning 500s/);

    // The restarted bot still knows the conversation's incident and its call.
    await post(bot, { ...start, id: 'restart-join-cmd', text: '<at>IncidentBridge</at> join', entities: [(start['entities'] as unknown[])[0]] });
    const reply = await connector.waitFor((a) => a.conversationId === conversationId && typeof a.activity['text'] === 'string' && (a.activity['text'] as string).includes(incidentId), 15_000);
    assert.match(reply.activity['text'] as string, /already in/);
    assert.equal(graph.control.calls().filter((c) => c.threadId === graph.control.calls().at(-1)!.threadId).length, 1, 'no second call');
  });
});

describe('Azure Blob Storage (Azurite), two instances', () => {
  test('a double click on A and B makes one call; notifications to B update the card A posted', { timeout: 120_000 }, async () => {
    const azurite = await startAzurite();
    cleanups.push(() => azurite.stop());
    const [portA, portB] = [await freePort(), await freePort()];
    // The load balancer sends Graph's notifications (PUBLIC_BASE_URL) to instance B.
    const shared = { STORAGE: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: 'incidents', PUBLIC_BASE_URL: `http://127.0.0.1:${portB}` };
    const [a, b] = await Promise.all([spawnBot(botEnv({ ...shared, PORT: String(portA) })), spawnBot(botEnv({ ...shared, PORT: String(portB) }))]);
    cleanups.push(() => a.kill('SIGKILL'), () => b.kill('SIGKILL'));

    const conversationId = '19:scaleout0test0conversation@thread.v2';
    const { start, incidentId, cardId } = await startIncident(a, conversationId);
    const callsBefore = graph.control.calls().length;
    const [ra, rb] = await Promise.all([post(a, joinInvoke(start, incidentId, cardId, 'click-a')), post(b, joinInvoke(start, incidentId, cardId, 'click-b'))]);
    assert.equal(ra.status, 200);
    assert.equal(rb.status, 200);
    await connector.waitFor(isCardUpdate(cardId, /Bot connected/), 15_000);
    assert.equal(graph.control.calls().length - callsBefore, 1, 'exactly one call');
    const call = graph.control.calls().at(-1)!;
    assert.ok(call.callbackUri.startsWith(`http://127.0.0.1:${portB}/`), 'notifications go to B');

    graph.control.joinMeeting(call.id, MEGAN_BOWEN.id);
    await connector.waitFor(isCardUpdate(cardId, /Megan Bowen joined the call/), 15_000);
  });
});
