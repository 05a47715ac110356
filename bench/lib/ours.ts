/**
 * Starts the bot under test, compiled, in sandbox mode. `split`: the Graph sandbox runs in a process of its own
 * (bench/split/*.js) so the bot's CPU and throughput are the bot's, not shared with the simulated Graph it calls on
 * the same event loop; otherwise the bot embeds it as `npm start` does (SANDBOX=on).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_BOT_ENV, freePort, ROOT, sleep, startProcess, type Running } from './proc';

export interface Ours {
  readonly bot: Running;
  readonly graphUrl: string;
  /** The separate Graph sandbox process (split mode). */
  readonly sandbox?: ChildProcess;
  stop(): Promise<void>;
}

export async function startOurs(opts: { split: boolean; dataDir: string; nodeArgs?: readonly string[] }): Promise<Ours> {
  const graphPort = await freePort();
  const graphUrl = `http://127.0.0.1:${graphPort}`;
  const env = { SANDBOX: 'on', PLAYGROUND: 'off', SANDBOX_GRAPH_PORT: String(graphPort), STORAGE: 'file', DATA_DIR: opts.dataDir, LOG_LEVEL: 'warn', ...BENCH_BOT_ENV };
  const nodeArgs = [...(opts.nodeArgs ?? []), '--disable-warning=DEP0111'];
  if (!opts.split) {
    const bot = await startProcess([...nodeArgs, 'dist/src/index.js'], env, await freePort());
    return { bot, graphUrl, stop: () => bot.stop() };
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-split-'));
  const coords = path.join(tmp, 'coords.json');
  const sandbox = spawn(process.execPath, ['bench/split/graph-sandbox-process.js'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], SANDBOX_GRAPH_PORT: String(graphPort), COORDS_FILE: coords },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stopSandbox = async (): Promise<void> => {
    if (sandbox.exitCode === null && sandbox.signalCode === null) {
      const exited = new Promise((r) => sandbox.once('exit', r));
      sandbox.kill('SIGTERM');
      await exited;
    }
    rmSync(tmp, { recursive: true, force: true });
  };
  for (let i = 0; !existsSync(coords); i++) {
    if (sandbox.exitCode !== null || i > 3000) {
      await stopSandbox();
      throw new Error('the Graph sandbox process did not start');
    }
    await sleep(10);
  }
  await sleep(50); // the file is written in one call; let it land
  try {
    const bot = await startProcess([...nodeArgs, 'bench/split/bot-process.js'], { ...env, COORDS_FILE: coords }, await freePort());
    return { bot, graphUrl, sandbox, stop: async () => { await bot.stop(); await stopSandbox(); } };
  } catch (e: unknown) {
    await stopSandbox();
    throw e;
  }
}
