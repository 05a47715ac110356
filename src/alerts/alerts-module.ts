/**
 * Alert webhooks wired together (called once from src/app.ts): the inbox/processor, the webhook route, the
 * `alerts` command's services, and the test alert behind the card's "Send test alert" button.
 */
import { alertsRoute } from '../http/alerts-route';
import type { RouteInstaller } from '../http/server';
import type { Person } from '../incidents/incident';
import type { Alert } from './alert';
import { type AlertEffectDeps, AlertEffects, type ConversationRef } from './alert-effects';
import { AlertProcessor } from './alert-processor';
import type { AlertCommandServices } from './alert-services';
import type { AlertInboxStore } from './alert-ports';
import type { SeverityMap } from './severity-map';
import type { AlertSubscription } from './subscription';

/** What the effects need, plus the inbox, the public address for webhook URLs and the severity mapping. */
export interface AlertsModuleDeps extends AlertEffectDeps {
  readonly store: AlertInboxStore<ConversationRef>;
  readonly publicBaseUrl: string;
  readonly severities: SeverityMap;
}

export interface AlertsModule {
  readonly route: RouteInstaller;
  readonly commands: AlertCommandServices;
  readonly processor: AlertProcessor;
}

/** The test alert: generic, at the subscription's minimum severity, carrying its label filter so it matches. */
export function testAlert(subscription: AlertSubscription<unknown>, by: Person, now: Date): Alert {
  const key = `test-${now.getTime().toString(36)}`;
  return {
    source: 'generic',
    dedupKey: key,
    occurrenceKey: `${key}|firing`,
    status: 'firing',
    title: 'Test alert from IncidentBridge',
    severity: subscription.minSeverity,
    sourceSeverity: subscription.minSeverity,
    description: `Sent with the "Send test alert" button by ${by.displayName}. Resolve this incident when you are done.`,
    labels: { ...subscription.labelFilter, test: 'true' },
    firedAt: now.toISOString(),
    summary: {},
  };
}

export function createAlertsModule(deps: AlertsModuleDeps): AlertsModule {
  const log = deps.log.child({ component: 'alerts' });
  const effects = new AlertEffects({
    incidents: deps.incidents, repository: deps.repository, calls: deps.calls, cards: deps.cards, post: deps.post,
    clock: deps.clock, meetingDurationMinutes: deps.meetingDurationMinutes, log,
  });
  const processor = new AlertProcessor({ store: deps.store, effects, repository: deps.repository, clock: deps.clock, log });
  const route = alertsRoute<ConversationRef>({
    getSubscription: async (id) => (await deps.store.get(id))?.value,
    severities: deps.severities,
    accept: (alert, subscription) => processor.accept(alert, subscription),
    log,
  });
  const commands: AlertCommandServices = {
    subscriptions: deps.store,
    publicBaseUrl: deps.publicBaseUrl,
    sendTest: (subscription, by) => processor.accept(testAlert(subscription, by, deps.clock.now()), subscription),
  };
  return { route, commands, processor };
}
