/**
 * What the alerts core needs from storage. Implemented over botbuilder Storage (eTags): src/storage/storage-alert-repository.ts;
 * an in-memory one for tests lives in test/support/in-memory-alert-store.ts.
 */
import type { Alert, AlertSource } from './alert';
import type { RateLimitState } from './rate-limit';
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

/** Which incident a (subscription, dedupKey) opened, and which notifications it has seen (stored through AlertInboxStore). */
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


/** An accepted alert waiting to be processed (stored before the webhook is answered; a restart finishes it). */
export interface PendingAlert {
  readonly id: string;
  readonly subscriptionId: string;
  readonly alert: Alert;
  readonly receivedAt: string;
  /** How many times processing failed (a poison alert is given up after a few). */
  readonly attempts: number;
}

/** Everything the alert processor stores: subscriptions, links, rate-limit state and the inbox of accepted alerts. */
export interface AlertInboxStore<ConversationRef = Readonly<Record<string, unknown>>> extends AlertSubscriptionRepository<ConversationRef> {
  getLink(subscriptionId: string, dedupKey: string): Promise<Stored<AlertIncidentLink> | undefined>;
  /** Without an eTag: create-only (a STORAGE_CONFLICT when another writer created it first). */
  saveLink(link: AlertIncidentLink, eTag?: string): Promise<string>;
  rate(subscriptionId: string): Promise<RateLimitState | undefined>;
  /**
   * Read-modify-write of the rate state, eTag-guarded and retried on a conflict (several instances share it):
   * `change` sees the current state and returns the next one, or undefined to write nothing.
   */
  updateRate(subscriptionId: string, change: (current: RateLimitState | undefined) => RateLimitState | undefined): Promise<void>;
  addPending(pending: PendingAlert): Promise<void>;
  getPending(id: string): Promise<PendingAlert | undefined>;
  countAttempt(id: string): Promise<PendingAlert | undefined>;
  pendingIds(): Promise<readonly string[]>;
  removePending(id: string): Promise<void>;
}
