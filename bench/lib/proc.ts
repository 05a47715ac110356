/** Spawning the processes under test and reading their CPU time and memory from /proc. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const ROOT = join(__dirname, '..', '..');
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export { freePort } from '../../test/support/spawn-bot';

/** User + system CPU of a process, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

export interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  /** Spawn → first GET /healthz 200, in ms. */
  readonly startMs: number;
  stop(): Promise<void>;
}

/** Starts `node args…` with env and PORT, waits for GET /healthz 200 (bounded). */
export async function startProcess(args: readonly string[], env: NodeJS.ProcessEnv, port: number, timeoutMs = 30_000): Promise<Running> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    if (performance.now() - t0 > timeoutMs) {
      await stop();
      throw new Error(`${args.join(' ')}: no /healthz within ${timeoutMs} ms`);
    }
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) break;
    } catch (e: unknown) {
      if (!(e instanceof TypeError)) throw e; // not listening yet
    }
    await sleep(5);
  }
  return { child, url, startMs: performance.now() - t0, stop };
}

/** Waits until a process has used (almost) no CPU for `quietMs`: its queued work is done. Returns when it went quiet. */
export async function waitIdle(pid: number, quietMs = 300, maxMs = 60_000): Promise<number> {
  const t0 = performance.now();
  let last = cpuMs(pid);
  let quietSince = performance.now();
  while (performance.now() - t0 < maxMs) {
    await sleep(50);
    const now = cpuMs(pid);
    if (now - last > 5) quietSince = performance.now();
    last = now;
    if (performance.now() - quietSince >= quietMs) return quietSince;
  }
  return performance.now();
}

/**
 * The bot's environment in the benchmarks besides mode and ports: the per-user / per-conversation start limits
 * (#11; 10 and 30 per 10 minutes by default) raised out of the way, since the load sends thousands of starts from
 * one user: otherwise nearly every start measured is a cheap "too many starts" reply, not a start.
 */
export const BENCH_BOT_ENV: NodeJS.ProcessEnv = {
  RATE_LIMIT_STARTS_PER_USER: '100000',
  RATE_LIMIT_STARTS_PER_CONVERSATION: '100000',
};
