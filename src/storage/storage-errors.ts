/** Errors of the embedded store, each with a stable code (logged at startup; never shown on a card). */

export class DataDirLockedError extends Error {
  readonly code = 'STORAGE_LOCKED';
  constructor(dir: string, pid: number) {
    super(`JournalStorage: ${dir} is in use by process ${pid}; run one process per data directory (or STORAGE=blob).`);
    this.name = 'DataDirLockedError';
  }
}

export class JournalCorruptError extends Error {
  readonly code = 'STORAGE_CORRUPT';
  constructor(file: string, line: number) {
    super(`JournalStorage: ${file} line ${line} is not a journal record (the file was changed outside the bot).`);
    this.name = 'JournalCorruptError';
  }
}
