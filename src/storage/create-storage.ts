/**
 * Picks the botbuilder Storage behind the incident repository (STORAGE=memory|file|blob).
 *
 * - memory: MemoryStorage; lost on restart (sandbox, tests).
 * - file:   FileStorage under DATA_DIR; durable, ONE process per data directory.
 * - blob:   BlobsStorage (botbuilder-azure-blobs) on AZURE_STORAGE_CONNECTION_STRING / AZURE_STORAGE_CONTAINER;
 *           durable and safe for several instances (conditional writes use If-Match on the blob's ETag).
 */
import { MemoryStorage, type Storage } from 'botbuilder';
import { ConfigError } from '../errors/app-error';
import type { AppConfig } from '../config';
import { FileStorage } from './file-storage';

/** Per-request timeout for blob calls; the SDK has none by default, so a stalled connection could hang a turn. */
const BLOB_TRY_TIMEOUT_MS = 30_000;

export async function createStorage(cfg: AppConfig['storage']): Promise<Storage> {
  switch (cfg.kind) {
    case 'memory':
      return new MemoryStorage();
    case 'file': {
      const storage = new FileStorage(cfg.dataDir);
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
  const { BlobsStorage } = await import('botbuilder-azure-blobs');
  const storage = new BlobsStorage(cfg.blobConnectionString, cfg.blobContainer, {
    storagePipelineOptions: { retryOptions: { tryTimeoutInMs: BLOB_TRY_TIMEOUT_MS } },
  });
  // BlobsStorage creates the container lazily (createIfNotExists on its first call) and caches that promise
  // even when it fails, which would break every later call. Make the first call here, so a bad connection
  // string, key or network fails startup with a clear message instead of poisoning the instance.
  try {
    await storage.read([]);
  } catch (e: unknown) {
    throw new Error(`Blob storage: cannot open container "${cfg.blobContainer}": ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return storage;
}
