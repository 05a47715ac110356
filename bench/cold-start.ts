/**
 * Benchmark: cold start (process spawn → first GET /healthz 200) and idle RSS, in one run, interleaved:
 *   - ours (compiled):  node dist/src/index.js            (what App Service and npm start run)
 *   - ours (tsx, old):  node --import tsx src/index.ts    (what npm start ran before)
 *   - echo:             node bench/echo-restify-bot.js    (plain botbuilder echo bot on restify)
 * Ours runs in production mode with fake credentials (Graph is not contacted at startup). Builds dist/ first.
 * Prints medians and the ratios ours/echo. Run: npx tsx bench/cold-start.ts [rounds]
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from './lib/proc';

const root = join(__dirname, '..');

const fakeCredentials: NodeJS.ProcessEnv = {
  MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
  MicrosoftAppPassword: 'bench-not-a-secret',
  MicrosoftAppTenantId: '00000000-0000-0000-0000-000000000002',
  MicrosoftAppType: 'SingleTenant',
  GRAPH_TENANT_ID: '00000000-0000-0000-0000-000000000002',
  PUBLIC_BASE_URL: 'https://bench.invalid',
  STORAGE: 'memory',
  SANDBOX: 'off',
  LOG_LEVEL: 'warn',
};

interface Subject {
  readonly name: string;
  readonly args: readonly string[];
}

const subjects: readonly Subject[] = [
  { name: 'ours (compiled)', args: ['--disable-warning=DEP0111', 'dist/src/index.js'] },
  { name: 'ours (tsx, old npm start)', args: ['--disable-warning=DEP0111', '--import', 'tsx', 'src/index.ts'] },
  { name: 'echo (botbuilder+restify)', args: ['--disable-warning=DEP0111', 'bench/echo-restify-bot.js'] },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

async function once(s: Subject, port: number): Promise<{ ms: number; rss: number }> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...fakeCredentials, PORT: String(port) };
  const t0 = performance.now();
  const child = spawn(process.execPath, [...s.args], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${s.name} exited with ${child.exitCode}`);
      if (performance.now() - t0 > 30_000) throw new Error(`${s.name}: no /healthz within 30 s`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      await sleep(5);
    }
    const ms = performance.now() - t0;
    await sleep(1500); // idle: let start-up garbage settle
    return { ms, rss: rssKiB(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface ColdStartFigures {
  /** Median ms spawn → /healthz 200, and idle RSS in MiB, per subject name. */
  readonly ms: ReadonlyMap<string, number>;
  readonly rssMiB: ReadonlyMap<string, number>;
}

export const COMPILED = subjects[0]!.name;
export const ECHO = subjects[2]!.name;

/** Interleaved cold starts of every subject (dist/ must be built). */
export async function measureColdStart(rounds: number, only: readonly string[] = subjects.map((s) => s.name)): Promise<ColdStartFigures> {
  const chosen = subjects.filter((s) => only.includes(s.name));
  const times = new Map<string, number[]>(chosen.map((s) => [s.name, []]));
  const rss = new Map<string, number[]>(chosen.map((s) => [s.name, []]));
  for (let i = 0; i < rounds; i++) {
    for (const s of chosen) {
      const r = await once(s, await freePort());
      times.get(s.name)!.push(r.ms);
      rss.get(s.name)!.push(r.rss / 1024);
    }
  }
  return {
    ms: new Map([...times].map(([k, v]) => [k, median(v)])),
    rssMiB: new Map([...rss].map(([k, v]) => [k, median(v)])),
  };
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 7);
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  const times = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
  const rss = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
  let port = 41_000 + Math.floor(Math.random() * 1000);
  for (let i = 0; i < rounds; i++) {
    for (const s of subjects) {
      const r = await once(s, port++);
      times.get(s.name)!.push(r.ms);
      rss.get(s.name)!.push(r.rss);
    }
  }
  const echo = subjects[2]!.name;
  const echoMs = median(times.get(echo)!);
  const echoRss = median(rss.get(echo)!);
  console.log(`cold start (spawn → GET /healthz 200) and idle RSS, median of ${rounds} interleaved runs`);
  for (const s of subjects) {
    const ms = median(times.get(s.name)!);
    const kib = median(rss.get(s.name)!);
    console.log(
      `${s.name.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms  (×${(ms / echoMs).toFixed(2)} echo)   RSS ${(kib / 1024).toFixed(1).padStart(6)} MiB  (×${(kib / echoRss).toFixed(2)} echo)`,
    );
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
