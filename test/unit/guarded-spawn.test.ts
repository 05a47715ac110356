/**
 * A child that `npm start` launched (the Playground, through spawnGuarded) must not outlive the bot, even when
 * the bot is SIGKILLed: a parent process starts a guarded sleeper, the test SIGKILLs the parent, and the
 * sleeper (and its guard) are gone soon after.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { until } from '../support/teams-conversation';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: unknown) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

test('a guarded child dies with its parent, even after SIGKILL of the parent', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'guarded-'));
  const pidFile = path.join(dir, 'sleeper.pid');
  const sleeper = `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000);`;
  const parentCode = `
    const { spawnGuarded } = require(${JSON.stringify(path.resolve(__dirname, '../../sandbox/playground/guarded-spawn.ts'))});
    const guard = spawnGuarded(process.execPath, ['-e', ${JSON.stringify(sleeper)}]);
    process.stdout.write('guard ' + guard.pid + '\\n');
    setInterval(() => {}, 1000);
  `;
  const parent = spawn(process.execPath, ['--import', 'tsx', '-e', parentCode], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let out = '';
    parent.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    await until('the sleeper to start', () => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '' && /guard \d+/.test(out), 20_000);
    const sleeperPid = Number(readFileSync(pidFile, 'utf8'));
    const guardPid = Number(/guard (\d+)/.exec(out)![1]);
    assert.ok(alive(sleeperPid) && alive(guardPid));

    parent.kill('SIGKILL');
    await until('the sleeper to die with its parent', () => !alive(sleeperPid), 10_000);
    await until('the guard to be gone', () => !alive(guardPid), 10_000);
  } finally {
    if (parent.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
