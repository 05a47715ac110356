/**
 * Fault-suite rows with real bot processes (the e2e tests' bot-process, file store): SIGKILL while starts are
 * making their meetings, then a restart and Teams' redelivery; SIGTERM right after call notifications were
 * answered 202 while applying them is slow.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectorSandbox } from '../test/support/connector/connector-sandbox';
import type { GraphSandbox } from '../sandbox/graph/graph-sandbox';
import { freePort } from './lib/proc';
import { row, type Row } from './lib/fault-row';
import { cardsIn, incidentIdOf, joinInvoke, postTo, spawnBot, startActivity, until, updatesOf, type BotProcess } from './lib/spawned-bots';

export interface ProcessWorld { readonly graph: GraphSandbox; readonly connector: ConnectorSandbox }

const LIMITS = { RATE_LIMIT_STARTS_PER_USER: '100000', RATE_LIMIT_STARTS_PER_CONVERSATION: '100000' };

async function withDataDir<T>(name: string, run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `incident-bridge-faults-${name}-`));
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const createOrGets = (graph: GraphSandbox): number => graph.control.requests.filter((r) => r.path.endsWith('/onlineMeetings/createOrGet')).length;

export function sigkillMidStart({ graph, connector }: ProcessWorld, n = 5): Promise<Row> {
  return withDataDir('kill', async (dir) => {
    const r = row('SIGKILL mid-start, restart + redelivery (file store)');
    const env = { TEST_SANDBOX_URL: graph.plainUrl, PORT: String(await freePort()), STORAGE: 'file', DATA_DIR: dir, ...LIMITS };
    const conversations = Array.from({ length: n }, (_, i) => `19:faults0kill0${i}@thread.v2`);
    const starts = conversations.map((c, i) => startActivity(connector, c, `faults-kill-${i}`));
    const meetingsBefore = graph.control.meetings().length;
    const callsBefore = createOrGets(graph);
    let bot: BotProcess = await spawnBot(env);
    try {
      graph.control.setLatency(2000); // the kill lands while every createOrGet is in flight
      const inFlight = starts.map((s) => postTo(bot, s));
      const allMaking = await until(() => createOrGets(graph) - callsBefore >= n, 15_000);
      await bot.kill('SIGKILL');
      await Promise.all(inFlight);
      graph.control.setLatency(0);
      const postedByKilled = conversations.reduce((k, c) => k + cardsIn(connector, c).length, 0);
      bot = await spawnBot(env);
      r.tried = n;
      const acknowledged = (await Promise.all(starts.map((s) => postTo(bot, s)))).filter((s) => s === 200).length;
      r.crashed = n - acknowledged;
      await until(() => conversations.every((c) => cardsIn(connector, c).length > 0), 20_000);
      const firstCards = conversations.map((c, i) => ({ card: cardsIn(connector, c)[0], start: starts[i] }));
      const found = firstCards.flatMap(({ card, start }) => (card !== undefined && start !== undefined ? [{ card, start }] : []));
      const cards = found.map((f) => f.card);
      const before = cards.map((card) => updatesOf(connector, card.activityId ?? '').length);
      // Teams redelivers once more: the existing card must be found and updated in place.
      await Promise.all(found.map((f) => postTo(bot, f.start)));
      await until(() => cards.every((card, i) => updatesOf(connector, card.activityId ?? '').length > (before[i] ?? 0)), 15_000);
      const live = cards.filter((card, i) => updatesOf(connector, card.activityId ?? '').length > (before[i] ?? 0)).length;
      const extraCards = conversations.reduce((k, c) => k + Math.max(0, cardsIn(connector, c).length - 1), 0);
      const meetings = graph.control.meetings().length - meetingsBefore;
      r.lost = n - found.length;
      r.duplicated = extraCards + Math.max(0, meetings - n);
      r.note = `killed with ${allMaking ? 'all' : 'not all'} ${n} createOrGet in flight; incidents acknowledged/found after restart: ${acknowledged}/${found.length}; cards live/dead: ${live}/${found.length - live}; cards posted by the killed bot ${postedByKilled}; meetings ${meetings}; distinct incidents ${new Set(cards.map(incidentIdOf)).size}`;
      return r;
    } finally {
      graph.control.setLatency(0);
      await bot.kill('SIGKILL');
    }
  });
}

const terminate = (callId: string): Record<string, unknown> => ({
  '@odata.type': '#microsoft.graph.commsNotifications',
  value: [{ '@odata.type': '#microsoft.graph.commsNotification', changeType: 'deleted', resourceUrl: `/communications/calls/${callId}`, resourceData: { '@odata.type': '#microsoft.graph.call', state: 'terminated', resultInfo: { code: 200, subcode: 5001 } } }],
});

export function sigtermWithQueuedNotifications({ graph, connector }: ProcessWorld, n = 4): Promise<Row> {
  return withDataDir('term', async (dir) => {
    const r = row('SIGTERM with queued notifications (file store)');
    const bot = await spawnBot({ TEST_SANDBOX_URL: graph.plainUrl, PORT: '0', STORAGE: 'file', DATA_DIR: dir, LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '8000', ...LIMITS });
    try {
      const callsBefore = graph.control.calls().length;
      const cards = await Promise.all(Array.from({ length: n }, async (_, i) => {
        const conversationId = `19:faults0term0${i}@thread.v2`;
        const start = startActivity(connector, conversationId, `faults-term-${i}`);
        await postTo(bot, start);
        await until(() => cardsIn(connector, conversationId).length > 0, 15_000);
        const card = cardsIn(connector, conversationId)[0];
        if (card === undefined) return undefined;
        await postTo(bot, joinInvoke(start, incidentIdOf(card), card.activityId ?? '', `faults-term-join-${i}`));
        return (await until(() => updatesOf(connector, card.activityId ?? '', /Bot connected/).length > 0, 15_000)) ? card : undefined;
      }));
      const live = cards.filter((c) => c !== undefined);
      await new Promise((res) => setTimeout(res, 500));
      const calls = graph.control.calls().slice(callsBefore);
      connector.setLatency(1500); // applying each notification (store, then card update) is slow now
      const exited = new Promise<number | null>((resolve) => bot.child.once('exit', (code) => resolve(code)));
      const delivered = await Promise.all(calls.map((c) => graph.control.sendNotification(c.callbackUri, terminate(c.id), undefined)));
      bot.child.kill('SIGTERM');
      const accepted = delivered.filter((d) => d.status === 202).length;
      const ended = () => live.filter((card) => updatesOf(connector, card.activityId ?? '', /Call ended/).length > 0).length;
      await until(() => ended() >= accepted, 20_000);
      const code = await Promise.race([exited, new Promise<string>((res) => setTimeout(() => res('no exit in 20 s'), 20_000))]);
      const applied = ended();
      r.tried = calls.length;
      r.crashed = delivered.filter((d) => (d.status ?? 0) >= 500 || d.status === 0).length + (code === 0 ? 0 : 1);
      r.lost = Math.max(0, accepted - applied);
      r.note = `notifications applied/accepted (202): ${applied}/${accepted}; exit code ${String(code)}${/shutdown complete/.test(bot.logs()) ? ', "shutdown complete" logged' : ', no "shutdown complete" in the log'}; incidents with a live call ${live.length}/${n}`;
      return r;
    } finally {
      connector.setLatency(0);
      await bot.kill('SIGKILL');
    }
  });
}
