/**
 * `npm run bench`: the #12 figures in one table, each against its floor measured in the same run. Loopback only,
 * bounded in time (about two minutes), no Playground. It starts:
 *  - the bot, compiled, in sandbox mode (the Graph sandbox in a second process, see below; default file store),
 *    with 10,000 resolved incidents seeded into one chat of its data directory;
 *  - the floor: a plain botbuilder echo bot on the same adapter (CloudAdapter on restify, bench/echo-restify-bot.js);
 *  - a reply sink both answer through (bench/lib/reply-sink.ts).
 * Graph latency is set through the sandbox's HTTP control surface (POST /_sandbox/latency), and the Graph side of
 * the critical path is read from GET /_sandbox/requests. The Graph sandbox runs in a process of its own
 * (bench/split/*.js, same code and settings as the embedded one) so the bot's figures measure the bot, not the
 * simulated Graph sharing its event loop; `--embedded` runs it in-process as `npm start` does. The per-user and
 * per-conversation start limits are raised out of the way (BENCH_BOT_ENV). Run: npm run bench [-- seconds] [--embedded]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { JournalStorage } from '../src/storage/journal-storage';
import { StorageIncidentRepository } from '../src/storage/storage-incident-repository';
import { incident } from '../test/support/incident-fixtures';
import { COMPILED, ECHO, measureColdStart } from './cold-start';
import { baseActivity, commandActivity, startActivity } from './lib/activities';
import { closedLoop, postJson } from './lib/load';
import { startOurs } from './lib/ours';
import { cpuMs, freePort, ROOT, rssMiB, sleep, startProcess, waitIdle, type Running } from './lib/proc';
import { startReplySink, type ReplySink } from './lib/reply-sink';
import { criticalPath, type Timed } from './lib/critical-path';
import { printTable, type Row } from './lib/table';
import { control, notifications } from './lib/notifications';

const SECONDS = Number(process.argv.slice(2).find((a) => /^\d+(\.\d+)?$/.test(a)) ?? 3);
const HISTORY = 10_000;
const HISTORY_CHAT = '19:bench0history0chat@thread.v2';
const EMPTY_CHAT = '19:bench0empty0chat@thread.v2';

async function seedHistory(dataDir: string): Promise<void> {
  const storage = new JournalStorage(dataDir);
  const repo = new StorageIncidentRepository(storage);
  let n = 0;
  await Promise.all(Array.from({ length: 10 }, async () => {
    while (n < HISTORY) {
      const id = `INC-H${String(++n).padStart(6, '0')}`;
      await repo.createIfAbsent(incident({ id, conversationId: HISTORY_CHAT, createdAt: new Date(1_700_000_000_000 + n * 1000).toISOString() }));
      await repo.update(id, (cur) => ({ ...cur, state: 'resolved', resolvedAt: cur.createdAt }));
    }
  }));
  for (const chat of [HISTORY_CHAT, EMPTY_CHAT]) await repo.createIfAbsent(incident({ id: `INC-A${chat.length}${chat.charCodeAt(8)}`, conversationId: chat }));
  await storage.close();
}

async function meanMs(rounds: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 5; i++) await fn();
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) await fn();
  return (performance.now() - t0) / rounds;
}


async function starts(bot: Running, sink: ReplySink, concurrency: number, label: string): Promise<{ perSecond: number; cpuPerStart: number }> {
  const base = baseActivity(sink.url);
  const pid = bot.child.pid!;
  const before = cpuMs(pid);
  const r = await closedLoop(concurrency, SECONDS, async (i) => (await postJson(`${bot.url}/api/messages`, startActivity(base, `19:bench0${label}0chat${i % 50}@thread.v2`))) === 200);
  await waitIdle(pid); // late attendees: PATCH and card updates finish before the CPU is read
  if (r.failed > 0) console.error(`  (${label}: ${r.failed} requests failed)`);
  return { perSecond: r.perSecond, cpuPerStart: (cpuMs(pid) - before) / Math.max(1, r.done) };
}

async function main(): Promise<void> {
  console.error('building dist/ …');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-bot-'));
  const sink = await startReplySink();
  const stops: (() => Promise<void>)[] = [];
  try {
    console.error(`seeding ${HISTORY} resolved incidents …`);
    await seedHistory(dataDir);
    // The Graph sandbox in a process of its own: the bot's CPU and throughput are the bot's (bench/lib/ours.ts).
    const started = await startOurs({ split: !process.argv.includes('--embedded'), dataDir });
    const { bot: ours, graphUrl } = started;
    const echo = await startProcess(['--disable-warning=DEP0111', 'bench/echo-restify-bot.js'], {}, await freePort());
    stops.push(() => started.stop(), () => echo.stop());
    await sleep(1500);
    const idleOurs = rssMiB(ours.child.pid!);
    const idleEcho = rssMiB(echo.child.pid!);
    const base = baseActivity(sink.url);

    // Throughput at Graph 0 ms, interleaved with the floor.
    await control(graphUrl, 'latency', { ms: 0 });
    await starts(ours, sink, 10, 'warm'); // warm-up (JIT, member cache)
    const echoPost = async (i: number): Promise<boolean> => (await postJson(`${echo.url}/api/messages`, startActivity(base, `19:echo${i % 50}@thread.v2`))) === 200;
    const tput: Row[] = [];
    let cpuPerStart = 0;
    let echoCpu = 0;
    for (const c of [10, 50]) {
      const e0 = cpuMs(echo.child.pid!);
      const e = await closedLoop(c, SECONDS, echoPost);
      echoCpu = (cpuMs(echo.child.pid!) - e0) / Math.max(1, e.done);
      const o = await starts(ours, sink, c, `c${c}`);
      if (c === 10) cpuPerStart = o.cpuPerStart;
      tput.push({ figure: `start commands/s, C=${c}, Graph 0 ms`, ours: `${o.perSecond.toFixed(0)} /s`, floor: `echo ${e.perSecond.toFixed(0)} /s`, ratio: o.perSecond / e.perSecond, goal: '≥ 0.35' });
    }

    // Critical path on a cold member cache (a tenant not seen before), Graph 50 ms.
    await control(graphUrl, 'latency', { ms: 50 });
    const paths = [];
    for (let i = 0; i < 5; i++) {
      sink.record(true);
      const t0 = Date.now();
      await postJson(`${ours.url}/api/messages`, startActivity(base, `19:bench0path${i}@thread.v2`, `0000000${i}-0000-4000-8000-00000000bench`.slice(0, 36)));
      await waitIdle(ours.child.pid!, 400);
      const graphLog = ((await (await fetch(`${graphUrl}/_sandbox/requests?since=${t0}`)).json()) as { requests: { method: string; path: string; at: number; finishedAt: number | null }[] }).requests;
      const timed: Timed[] = [
        ...graphLog.map((r) => ({ name: `Graph ${r.method} ${r.path.replace(/\/users\/[^/]+/, '/users/{id}').replace(/onlineMeetings\/[^/]+$/, 'onlineMeetings/{id}')}`, at: r.at - t0, end: (r.finishedAt ?? r.at) - t0 })),
        ...sink.requests.map((r) => ({ name: `Connector ${r.method} ${r.type ?? (r.path.includes('/members/') ? 'member' : '')}${r.hasCard ? ' card' : ''}${r.method === 'PUT' ? ' (update)' : ''}`, at: r.at - t0, end: (r.finishedAt ?? r.at) - t0, card: r.method === 'POST' && r.hasCard === true })),
      ];
      paths.push(criticalPath(timed));
      sink.record(false);
    }
    await control(graphUrl, 'latency', { ms: 0 });
    const mid = [...paths].sort((a, b) => a.cardAt - b.cardAt)[Math.floor(paths.length / 2)]!;

    // list / status with 10k resolved incidents in the chat vs none.
    const cmd = (chat: string, c: string) => () => postJson(`${ours.url}/api/messages`, commandActivity(base, chat, c));
    const history: Row[] = [];
    for (const c of ['list', 'status']) {
      const empty = await meanMs(30, cmd(EMPTY_CHAT, c));
      const full = await meanMs(30, cmd(HISTORY_CHAT, c));
      history.push({ figure: `\`${c}\` with ${HISTORY / 1000}k resolved in the chat`, ours: `${full.toFixed(1)} ms`, floor: `0 stored: ${empty.toFixed(1)} ms`, ratio: full / empty, goal: '≤ 1.2' });
    }

    // Notifications: duplicate "established" events for the bot's live call, vs a no-op route of the same server.
    const notif = await notifications(ours, graphUrl, sink, base, SECONDS);

    const rssAfter = rssMiB(ours.child.pid!);
    for (const stop of stops.splice(0)) await stop();
    console.error('cold start …');
    const cold = await measureColdStart(3, [COMPILED, ECHO]);

    const rows: Row[] = [
      ...tput,
      { figure: 'bot CPU per start (C=10, file store)', ours: `${cpuPerStart.toFixed(2)} ms`, floor: `echo ${echoCpu.toFixed(2)} ms/msg`, ratio: cpuPerStart / echoCpu, goal: '—' },
      { figure: 'Graph round trips before the card (Graph 50 ms, cold member cache)', ours: `${mid.roundTrips} (card at ${mid.cardAt} ms; ${mid.connectorBeforeCard} member look-ups alongside)`, floor: '1 (createOrGet)', ratio: mid.roundTrips, goal: '1' },
      { figure: 'Graph / Connector requests per start (typing and card included)', ours: `${mid.graph} / ${mid.connector}`, floor: '—', ratio: Number.NaN, goal: '—' },
      ...history,
      { figure: 'call notifications accepted /s', ours: `${notif.accepted.toFixed(0)} /s`, floor: `no-op route ${notif.noop.toFixed(0)} /s`, ratio: notif.accepted / notif.noop, goal: '≥ 0.5' },
      { figure: 'call notifications processed /s (duplicates)', ours: `${notif.processed.toFixed(0)} /s, backlog ${notif.backlogMs.toFixed(0)} ms`, floor: `accepted ${notif.accepted.toFixed(0)} /s`, ratio: notif.processed / notif.accepted, goal: '≥ 1' },
      { figure: 'cold start to /healthz 200 (compiled)', ours: `${cold.ms.get(COMPILED)!.toFixed(0)} ms`, floor: `echo ${cold.ms.get(ECHO)!.toFixed(0)} ms`, ratio: cold.ms.get(COMPILED)! / cold.ms.get(ECHO)!, goal: '≤ 1.3' },
      { figure: 'idle RSS (compiled, production mode, empty store)', ours: `${cold.rssMiB.get(COMPILED)!.toFixed(0)} MiB`, floor: `echo ${cold.rssMiB.get(ECHO)!.toFixed(0)} MiB`, ratio: cold.rssMiB.get(COMPILED)! / cold.rssMiB.get(ECHO)!, goal: '≤ 1.2' },
      { figure: `RSS, sandbox mode (Graph sandbox ${started.sandbox ? 'in its own process' : 'in-process'}), ${HISTORY / 1000}k incidents in the store: at start → after the runs above`, ours: `${idleOurs.toFixed(0)} → ${rssAfter.toFixed(0)} MiB`, floor: `echo idle ${idleEcho.toFixed(0)} MiB`, ratio: rssAfter - idleOurs, goal: '≤ +50 MiB', ratioUnit: 'MiB' },
    ];
    printTable(rows, SECONDS);
    console.log('\nCritical path of the median start (ms from the POST of the command):');
    for (const s of mid.steps) console.log(`  ${String(s.at).padStart(4)}–${String(s.end).padEnd(4)} ${s.name}${s.beforeCard ? '' : '  (after the card)'}`);
  } finally {
    for (const stop of stops) await stop();
    await sink.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
