/**
 * Children that cannot outlive their parent, even when the parent is SIGKILLed (no exit hook runs then).
 *
 * The child is started through a small guard process (inline `node -e`, so it works from dist/ and under tsx
 * alike) that leads its own process group and holds a pipe from the parent on its stdin. The kernel closes that
 * pipe whenever the parent dies, however it dies; the guard then SIGKILLs its whole group — the child and all it
 * started. While the parent lives the guard just relays: SIGTERM to the child, the child's exit code as its own.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const GUARD = `
const { spawn } = require('node:child_process');
const [command, ...args] = JSON.parse(process.argv[1]);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
const killGroup = () => { try { process.kill(-process.pid, 'SIGKILL'); } catch (e) { process.exit(1); } };
process.stdin.on('end', killGroup);
process.stdin.on('close', killGroup);
process.stdin.on('error', killGroup);
process.stdin.resume();
process.on('SIGTERM', () => child.kill('SIGTERM'));
process.on('SIGINT', () => child.kill('SIGINT'));
child.on('error', () => process.exit(127));
child.on('exit', (code, signal) => process.exit(code === null ? (signal === 'SIGKILL' ? 137 : 143) : code));
`;

export interface GuardedSpawnOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Spawns `command args` under a guard; the returned process is the guard (the leader of the group: signal
 * `-pid` to reach everything). Its stdout/stderr carry the child's.
 */
export function spawnGuarded(command: string, args: readonly string[], opts: GuardedSpawnOptions = {}): ChildProcess {
  const options: SpawnOptions = {
    ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
    ...(opts.env !== undefined ? { env: opts.env } : {}),
    detached: true, // own process group: stopping it stops everything it started
    stdio: ['pipe', 'pipe', 'pipe'], // stdin: the lifeline, never written to, closed by the kernel when we die
  };
  const guard = spawn(process.execPath, ['-e', GUARD, JSON.stringify([command, ...args])], options);
  // The lifeline must not keep this process alive, nor its errors crash it (EPIPE once the guard is gone).
  guard.stdin?.on('error', () => undefined);
  return guard;
}
