/**
 * Issue #11: call notifications answered 202 must be applied even when SIGTERM arrives right after the answer
 * (Graph does not resend them). The bot drains in-flight work before it exits, bounded by SHUTDOWN_TIMEOUT_MS.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startConnectorSandbox, type CapturedActivity, type ConnectorSandbox } from '../support/connector/connector-sandbox';
import { startGraphSandbox, type GraphSandbox } from '../../sandbox/graph/graph-sandbox';
import { FIXTURE_MEMBERS, cardOf } from '../support/harness';
import { spawnBot, type BotProcess } from '../support/spawn-bot';

let graph: GraphSandbox;
let connector: ConnectorSandbox;
let dataDir: string;
let bot: BotProcess | undefined;

before(async () => {
  graph = await startGraphSandbox({ callTimings: { establishingMs: 30, establishedMs: 30, terminatingMs: 20, promptMs: 50, inviteAnswerMs: 60, retryDelayMs: 200, deliveryTimeoutMs: 5000 } });
  connector = await startConnectorSandbox();
  connector.setMembers('*', FIXTURE_MEMBERS);
  dataDir = mkdtempSync(join(tmpdir(), 'incident-bridge-shutdown-'));
});
after(async () => {
  await bot?.kill('SIGKILL');
  await Promise.all([graph.close(), connector.close()]);
  rmSync(dataDir, { recursive: true, force: true });
});

function fixture(over: Record<string, unknown>): Record<string, unknown> {
  const raw = readFileSync(join(__dirname, '..', 'fixtures', 'teams', 'group-chat-start.json'), 'utf8').replaceAll('{{serviceUrl}}', `${connector.url}/`);
  return { ...(JSON.parse(raw) as Record<string, unknown>), ...over };
}

async function post(b: BotProcess, activity: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${b.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  await res.text();
  return res.status;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const terminate = (callId: string) => ({
  '@odata.type': '#microsoft.graph.commsNotifications',
  value: [{ '@odata.type': '#microsoft.graph.commsNotification', changeType: 'deleted', resourceUrl: `/communications/calls/${callId}`, resourceData: { '@odata.type': '#microsoft.graph.call', state: 'terminated', resultInfo: { code: 200, subcode: 5001 } } }],
});

test('SIGTERM right after a 202: the notification is applied (card updated, state stored) before exit', { timeout: 90_000 }, async () => {
  bot = await spawnBot({ TEST_SANDBOX_URL: graph.plainUrl, PORT: '0', STORAGE: 'file', DATA_DIR: dataDir, LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '8000' });
  const b = bot;
  const conversationId = '19:shutdown0test0conversation@thread.v2';
  const base = fixture({});
  const start: Record<string, unknown> = { ...base, id: 'shutdown-start', conversation: { ...(base['conversation'] as object), id: conversationId } };
  assert.equal(await post(b, start), 200);
  const card = await connector.waitFor((a) => a.conversationId === conversationId && a.operation !== 'updateActivity' && /Meeting ready/.test(JSON.stringify(cardOf(a) ?? {})), 15_000);
  const incidentId = /INC-[0-9A-Z]{7}/.exec(JSON.stringify(cardOf(card)))![0];
  const join = {
    type: 'invoke', name: 'adaptiveCard/action', id: 'shutdown-join', channelId: 'msteams', serviceUrl: start['serviceUrl'], from: start['from'], recipient: start['recipient'],
    conversation: start['conversation'], channelData: start['channelData'], replyToId: card.activityId,
    value: { action: { type: 'Action.Execute', verb: 'joinCall', data: { incidentId } }, trigger: 'manual' },
  };
  assert.equal(await post(b, join), 200);
  const isUpdate = (re: RegExp) => (a: CapturedActivity): boolean => a.operation === 'updateActivity' && a.activityId === card.activityId && re.test(JSON.stringify(cardOf(a) ?? {}));
  await connector.waitFor(isUpdate(/Bot connected/), 15_000);
  await new Promise((r) => setTimeout(r, 500));
  const call = graph.control.calls().at(-1)!;

  // The Connector is slow now: applying the notification (store, then card update) takes a while.
  connector.setLatency(1500);
  const exited = new Promise<number | null>((resolve) => b.child.once('exit', (code) => resolve(code)));
  const delivered = await graph.control.sendNotification(call.callbackUri, terminate(call.id), undefined);
  assert.equal(delivered.status, 202);
  b.child.kill('SIGTERM');

  const ended = await connector.waitFor(isUpdate(/Call ended/), 15_000);
  assert.ok(ended);
  assert.equal(await exited, 0, `clean exit; logs:\n${b.logs().slice(-2000)}`);
  assert.match(b.logs(), /shutdown complete/);
  const stored = filesUnder(dataDir).map((f) => readFileSync(f, 'utf8')).join('\n');
  assert.match(stored, /terminated|ended/i, 'the call end is in the stored incident');
});
