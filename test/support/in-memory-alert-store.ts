/** Test-only in-memory AlertSubscriptionRepository with eTag semantics (a real one goes over botbuilder Storage). */
import { AppError } from '../../src/errors/app-error';
import type { AlertSubscriptionRepository, Stored } from '../../src/alerts/alert-ports';
import type { AlertSubscription } from '../../src/alerts/subscription';

export class InMemoryAlertSubscriptions<Ref = Readonly<Record<string, unknown>>> implements AlertSubscriptionRepository<Ref> {
  private readonly items = new Map<string, Stored<AlertSubscription<Ref>>>();
  private version = 0;

  async get(id: string): Promise<Stored<AlertSubscription<Ref>> | undefined> {
    return this.items.get(id);
  }

  async listByConversation(conversationId: string): Promise<readonly AlertSubscription<Ref>[]> {
    return [...this.items.values()].map((s) => s.value).filter((s) => s.conversationId === conversationId);
  }

  async save(subscription: AlertSubscription<Ref>, eTag?: string): Promise<string> {
    const current = this.items.get(subscription.id);
    if (eTag !== undefined && eTag !== '*' && current?.eTag !== eTag) {
      throw new AppError('STORAGE_CONFLICT', `Subscription ${subscription.id} changed meanwhile.`);
    }
    const next = String(++this.version);
    this.items.set(subscription.id, { value: subscription, eTag: next });
    return next;
  }

  async delete(id: string): Promise<void> {
    this.items.delete(id);
  }
}
