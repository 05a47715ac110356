/** JournalStorage's file plumbing: the data-dir lock, directory fsync, importing an older FileStorage directory. */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { errnoCode, isProcessAlive, syncDir } from './fs-util';
import { DataDirLockedError } from './storage-errors';

const LOCK = 'LOCK';

export async function unlockDataDir(dir: string): Promise<void> {
  await fsp.rm(path.join(dir, LOCK), { force: true });
}


/** Imports a directory of the older FileStorage ({v,key,eTag,item} per .json file) into a fresh journal. */
export async function importFileStorage(dir: string, file: string): Promise<void> {
  const lines: string[] = [];
  for (const name of await fsp.readdir(dir)) {
    if (!name.endsWith('.json') || name.startsWith('.')) continue;
    const rec = JSON.parse(await fsp.readFile(path.join(dir, name), 'utf8')) as { v?: number; key?: string; eTag?: string; item?: Record<string, unknown> };
    if (rec.v !== 1 || typeof rec.key !== 'string' || typeof rec.eTag !== 'string' || !rec.item) continue;
    lines.push(`${JSON.stringify({ k: rec.key, e: rec.eTag, i: rec.item })}\n`);
  }
  if (lines.length === 0) return;
  const temp = `${file}.${process.pid}.import`;
  await fsp.writeFile(temp, lines.join(''), { mode: 0o600, flush: true });
  await fsp.rename(temp, file);
  await syncDir(dir);
}

export async function lockDataDir(dir: string): Promise<void> {
  const lockFile = path.join(dir, LOCK);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fsp.writeFile(lockFile, String(process.pid), { flag: 'wx', mode: 0o600 });
      return;
    } catch (e: unknown) {
      if (errnoCode(e) !== 'EEXIST') throw e;
    }
    const pid = Number((await fsp.readFile(lockFile, 'utf8')).trim());
    if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) throw new DataDirLockedError(dir, pid);
    await fsp.rm(lockFile, { force: true }); // a dead process's lock
  }
  throw new DataDirLockedError(dir, -1);
}

