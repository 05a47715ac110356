/** Check 8: the storage backend opens and a probe key can be written, read back and deleted. */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Storage } from 'botbuilder';
import type { AppConfig } from '../config';
import { ConfigError } from '../errors/app-error';
import { configFix } from './config-check';
import { errorCode, messageOf, withTimeout } from './describe-failure';
import type { CheckResult } from './doctor-types';

const STORAGE_PROBE_PREFIX = 'incident-bridge-doctor-probe';

function describeTarget(cfg: AppConfig['storage']): string {
  switch (cfg.kind) {
    case 'memory':
      return 'memory';
    case 'file':
      return `file storage in ${path.resolve(cfg.dataDir)}`;
    case 'blob':
      return `blob container ${cfg.blobContainer ?? '?'}`;
  }
}

function fixFor(cfg: AppConfig['storage'], e: unknown): { why: string; fix: string[] } {
  if (e instanceof ConfigError) return { why: e.message, fix: configFix(e.variable) };
  const code = errorCode(e);
  if (cfg.kind === 'file') {
    const dir = path.resolve(cfg.dataDir);
    const folder = ['set DATA_DIR to a writable folder (App Service on Linux: /home/data survives restarts), or STORAGE=blob for several instances'];
    if (code === 'EEXIST' || code === 'ENOTDIR') return { why: `DATA_DIR ${dir} is a file (or inside one), not a folder (${code})`, fix: folder };
    if (code === 'EACCES' || code === 'EPERM') return { why: `DATA_DIR ${dir} is not writable by this user (${code})`, fix: [...folder, `or give the bot's user write access: chmod u+rwx ${dir}`] };
    if (code === 'EROFS') return { why: `DATA_DIR ${dir} is on a read-only file system (${code})`, fix: folder };
    if (code === 'ENOSPC') return { why: `the disk holding ${dir} is full (${code})`, fix: ['free space, or STORAGE=blob'] };
    return { why: `${dir}: ${messageOf(e)}`, fix: folder };
  }
  if (cfg.kind === 'blob') {
    return {
      why: messageOf(e),
      fix: [
        'check AZURE_STORAGE_CONNECTION_STRING (az storage account show-connection-string -g <resource group> -n <account> -o tsv) and AZURE_STORAGE_CONTAINER,',
        "and that the storage account's firewall allows this network (Networking > Public network access).",
      ],
    };
  }
  return { why: messageOf(e), fix: ['see the bot logs'] };
}

export async function checkStorage(cfg: AppConfig['storage'], ctx: { mode: 'sandbox' | 'production'; createStorage: (cfg: AppConfig['storage']) => Promise<Storage>; timeoutMs: number }): Promise<CheckResult> {
  const title = 'Storage';
  const what = describeTarget(cfg);
  const fail = (step: string, e: unknown): CheckResult => {
    const x = fixFor(cfg, e);
    return { id: 'storage', title, status: 'FAIL', summary: `${what}: ${step} failed: ${x.why}`, fix: x.fix };
  };
  let storage: Storage;
  try {
    storage = await withTimeout(ctx.createStorage(cfg), ctx.timeoutMs, 'opening the storage');
  } catch (e: unknown) {
    return fail('opening', e);
  }
  const key = `${STORAGE_PROBE_PREFIX}-${randomUUID()}`;
  const nonce = randomUUID();
  try {
    await withTimeout(storage.write({ [key]: { nonce, writtenBy: 'npm run doctor', eTag: '*' } }), ctx.timeoutMs, 'write');
  } catch (e: unknown) {
    return fail('writing a probe key', e);
  }
  try {
    const read = await withTimeout(storage.read([key]), ctx.timeoutMs, 'read');
    const item = read[key] as { nonce?: unknown } | undefined;
    if (item?.nonce !== nonce) return { id: 'storage', title, status: 'FAIL', summary: `${what}: the probe key read back ${item === undefined ? 'nothing' : 'other data'}`, fix: ['another process may be using the same storage with different contents; see the bot logs'] };
  } catch (e: unknown) {
    return fail('reading the probe key back', e);
  }
  try {
    await withTimeout(storage.delete([key]), ctx.timeoutMs, 'delete');
    const again = await withTimeout(storage.read([key]), ctx.timeoutMs, 'read after delete');
    if (again[key] !== undefined) return { id: 'storage', title, status: 'FAIL', summary: `${what}: the probe key is still there after delete`, fix: ['check the storage permissions (delete)'] };
  } catch (e: unknown) {
    return fail('deleting the probe key', e);
  }
  const done = `${what}: wrote, read and deleted a probe key`;
  if (cfg.kind === 'memory' && ctx.mode === 'production') {
    return { id: 'storage', title, status: 'WARN', summary: `${done}, but incidents are lost on every restart`, fix: ['STORAGE=file (one instance, DATA_DIR on persistent disk) or STORAGE=blob (several instances)'] };
  }
  const details = cfg.kind === 'file' && ctx.mode === 'production' ? ['file storage serves ONE instance: with several App Service instances use STORAGE=blob'] : undefined;
  return { id: 'storage', title, status: 'OK', summary: done, ...(details ? { details } : {}) };
}
