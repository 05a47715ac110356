/**
 * Azurite (the Azure Storage emulator, an npm devDependency) for tests: blob service only, in memory,
 * on 127.0.0.1 with a port the OS picks. Offline: nothing is downloaded and telemetry is off.
 *
 *   const azurite = await startAzurite();
 *   … new BlobsStorage(azurite.connectionString, 'container') …
 *   await azurite.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { exited, killGroup, waitForExit } from '../../sandbox/playground/process-group';

/** The emulator's well-known account (public, documented by Microsoft; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  readonly connectionString: string;
  readonly port: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 3_000;
const LISTENING = /successfully listens on https?:\/\/[^\s]*?:(\d+)/;

function azuriteBlobMain(): string {
  const pkgJson = require.resolve('azurite/package.json');
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as { bin?: Record<string, string> };
  const bin = pkg.bin?.['azurite-blob'];
  if (!bin) throw new Error(`azurite at ${path.dirname(pkgJson)} has no azurite-blob binary`);
  return path.join(path.dirname(pkgJson), bin);
}

function stopGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid !== undefined && !exited(child)) killGroup(child.pid, signal); // detached: the child leads its own group
}

function waitForPort(port: number, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', (e: Error) => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`azurite: port ${port} not accepting connections: ${e.message}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export async function startAzurite(): Promise<Azurite> {
  // Azurite writes nothing with --inMemoryPersistence, but its workspace is the cwd: keep it in a temp dir.
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'azurite-'));
  const env = { ...process.env };
  delete env.AZURITE_ACCOUNTS; // would replace the well-known account
  const main = azuriteBlobMain();
  // Watchdog: the child has an IPC channel to us and exits when it closes, so even a test process that dies by
  // SIGKILL or a runner timeout leaves no Azurite behind. (azurite parses process.argv as [node, script, …flags].)
  const bootstrap =
    `process.on('disconnect', () => process.exit(0));` +
    `process.argv.splice(1, 0, ${JSON.stringify(main)});` +
    `require(${JSON.stringify(main)});`;
  const flags = [
    '--silent',
    '--inMemoryPersistence',
    '--extentMemoryLimit', '256',
    '--skipApiVersionCheck',
    '--loose',
    '--disableTelemetry', // Azurite collects telemetry by default; nothing may leave this machine
    '--blobHost', '127.0.0.1',
    '--blobPort', '0', // the OS picks a free port; Azurite prints it
  ];
  const child = spawn(process.execPath, ['-e', bootstrap, '--', ...flags], {
    cwd: workspace,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  // Nothing here keeps the test process alive: a forgotten stop() cannot hang a run (the watchdog then ends Azurite).
  child.unref();
  child.channel?.unref();
  (child.stdout as Socket | null)?.unref();
  (child.stderr as Socket | null)?.unref();
  const killOnExit = (): void => {
    stopGroup(child, 'SIGKILL');
    rmSync(workspace, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);

  let output = '';
  const collect = (chunk: Buffer): void => {
    if (output.length < 16_000) output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      process.off('exit', killOnExit);
      stopGroup(child, 'SIGTERM');
      if (!(await waitForExit(child, STOP_GRACE_MS))) {
        stopGroup(child, 'SIGKILL');
        await waitForExit(child, STOP_GRACE_MS);
      }
      if (child.connected) child.disconnect();
      child.stdout?.destroy();
      child.stderr?.destroy();
      rmSync(workspace, { recursive: true, force: true });
    })();
    return stopped;
  };

  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`azurite did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      const onData = (): void => {
        const m = LISTENING.exec(output);
        if (m) done(undefined, Number(m[1]));
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
        done(new Error(`azurite exited during start-up (code ${code}, signal ${signal})`));
      const onError = (e: Error): void => done(e);
      function done(e: Error | undefined, p?: number): void {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        child.off('error', onError);
        if (e) reject(e);
        else resolve(p!);
      }
      child.stdout?.on('data', onData);
      child.once('exit', onExit);
      child.once('error', onError);
    });
    await waitForPort(port, deadline);
    const connectionString =
      `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
      `BlobEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT};`;
    return { connectionString, port, stop };
  } catch (e: unknown) {
    await stop();
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- azurite output ---\n${output}`, { cause: e });
  }
}
