/**
 * A faster sub-bench of `npm run bench` for one figure at a time (no history seeding, no cold start):
 *   npx tsx bench/quick.ts notif|c50|c10 [seconds] [--prof DIR] [--no-build] [--embedded]
 * `notif`: call notifications accepted /s vs the no-op route; `cNN`: start commands/s at concurrency NN vs the
 * echo bot (interleaved, echo first), plus the bot's CPU per start. `--prof DIR` runs the bot under
 * `node --cpu-prof --cpu-prof-dir DIR` (the profile is written when the bot stops). The Graph sandbox runs in its
 * own process (bench/lib/ours.ts) unless `--embedded`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { baseActivity, startActivity } from './lib/activities';
import { closedLoop, postJson } from './lib/load';
import { control, notifications } from './lib/notifications';
import { startOurs } from './lib/ours';
import { cpuMs, freePort, ROOT, sleep, startProcess, waitIdle } from './lib/proc';
import { startReplySink } from './lib/reply-sink';

const args = process.argv.slice(2);
const what = args[0] ?? 'notif';
const seconds = Number(args.find((a, i) => i > 0 && /^\d+(\.\d+)?$/.test(a)) ?? 3);
const profIdx = args.indexOf('--prof');
const profDir = profIdx >= 0 ? path.resolve(args[profIdx + 1] ?? 'prof') : undefined;

async function main(): Promise<void> {
  if (!args.includes('--no-build')) execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-quick-'));
  const sink = await startReplySink();
  const stops: (() => Promise<void>)[] = [];
  try {
    const prof = profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [];
    const started = await startOurs({ split: !args.includes('--embedded'), dataDir, nodeArgs: prof });
    const { bot: ours, graphUrl } = started;
    stops.push(() => started.stop());
    await sleep(1000);
    const base = baseActivity(sink.url);
    await control(graphUrl, 'latency', { ms: 0 });
    if (what === 'notif') {
      const n = await notifications(ours, graphUrl, sink, base, seconds);
      console.log(`call notifications accepted: ${n.accepted.toFixed(0)} /s, no-op route ${n.noop.toFixed(0)} /s, ratio ${(n.accepted / n.noop).toFixed(2)} (goal ≥ 0.5); processed ${n.processed.toFixed(0)} /s, backlog ${n.backlogMs.toFixed(0)} ms`);
      return;
    }
    if (what === 'one') {
      // One warm start (member cache filled by a first one): the requests it makes, in order.
      await postJson(`${ours.url}/api/messages`, startActivity(base, '19:bench0one0chat@thread.v2'));
      await waitIdle(ours.child.pid!);
      const t0 = Date.now();
      sink.record(true);
      await postJson(`${ours.url}/api/messages`, startActivity(base, '19:bench0one1chat@thread.v2'));
      await waitIdle(ours.child.pid!, 500);
      const graphLog = ((await (await fetch(`${graphUrl}/_sandbox/requests?since=${t0}`)).json()) as { requests: { method: string; path: string; at: number }[] }).requests;
      for (const r of graphLog) console.log(`${String(r.at - t0).padStart(5)} Graph ${r.method} ${r.path}`);
      for (const r of sink.requests) console.log(`${String(r.at - t0).padStart(5)} Connector ${r.method} ${r.path} ${r.type ?? ''}${r.hasCard ? ' card' : ''}`);
      sink.record(false);
      return;
    }
    const c = Number(what.replace(/^c/, ''));
    const echo = await startProcess(['--disable-warning=DEP0111', 'bench/echo-restify-bot.js'], {}, await freePort());
    stops.push(() => echo.stop());
    const pid = ours.child.pid!;
    const startOnce = async (i: number, label: string): Promise<boolean> => (await postJson(`${ours.url}/api/messages`, startActivity(base, `19:bench0${label}0chat${i % 50}@thread.v2`))) === 200;
    await closedLoop(10, seconds, (i) => startOnce(i, 'warm'));
    await waitIdle(pid);
    const e = await closedLoop(c, seconds, async (i) => (await postJson(`${echo.url}/api/messages`, startActivity(base, `19:echo${i % 50}@thread.v2`))) === 200);
    const before = cpuMs(pid);
    const o = await closedLoop(c, seconds, (i) => startOnce(i, `c${c}`));
    await waitIdle(pid);
    const cpu = (cpuMs(pid) - before) / Math.max(1, o.done);
    console.log(`start commands/s, C=${c}: ${o.perSecond.toFixed(0)} /s (${o.failed} failed), echo ${e.perSecond.toFixed(0)} /s, ratio ${(o.perSecond / e.perSecond).toFixed(2)} (goal ≥ 0.35); bot CPU ${cpu.toFixed(2)} ms per start`);
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
