/**
 * What the alerts core needs from storage. Implemented over botbuilder Storage (eTags) in src/storage after the merge;
 * an in-memory one for tests lives in test/support/in-memory-alert-store.ts.
 */
import type { AlertSource } from './alert';
import type { AlertSubscription } from './subscription';

export interface Stored<T> {
  readonly value: T;
  /** Opaque version for optimistic concurrency; '*' or undefined on save means "create or overwrite". */
  readonly eTag: string;
}

export interface AlertSubscriptionRepository<ConversationRef = Readonly<Record<string, unknown>>> {
  get(id: string): Promise<Stored<AlertSubscription<ConversationRef>> | undefined>;
  listByConversation(conversationId: string): Promise<readonly AlertSubscription<ConversationRef>[]>;
  /** Rejects with a STORAGE_CONFLICT AppError when `eTag` is stale. Returns the new eTag. */
  save(subscription: AlertSubscription<ConversationRef>, eTag?: string): Promise<string>;
  delete(id: string): Promise<void>;
}

/** Which incident a (subscription, dedupKey) opened, and which notifications it has seen. Owned by the alerts core. */
export interface AlertIncidentLink {
  readonly subscriptionId: string;
  readonly source: AlertSource;
  readonly dedupKey: string;
  readonly incidentId: string;
  /** The most recent occurrence keys (capped), to tell a redelivery from a new firing. */
  readonly seen: readonly string[];
  readonly lastStatus: 'firing' | 'resolved';
  readonly sourceResolvedAt?: string;
  readonly updatedAt: string;
}

export interface AlertIncidentLinkRepository {
  get(subscriptionId: string, dedupKey: string): Promise<Stored<AlertIncidentLink> | undefined>;
  save(link: AlertIncidentLink, eTag?: string): Promise<string>;
}
