/**
 * The alerts core's ports (src/alerts/ports.ts) on botbuilder's Storage, the app's configured store:
 * subscriptions (+ a per-conversation index), alert → incident links, per-subscription rate-limit state, and the
 * inbox of accepted alerts not yet processed (so a restart finishes them). Writes are eTag-guarded like
 * StorageIncidentRepository: a stale eTag is a STORAGE_CONFLICT; first writes are create-only.
 * Keys hash anything a webhook controls (dedup keys), so no payload text ever becomes part of a storage key.
 */
import { conversationRoot } from '../incidents/incident';
import { createHash } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';
import type { AlertIncidentLink, AlertInboxStore, AlertSubscriptionRepository, PendingAlert, Stored } from '../alerts/alert-ports';
import type { RateLimitState } from '../alerts/rate-limit';
import type { AlertSubscription } from '../alerts/subscription';
import { AppError } from '../errors/app-error';
import { CREATE_ONLY_ETAG } from './create-only';
import { isETagConflict } from './storage-incident-repository';

/** The conversation reference is opaque JSON here. */
type Ref = Readonly<Record<string, unknown>>;
type Subscription = AlertSubscription<Ref>;

interface SubscriptionItem extends StoreItem { subscription: Subscription }
interface IdsItem extends StoreItem { ids: string[] }
interface LinkItem extends StoreItem { link: AlertIncidentLink }
interface RateItem extends StoreItem { rate: RateLimitState }
interface PendingItem extends StoreItem { pending: PendingAlert }

const MAX_ATTEMPTS = 20;

function hash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 40);
}

export class StorageAlertRepository implements AlertSubscriptionRepository<Ref>, AlertInboxStore<Ref> {
  constructor(private readonly storage: Storage, private readonly prefix = 'incident-bridge/alerts') {}

  private key(...parts: string[]): string {
    return [this.prefix, ...parts.map((p) => encodeURIComponent(p))].join('/');
  }

  private conversationKey(conversationId: string): string {
    return this.key('by-conversation', conversationRoot(conversationId));
  }

  private async read<T extends StoreItem>(key: string): Promise<T | undefined> {
    return (await this.storage.read([key]))[key] as T | undefined;
  }

  /** Writes with the caller's eTag ('*'/undefined: create or overwrite); a conflict is a STORAGE_CONFLICT AppError. */
  private async writeGuarded(key: string, item: StoreItem, eTag: string | undefined, what: string): Promise<string> {
    try {
      await this.storage.write({ [key]: { ...item, eTag: eTag ?? '*' } });
    } catch (e: unknown) {
      if (isETagConflict(e)) throw new AppError('STORAGE_CONFLICT', `${what} changed meanwhile.`, { cause: e });
      throw e;
    }
    return (await this.read<StoreItem>(key))?.eTag ?? '*';
  }

  /** Read-modify-write with retries (indexes, pending list). `change` returning undefined writes nothing. */
  private async mutate<T extends StoreItem>(key: string, change: (cur: T | undefined) => Omit<T, 'eTag'> | undefined): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.read<T>(key);
      const next = change(current);
      if (next === undefined) return;
      try {
        await this.storage.write({ [key]: { ...next, eTag: current?.eTag ?? CREATE_ONLY_ETAG } });
        return;
      } catch (e: unknown) {
        if (!isETagConflict(e) || attempt >= MAX_ATTEMPTS) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
      }
    }
  }

  // --- subscriptions ---

  async get(id: string): Promise<Stored<Subscription> | undefined> {
    const item = await this.read<SubscriptionItem>(this.key('subscription', id));
    return item ? { value: item.subscription, eTag: item.eTag ?? '*' } : undefined;
  }

  async listByConversation(conversationId: string): Promise<readonly Subscription[]> {
    const index = await this.read<IdsItem>(this.conversationKey(conversationId));
    const ids = index?.ids ?? [];
    if (ids.length === 0) return [];
    const keys = ids.map((id) => this.key('subscription', id));
    const items = await this.storage.read(keys);
    return keys.map((k) => (items[k] as SubscriptionItem | undefined)?.subscription).filter((s): s is Subscription => s !== undefined);
  }

  async save(subscription: Subscription, eTag?: string): Promise<string> {
    const next = await this.writeGuarded(this.key('subscription', subscription.id), { subscription } satisfies Omit<SubscriptionItem, 'eTag'>, eTag, `Subscription ${subscription.id}`);
    await this.mutate<IdsItem>(this.conversationKey(subscription.conversationId), (cur) =>
      cur?.ids.includes(subscription.id) ? undefined : { ids: [...(cur?.ids ?? []), subscription.id] });
    return next;
  }

  async delete(id: string): Promise<void> {
    const current = await this.get(id);
    if (!current) return;
    // Index first: a crash in between leaves an orphan item nobody lists, never a listed id without an item.
    await this.mutate<IdsItem>(this.conversationKey(current.value.conversationId), (cur) =>
      cur?.ids.includes(id) ? { ids: cur.ids.filter((x) => x !== id) } : undefined);
    await this.storage.delete([this.key('subscription', id)]);
  }

  // --- alert → incident links ---

  private linkKey(subscriptionId: string, dedupKey: string): string {
    return this.key('link', subscriptionId, hash(dedupKey));
  }

  async getLink(subscriptionId: string, dedupKey: string): Promise<Stored<AlertIncidentLink> | undefined> {
    const item = await this.read<LinkItem>(this.linkKey(subscriptionId, dedupKey));
    return item ? { value: item.link, eTag: item.eTag ?? '*' } : undefined;
  }

  /** Creates (no eTag: create-only, so two first writers never both win) or updates (eTag) a link. */
  async saveLink(link: AlertIncidentLink, eTag?: string): Promise<string> {
    return this.writeGuarded(this.linkKey(link.subscriptionId, link.dedupKey), { link } satisfies Omit<LinkItem, 'eTag'>, eTag ?? CREATE_ONLY_ETAG, `The alert link for ${link.subscriptionId}`);
  }

  // --- rate-limit state ---

  async rate(subscriptionId: string): Promise<RateLimitState | undefined> {
    return (await this.read<RateItem>(this.key('rate', subscriptionId)))?.rate;
  }

  async updateRate(subscriptionId: string, change: (current: RateLimitState | undefined) => RateLimitState | undefined): Promise<void> {
    await this.mutate<RateItem>(this.key('rate', subscriptionId), (cur) => {
      const next = change(cur?.rate);
      return next === undefined ? undefined : { rate: next };
    });
  }

  // --- the inbox of accepted alerts ---

  /** Stores an accepted alert (item first, then the index entry: the route answers 202 after both). */
  async addPending(pending: PendingAlert): Promise<void> {
    await this.storage.write({ [this.key('pending', pending.id)]: { pending, eTag: '*' } satisfies PendingItem });
    await this.mutate<IdsItem>(this.key('pending-index'), (cur) =>
      cur?.ids.includes(pending.id) ? undefined : { ids: [...(cur?.ids ?? []), pending.id] });
  }

  async getPending(id: string): Promise<PendingAlert | undefined> {
    return (await this.read<PendingItem>(this.key('pending', id)))?.pending;
  }

  async countAttempt(id: string): Promise<PendingAlert | undefined> {
    const cur = await this.getPending(id);
    if (!cur) return undefined;
    const next = { ...cur, attempts: cur.attempts + 1 };
    await this.storage.write({ [this.key('pending', id)]: { pending: next, eTag: '*' } satisfies PendingItem });
    return next;
  }

  /** Ids of accepted alerts not finished yet, oldest first. */
  async pendingIds(): Promise<readonly string[]> {
    return (await this.read<IdsItem>(this.key('pending-index')))?.ids ?? [];
  }

  async removePending(id: string): Promise<void> {
    await this.mutate<IdsItem>(this.key('pending-index'), (cur) =>
      cur?.ids.includes(id) ? { ids: cur.ids.filter((x) => x !== id) } : undefined);
    await this.storage.delete([this.key('pending', id)]);
  }
}
