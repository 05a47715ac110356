/**
 * Crash-safe start (#11), with real processes and the file store: a bot killed with SIGKILL while it is making the
 * meeting leaves a start claim behind. The restarted bot, given the redelivered message inside the claim's lifetime,
 * resumes the start (the same meeting — createOrGet is idempotent by externalId — then the card) and answers exactly
 * once; a further redelivery finds that card and updates it in place instead of posting another.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startConnectorSandbox, type CapturedActivity, type ConnectorSandbox } from '../support/connector/connector-sandbox';
import { startGraphSandbox, type GraphSandbox } from '../../sandbox/graph/graph-sandbox';
import { FIXTURE_MEMBERS, cardOf } from '../support/harness';
import { freePort, spawnBot, type BotProcess } from '../support/spawn-bot';

let graph: GraphSandbox;
let connector: ConnectorSandbox;
const cleanups: (() => Promise<void> | void)[] = [];

before(async () => {
  graph = await startGraphSandbox();
  connector = await startConnectorSandbox();
  connector.setMembers('*', FIXTURE_MEMBERS);
});
after(async () => {
  for (const c of cleanups.reverse()) await c();
  await Promise.all([graph.close(), connector.close()]);
});

async function waitUntil(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function post(bot: BotProcess, activity: Record<string, unknown>): Promise<number> {
  return fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) })
    .then(async (res) => { await res.text(); return res.status; });
}

test('SIGKILL while the meeting is being made: the redelivery resumes the start, one card, later redeliveries update it', { timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'incident-bridge-crash-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = {
    TEST_SANDBOX_URL: graph.plainUrl,
    PORT: String(await freePort()), STORAGE: 'file', DATA_DIR: dataDir,
  };
  const conversationId = '19:crash0safe0start0conversation@thread.v2';
  const raw = readFileSync(join(__dirname, '..', 'fixtures', 'teams', 'group-chat-start.json'), 'utf8').replaceAll('{{serviceUrl}}', `${connector.url}/`);
  const base = JSON.parse(raw) as Record<string, unknown>;
  const start = { ...base, id: 'crash-start-1', conversation: { ...(base['conversation'] as object), id: conversationId } };
  const cardsPosted = (): CapturedActivity[] => connector.activities.filter((a) => a.conversationId === conversationId && a.operation !== 'updateActivity' && cardOf(a) !== undefined);
  const createOrGets = () => graph.control.requests.filter((r) => r.path.endsWith('/onlineMeetings/createOrGet'));

  let bot = await spawnBot(env);
  cleanups.push(() => bot.kill('SIGKILL'));
  // Graph is slow: the bot is killed while its createOrGet is in flight (the record and its claim are stored).
  graph.control.setLatency(2000);
  const first = post(bot, start).catch(() => 0);
  await waitUntil('the first createOrGet', () => createOrGets().length === 1);
  await bot.kill('SIGKILL');
  await first;
  graph.control.setLatency(0);
  assert.equal(cardsPosted().length, 0, 'the killed bot posted no card');

  bot = await spawnBot(env);
  // Teams redelivers the message well inside the 2-minute start claim.
  assert.equal(await post(bot, start), 200);
  await waitUntil('the resumed card', () => cardsPosted().length === 1);
  const card = cardsPosted()[0]!;
  const text = JSON.stringify(cardOf(card));
  assert.match(text, /Meeting ready/);
  const meetings = graph.control.meetings().filter((m) => m.meeting['subject'] === '[SEV2] Checkout API returning 500s');
  assert.equal(new Set(meetings.map((m) => m.meeting.id)).size, 1, 'one meeting: the resumed createOrGet got the same one');
  assert.ok(text.includes(meetings[0]!.meeting['joinWebUrl'] as string));

  // Once more: the card exists, so it is refreshed in place, never posted twice.
  const updatesBefore = connector.activities.filter((a) => a.operation === 'updateActivity' && a.activityId === card.activityId).length;
  assert.equal(await post(bot, start), 200);
  await waitUntil('the refreshed card', () => connector.activities.filter((a) => a.operation === 'updateActivity' && a.activityId === card.activityId).length > updatesBefore);
  assert.equal(cardsPosted().length, 1, 'still one card');
});
