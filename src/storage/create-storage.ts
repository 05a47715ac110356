/**
 * Picks the botbuilder Storage behind the incident repository (STORAGE=memory|file|blob).
 *
 * - memory: MemoryStorage; lost on restart (sandbox, tests).
 * - file:   JournalStorage under DATA_DIR (append-only journal, group commit, in-memory cache); durable, ONE
 *           process per data directory (a LOCK file enforces it). Imports a directory of the older FileStorage.
 * - blob:   BlobStorage (./blob-storage, data-compatible with botbuilder-azure-blobs' BlobsStorage) on
 *           AZURE_STORAGE_CONNECTION_STRING / AZURE_STORAGE_CONTAINER; durable and safe for several instances
 *           (conditional writes use If-Match on the blob's ETag, create-only writes If-None-Match: *).
 */
import { MemoryStorage, type Storage } from 'botbuilder';
import { ConfigError } from '../errors/app-error';
import type { AppConfig } from '../config';
import { JournalStorage } from './journal-storage';

/** Per-request timeout for blob calls; the SDK has none by default, so a stalled connection could hang a turn. */
const BLOB_TRY_TIMEOUT_MS = 30_000;

export async function createStorage(cfg: AppConfig['storage']): Promise<Storage> {
  switch (cfg.kind) {
    case 'memory':
      return new MemoryStorage();
    case 'file': {
      const storage = new JournalStorage(cfg.dataDir);
      await storage.read([]); // creates DATA_DIR now, so a bad path or permission fails startup, not the first turn
      return storage;
    }
    case 'blob':
      return createBlobStorage(cfg);
  }
}

async function createBlobStorage(cfg: AppConfig['storage']): Promise<Storage> {
  if (!cfg.blobConnectionString) throw new ConfigError('AZURE_STORAGE_CONNECTION_STRING', 'is required with STORAGE=blob');
  if (!cfg.blobContainer) throw new ConfigError('AZURE_STORAGE_CONTAINER', 'is required with STORAGE=blob');
  // Loaded only when used: it brings in @azure/storage-blob.
  const { BlobStorage } = await import('./blob-storage');
  const storage = new BlobStorage(cfg.blobConnectionString, cfg.blobContainer, { retryOptions: { tryTimeoutInMs: BLOB_TRY_TIMEOUT_MS } });
  // The container is created on the first call; make it here, so a bad connection string, key or network fails
  // startup with a clear message instead of the first turn.
  try {
    await storage.read([]);
  } catch (e: unknown) {
    throw new Error(`Blob storage: cannot open container "${cfg.blobContainer}": ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return storage;
}
