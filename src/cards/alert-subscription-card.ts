/**
 * Cards of the `alerts` command: the new subscription (webhook URL per source, shown once, posted only into the
 * subscribed conversation), the list of a conversation's subscriptions (no secrets: only their hashes are stored)
 * and the one-line notices alerts post (rate limiting).
 */
import type { AlertSource } from '../alerts/alert';
import { SOURCE_NAMES } from '../alerts/decide';
import type { AlertSubscription } from '../alerts/subscription';
import type { AdaptiveCard, CardAction, CardElement } from './adaptive-card';
import { card, plain } from './adaptive-card';
import { userText, when } from './card-format';
import { LIMITS } from './limits';

/** Data of the "Send test alert" button. */
export const TEST_ALERT_DATA_KEY = 'subscriptionId';

const SOURCE_SETUP: Readonly<Record<AlertSource, string>> = {
  alertmanager: 'receivers → webhook_configs → url (send_resolved: true)',
  grafana: 'Contact point → Webhook → URL',
  'azure-monitor': 'Action group → Webhook (enable the common alert schema)',
  pagerduty: 'Integrations → Generic Webhooks (v3): incident.triggered, incident.resolved',
  generic: 'POST JSON: title, severity, dedupKey, status, link, description',
};

type Subscription = AlertSubscription<unknown>;

function facts(s: Subscription): { title: string; value: string }[] {
  const filter = Object.entries(s.labelFilter).map(([k, v]) => `${k}=${v}`);
  const paged = s.pageNames && s.pageNames.length > 0 ? s.pageNames : s.page.length > 0 ? [`${s.page.length} people`] : [];
  return [
    { title: 'Opens a bridge for', value: `${s.minSeverity.toUpperCase()} or more severe` },
    { title: 'Label filter', value: filter.length > 0 ? userText(filter.join(', '), LIMITS.textLength) : 'none (every alert)' },
    { title: 'Pages', value: paged.length > 0 ? userText(paged.join(', '), LIMITS.textLength) : 'nobody (the bot joins alone)' },
    { title: 'When resolved', value: s.autoresolve ? 'the incident resolves automatically' : 'the card says so; people resolve it' },
    { title: 'PagerDuty signature', value: s.pagerDutySigningSecret ? 'verified (X-PagerDuty-Signature)' : 'not configured (token only)' },
    { title: 'Created', value: `${when(s.createdAt)} by ${userText(s.createdBy.displayName, LIMITS.nameLength)}` },
  ];
}

function testButton(s: Subscription): CardAction {
  return { type: 'Action.Execute', title: 'Send test alert', verb: 'sendTestAlert', data: { [TEST_ALERT_DATA_KEY]: s.id } };
}

/** The new subscription with its webhook URLs (the only time the secret is shown). */
export function alertSubscriptionCard(s: Subscription, urls: Readonly<Record<AlertSource, string>>): AdaptiveCard {
  const body: CardElement[] = [
    { type: 'TextBlock', text: `Alerts open bridges here · ${s.id}`, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'FactSet', facts: facts(s) },
    { type: 'TextBlock', wrap: true, weight: 'Bolder', spacing: 'Medium', text: 'Webhook URLs: paste one into your alerting tool' },
  ];
  for (const [source, url] of Object.entries(urls) as [AlertSource, string][]) {
    body.push({
      type: 'Container',
      spacing: 'Small',
      items: [
        { type: 'TextBlock', wrap: true, size: 'Small', text: `**${SOURCE_NAMES[source] === 'The alert source' ? 'Generic JSON' : SOURCE_NAMES[source]}**: ${plain(SOURCE_SETUP[source])}` },
        { type: 'TextBlock', wrap: true, size: 'Small', fontType: 'Monospace', spacing: 'None', text: plain(url) },
      ],
    });
  }
  body.push({
    type: 'TextBlock', wrap: true, isSubtle: true, size: 'Small', spacing: 'Medium',
    text: plain(`The URL holds a secret, shown only on this card: anyone with it can open bridges in this conversation. The same token also works as "Authorization: Bearer <token>". Remove it with "alerts off ${s.id}".`),
  });
  return card(body, [testButton(s)]);
}

/** `alerts`: this conversation's subscriptions. */
export function alertSubscriptionListCard(subscriptions: readonly Subscription[]): AdaptiveCard {
  if (subscriptions.length === 0) {
    return card([
      { type: 'TextBlock', text: 'No alert subscriptions here', weight: 'Bolder', wrap: true },
      { type: 'TextBlock', wrap: true, text: plain('Subscribe with e.g. "alerts here min sev2 page @Megan Bowen service=checkout autoresolve".') },
    ]);
  }
  const body: CardElement[] = [{ type: 'TextBlock', text: `Alert subscriptions here (${subscriptions.length})`, weight: 'Bolder', size: 'Medium', wrap: true }];
  const shown = subscriptions.slice(0, LIMITS.listRows);
  for (const s of shown) {
    body.push({
      type: 'Container', separator: true, spacing: 'Medium',
      items: [
        { type: 'TextBlock', text: s.id, weight: 'Bolder', wrap: true },
        { type: 'FactSet', facts: facts(s) },
        { type: 'ActionSet', actions: [testButton(s)] },
      ],
    });
  }
  if (subscriptions.length > shown.length) body.push({ type: 'TextBlock', wrap: true, isSubtle: true, text: `…and ${subscriptions.length - shown.length} more` });
  body.push({ type: 'TextBlock', wrap: true, isSubtle: true, size: 'Small', text: plain('Webhook secrets are shown only when a subscription is made. "alerts off <id>" removes one.') });
  return card(body);
}

/** A short notice from the alerts (e.g. rate limiting), posted once. */
export function alertNoticeCard(text: string): AdaptiveCard {
  return card([
    { type: 'TextBlock', text: 'Alerts', weight: 'Bolder', wrap: true, color: 'Warning' },
    { type: 'TextBlock', text: plain(text), wrap: true },
  ]);
}
