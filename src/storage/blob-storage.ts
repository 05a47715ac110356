/**
 * Storage on Azure Blob, written on @azure/storage-blob directly (botbuilder-azure-blobs' BlobsStorage cannot
 * send If-None-Match: *, so two first writes of one key could both "win").
 *
 * Compatible with BlobsStorage's data: the same blob name (its sanitizeBlobKey: empty '/' segments collapse,
 * then encodeURIComponent, at most 1024 characters) and the same content (the item's JSON without its eTag;
 * the eTag is the blob's ETag). A store written by BlobsStorage is read by this one and vice versa.
 *
 * Writes: eTag CREATE_ONLY_ETAG → If-None-Match: *; any other eTag except '' and '*' → If-Match; else
 * unconditional. 412 (and 409 BlobAlreadyExists) become ETagConflictError.
 */
import { ContainerClient, RestError, type StoragePipelineOptions } from '@azure/storage-blob';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { sanitizeBlobKey } from 'botbuilder-azure-blobs/lib/sanitizeBlobKey';
import { CREATE_ONLY_ETAG } from './create-only';
import { ETagConflictError } from './file-storage';

/** Parallel blob calls per read/write. */
const CONCURRENCY = 16;

function statusOf(e: unknown): number | undefined {
  return e instanceof RestError ? e.statusCode : undefined;
}

async function mapLimited<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      const item = items[i] as T; // i < items.length
      out[i] = await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return out;
}

export class BlobStorage implements Storage {
  private readonly container: ContainerClient;
  private ready?: Promise<void>;

  constructor(connectionString: string, containerName: string, pipeline?: StoragePipelineOptions) {
    this.container = new ContainerClient(connectionString, containerName, pipeline);
  }

  /** Creates the container on first use; a failure is not cached (the next call tries again). */
  private open(): Promise<void> {
    if (!this.ready) {
      const ready = this.container.createIfNotExists().then(() => undefined);
      this.ready = ready;
      ready.catch(() => {
        if (this.ready === ready) this.ready = undefined;
      });
    }
    return this.ready;
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when reading.');
    await this.open();
    const items: StoreItems = {};
    await mapLimited(keys, async (key) => {
      const item = await this.readOne(key);
      if (item) items[key] = item;
    });
    return items;
  }

  private async readOne(key: string): Promise<StoreItem | undefined> {
    try {
      const res = await this.container.getBlobClient(sanitizeBlobKey(key)).download();
      const chunks: Buffer[] = [];
      for await (const chunk of res.readableStreamBody ?? []) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
      const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      return { ...parsed, eTag: res.etag };
    } catch (e: unknown) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes || typeof changes !== 'object') throw new ReferenceError('Changes are required when writing.');
    await this.open();
    await mapLimited(Object.entries(changes), async ([key, change]) => {
      const { eTag, ...rest } = change as StoreItem;
      const body = JSON.stringify(rest);
      const conditions =
        eTag === CREATE_ONLY_ETAG ? { ifNoneMatch: '*' } : typeof eTag === 'string' && eTag !== '' && eTag !== '*' ? { ifMatch: eTag } : {};
      try {
        await this.container.getBlockBlobClient(sanitizeBlobKey(key)).upload(body, Buffer.byteLength(body, 'utf8'), {
          conditions,
          blobHTTPHeaders: { blobContentType: 'application/json' },
        });
      } catch (e: unknown) {
        const status = statusOf(e);
        if (status === 412 || status === 409) throw new ETagConflictError(key);
        throw e;
      }
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when deleting.');
    await this.open();
    await mapLimited(keys, async (key) => {
      try {
        await this.container.deleteBlob(sanitizeBlobKey(key));
      } catch (e: unknown) {
        if (statusOf(e) !== 404) throw e;
      }
    });
  }
}
