/** What the `alerts` command needs (wired in src/app.ts; absent when alerts are not wired, e.g. in unit tests). */
import type { Person } from '../incidents/incident';
import type { AlertSubscriptionRepository } from './alert-ports';
import type { AlertSubscription } from './subscription';

export interface AlertCommandServices {
  readonly subscriptions: AlertSubscriptionRepository;
  /** Where alerting tools reach the bot: PUBLIC_BASE_URL (sandbox: the bound address). */
  readonly publicBaseUrl: string;
  /** Runs a generic test alert through the same path as a webhook (stored, decided, opened). */
  sendTest(subscription: AlertSubscription, by: Person): Promise<void>;
}
