/**
 * Create-only writes through botbuilder's Storage interface.
 *
 * Storage has no "If-None-Match: *". We write a missing key with an eTag that no stored item ever has:
 * - MemoryStorage and FileStorage treat any eTag other than '', '*' or undefined as "must match the stored
 *   one", and create a missing key — so this eTag creates a missing key and conflicts (412) with any
 *   existing item, atomically (FileStorage additionally links the new file into place, so it holds across
 *   processes too);
 * - BlobStorage (./blob-storage) maps it to `If-None-Match: *`.
 * A conflict is an ordinary eTag conflict: the read-modify-write loop re-reads and retries.
 */
export const CREATE_ONLY_ETAG = 'ib-create-only:if-none-match-*';
