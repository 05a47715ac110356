/**
 * The `alerts` command, self-contained: grammar, handler, catalog entry and the "Send test alert" button.
 *
 *   alerts                                   this conversation's subscriptions (no secrets)
 *   alerts here [min sevN] [page @a @b] [label=value …] [autoresolve] [pagerduty-secret=<PagerDuty signing secret>]
 *   alerts off [al_…]                        removes one (the id may be left out when there is only one here)
 *   alerts pagerduty-secret=<secret> [al_…]  adds PagerDuty's signing secret (PagerDuty shows it after the URL is saved)
 *
 * Subscribing answers with the subscription card (one webhook URL per source, holding a fresh secret) posted into
 * this conversation only, so only its members see the secret; the secret is never logged and only its hash is stored.
 * The paged people are resolved now (mentions need this Teams turn) and stored as directory users.
 */
import { ALERT_SOURCES, type AlertSource } from '../alerts/alert';
import type { AlertCommandServices } from '../alerts/alert-services';
import { parseLabelFilter, type AlertSubscription } from '../alerts/subscription';
import { newSubscriptionId, newWebhookSecret, webhookUrl } from '../alerts/webhook-auth';
import { alertSubscriptionCard, alertSubscriptionListCard, TEST_ALERT_DATA_KEY } from '../cards/alert-subscription-card';
import { AppError } from '../errors/app-error';
import { DEFAULT_SEVERITY, type AttendeeRequest, type Severity, conversationRoot } from '../incidents/incident';
import { resolveAttendees } from '../incidents/resolve-attendees';
import type { CommandContext } from './command-context';
import { type CommandCatalogEntry, defineCommand, type FormActionHandler } from './command-module';
import type { CommandServices } from './command-services';
import { parseAttendeeList } from './grammar/attendee-list';
import { exampleHint, invalid } from './grammar/invalid';
import { matchSeverity } from './grammar/severity';
import { keywordOf, renderTokens, stripTrailingPunctuation, type Token } from './grammar/tokens';
import type { VerbParser } from './grammar/verb';

/** `alerts` (list), `alerts here …` (subscribe this conversation to alert webhooks), `alerts off [id]`. */
export type AlertsCommand =
  | { readonly kind: 'alerts'; readonly action: 'list' }
  | { readonly kind: 'alerts'; readonly action: 'off'; readonly subscriptionId?: string }
  /** `alerts pagerduty-secret=<secret> [id]`: PagerDuty shows its signing secret only after the webhook URL is saved there. */
  | { readonly kind: 'alerts'; readonly action: 'pagerDutySecret'; readonly secret: string; readonly subscriptionId?: string }
  | {
      readonly kind: 'alerts';
      readonly action: 'subscribe';
      readonly minSeverity: Severity;
      readonly page: readonly AttendeeRequest[];
      readonly labelFilter: Readonly<Record<string, string>>;
      readonly autoresolve: boolean;
      readonly pagerDutySigningSecret?: string;
      readonly ignored?: readonly string[];
    };

const EXAMPLE = 'alerts here min sev2 page @Megan Bowen service=checkout';

/** The help/catalog entry. Typed everywhere; not a manifest suggestion (each scope's 10 slots are taken). */
const ALERTS_CATALOG_ENTRY: CommandCatalogEntry = {
  name: 'alerts',
  description: 'Open bridges from alert webhooks here: alerts here [min sev2] [page @people] [label=value] [autoresolve]; alerts off',
  example: EXAMPLE,
  scopes: [],
  available: true,
  usage: 'alerts [here [min sevN] [page @people] [label=value] [autoresolve] | off [id]]',
  details: 'Plain `alerts` lists this conversation\'s subscriptions; see [Alerts](#alerts). Typed everywhere, not a compose-box suggestion (each scope already has its 10).',
};

// --- grammar ---

const SUBSCRIBE_WORDS = new Set(['here', 'on', 'subscribe', 'add']);
const OFF_WORDS = new Set(['off', 'remove', 'delete', 'unsubscribe']);
const AUTORESOLVE_WORDS = new Set(['autoresolve', 'auto-resolve']);
const PAGE_WORDS = new Set(['page', 'with', 'ring']);
const SECRET_KEYS = new Set(['pagerduty-secret', 'pd-secret']);
const SUBSCRIPTION_ID = /^al_[A-Za-z0-9_-]{8,40}$/;

/** Words that end a `page` list. */
function isOption(tokens: readonly Token[], i: number): boolean {
  const word = keywordOf(tokens[i]);
  if (word === undefined) return false;
  return word === 'min' || AUTORESOLVE_WORDS.has(word) || word.includes('=') || matchSeverity(tokens, i).kind !== 'none';
}

const parseAlertsCommand: VerbParser<AlertsCommand> = (tokens, argsStart, context) => {
  const first = keywordOf(tokens[argsStart]);
  if (first === undefined)
    return tokens[argsStart]
      ? invalid(context, 'Start with "here" to subscribe or "off" to remove one.', exampleHint(context, EXAMPLE))
      : { kind: 'alerts', action: 'list' };
  if (first === 'list') return { kind: 'alerts', action: 'list' };
  const secretAt = SECRET_KEYS.has(first.split('=')[0] ?? '') && first.includes('=');
  if (OFF_WORDS.has(first) || secretAt) {
    const rest = tokens.slice(argsStart + 1);
    const only = rest.length === 1 ? rest[0] : undefined;
    const id = only?.kind === 'word' ? stripTrailingPunctuation(only.text) : '';
    if (rest.length > 0 && !SUBSCRIPTION_ID.test(id))
      return invalid(
        context,
        `"${renderTokens(rest)}" is not a subscription id.`,
        `Ids look like al_… (type "alerts" to see them). ${exampleHint(context, 'alerts off al_3xY8qLr2VbN0')}`,
      );
    const target = id === '' ? {} : { subscriptionId: id };
    if (!secretAt) return { kind: 'alerts', action: 'off', ...target };
    const firstToken = tokens[argsStart];
    const raw = firstToken?.kind === 'word' ? stripTrailingPunctuation(firstToken.text) : '';
    const secret = raw.slice(raw.indexOf('=') + 1);
    if (secret === '')
      return invalid(context, 'pagerduty-secret= needs the signing secret PagerDuty showed.', exampleHint(context, 'alerts pagerduty-secret=<signing secret>'));
    return { kind: 'alerts', action: 'pagerDutySecret', secret, ...target };
  }
  if (!SUBSCRIBE_WORDS.has(first)) {
    return invalid(
      context,
      `I do not know "alerts ${first}".`,
      `Use "alerts here …" to subscribe, "alerts" to list, "alerts off <id>" to remove. ${exampleHint(context, EXAMPLE)}`,
    );
  }

  let minSeverity: Severity = DEFAULT_SEVERITY;
  let autoresolve = false;
  let pagerDutySigningSecret: string | undefined;
  const page: AttendeeRequest[] = [];
  const ignored: string[] = [];
  const labels: string[] = [];
  for (let i = argsStart + 1; i < tokens.length; ) {
    const word = keywordOf(tokens[i]);
    const sevAt = word === 'min' ? i + 1 : i;
    const sev = matchSeverity(tokens, sevAt);
    if (sev.kind === 'severity') {
      minSeverity = sev.severity;
      i = sevAt + sev.consumed;
      continue;
    }
    if (sev.kind === 'out-of-range')
      return invalid(context, `"${sev.text}" is not a severity.`, `Use sev1 (most severe) to sev4. ${exampleHint(context, EXAMPLE)}`);
    if (word === 'min') return invalid(context, '"min" needs a severity after it.', exampleHint(context, EXAMPLE));
    if (word !== undefined && AUTORESOLVE_WORDS.has(word)) {
      autoresolve = true;
      i++;
      continue;
    }
    if (word !== undefined && PAGE_WORDS.has(word)) {
      const list = parseAttendeeList(tokens, i + 1, (k) => isOption(tokens, k));
      if (!list)
        return invalid(context, `I found nobody to page after "${word}".`, `@mention people or give their e-mail addresses. ${exampleHint(context, EXAMPLE)}`);
      page.push(...list.attendees);
      ignored.push(...list.ignored);
      i = list.end;
      continue;
    }
    const token = tokens[i];
    if (!token) break;
    const raw = token.kind === 'word' ? stripTrailingPunctuation(token.text) : '';
    const eq = raw.indexOf('=');
    if (eq > 0 && SECRET_KEYS.has(raw.slice(0, eq).toLowerCase())) {
      pagerDutySigningSecret = raw.slice(eq + 1);
      i++;
      continue;
    }
    if (eq > 0) {
      labels.push(raw);
      i++;
      continue;
    }
    return invalid(
      context,
      `I did not understand "${renderTokens([token])}" in the subscription.`,
      `Options: min sev1–sev4, page @people, label=value, autoresolve. ${exampleHint(context, EXAMPLE)}`,
    );
  }
  let labelFilter: Record<string, string>;
  try {
    labelFilter = parseLabelFilter(labels.join(' '));
  } catch (e: unknown) {
    return invalid(context, e instanceof Error ? e.message : 'Bad label filter.', exampleHint(context, EXAMPLE));
  }
  if (pagerDutySigningSecret === '')
    return invalid(context, 'pagerduty-secret= needs the signing secret PagerDuty showed.', 'Example: pagerduty-secret=abc123…');
  const command: AlertsCommand = {
    kind: 'alerts',
    action: 'subscribe',
    minSeverity,
    page,
    labelFilter,
    autoresolve,
    ...(pagerDutySigningSecret ? { pagerDutySigningSecret } : {}),
    ...(ignored.length > 0 ? { ignored } : {}),
  };
  return command;
};

// --- handler ---

function alertServices(services: CommandServices): AlertCommandServices {
  if (!services.alerts)
    throw new AppError('COMMAND_INVALID', 'Alert webhooks are not set up on this bot.', { hint: 'Ask the bot admin to run a version with alerts wired in.' });
  return services.alerts;
}

/**
 * The conversation itself, not this message: without the activity id (a send would be a reply to it) and, in a
 * channel, without ";messageid=…", so alert cards start their own thread instead of replying to the command.
 */
function referenceToConversation(ref: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const { activityId: _reply, ...rest } = ref;
  const conversation = rest['conversation'];
  if (typeof conversation !== 'object' || conversation === null) return rest;
  const id = (conversation as { id?: unknown }).id;
  return typeof id === 'string' ? { ...rest, conversation: { ...conversation, id: conversationRoot(id) } } : rest;
}

type Subscribe = Extract<AlertsCommand, { action: 'subscribe' }>;

async function subscribe(cmd: Subscribe, ctx: CommandContext, services: CommandServices): Promise<void> {
  const alerts = alertServices(services);
  const { resolved, unresolved } = await resolveAttendees(cmd.page, { members: ctx.members, directory: services.directory });
  const { secret, secretHash } = newWebhookSecret();
  const subscription: AlertSubscription = {
    id: newSubscriptionId(),
    tenantId: ctx.tenantId,
    conversationReference: referenceToConversation(ctx.conversationReference()),
    conversationId: conversationRoot(ctx.conversationId),
    ...(ctx.teamId ? { teamId: ctx.teamId } : {}),
    minSeverity: cmd.minSeverity,
    labelFilter: cmd.labelFilter,
    page: resolved.map((r) => ({ kind: 'directoryUser', aadObjectId: r.aadObjectId })),
    pageNames: resolved.map((r) => r.displayName),
    autoresolve: cmd.autoresolve,
    secretHash,
    ...(cmd.pagerDutySigningSecret ? { pagerDutySigningSecret: cmd.pagerDutySigningSecret } : {}),
    createdBy: ctx.from,
    createdAt: services.clock.now().toISOString(),
  };
  await alerts.subscriptions.save(subscription);
  const urls = Object.fromEntries(ALERT_SOURCES.map((s) => [s, webhookUrl(alerts.publicBaseUrl, s, subscription.id, secret)])) as Record<AlertSource, string>;
  await ctx.sendCard(alertSubscriptionCard(subscription, urls));
  ctx.log.info(
    { subscriptionId: subscription.id, paged: resolved.length, minSeverity: cmd.minSeverity, autoresolve: cmd.autoresolve },
    'alert subscription created',
  );
  const problems = [...unresolved.map((u) => `${u.requestedAs} (${u.reason})`), ...(cmd.ignored ?? []).map((t) => `${t} (not an @mention or e-mail address)`)];
  if (problems.length > 0) await ctx.sendText(`Not paged, could not find: ${problems.join(', ')}.`);
}

async function handleAlerts(cmd: AlertsCommand, ctx: CommandContext, services: CommandServices): Promise<void> {
  if (cmd.action === 'subscribe') return subscribe(cmd, ctx, services);
  const alerts = alertServices(services);
  const here = await alerts.subscriptions.listByConversation(ctx.conversationId);
  if (cmd.action === 'list') {
    await ctx.sendCard(alertSubscriptionListCard(here));
    return;
  }
  const target = cmd.subscriptionId ? here.find((s) => s.id === cmd.subscriptionId) : here.length === 1 ? here[0] : undefined;
  const verb = cmd.action === 'off' ? 'off' : `pagerduty-secret=…`;
  if (!target) {
    throw new AppError(
      'COMMAND_INVALID',
      cmd.subscriptionId
        ? `Subscription ${cmd.subscriptionId} was not found here.`
        : here.length === 0
          ? 'There are no alert subscriptions here.'
          : 'Which subscription? There are several here.',
      {
        hint: here.length > 0 ? `Type "alerts ${verb} <id>" with one of: ${here.map((s) => s.id).join(', ')}.` : 'Create one with "alerts here …".',
      },
    );
  }
  if (cmd.action === 'pagerDutySecret') {
    const stored = await alerts.subscriptions.get(target.id);
    if (!stored) throw new AppError('COMMAND_INVALID', `Subscription ${target.id} was just removed.`, { hint: 'Type "alerts" to see the subscriptions here.' });
    await alerts.subscriptions.save({ ...stored.value, pagerDutySigningSecret: cmd.secret }, stored.eTag);
    ctx.log.info({ subscriptionId: target.id }, 'PagerDuty signing secret stored');
    await ctx.sendText(`PagerDuty signatures are now verified for ${target.id}.`);
    return;
  }
  await alerts.subscriptions.delete(target.id);
  ctx.log.info({ subscriptionId: target.id }, 'alert subscription removed');
  await ctx.sendText(`Alert subscription ${target.id} removed: its webhook URLs now answer 401.`);
}

/** The "Send test alert" button: a generic test alert through the same path as a webhook. */
const sendTestAlertAction: FormActionHandler = async (data, ctx, services) => {
  const alerts = alertServices(services);
  const id = data[TEST_ALERT_DATA_KEY];
  const stored = typeof id === 'string' ? await alerts.subscriptions.get(id) : undefined;
  if (!stored || stored.value.conversationId !== conversationRoot(ctx.conversationId)) {
    throw new AppError('COMMAND_INVALID', 'That alert subscription no longer exists here.', {
      hint: 'Type "alerts" to see the subscriptions of this conversation.',
    });
  }
  await alerts.sendTest(stored.value, ctx.from);
  return 'Test alert sent: a bridge opens here in a few seconds.';
};

export const alerts = defineCommand<AlertsCommand>()({
  name: 'alerts',
  aliases: ['alerts', 'alert'],
  catalog: ALERTS_CATALOG_ENTRY,
  parse: parseAlertsCommand,
  handle: handleAlerts,
  formActions: { sendTestAlert: sendTestAlertAction },
});
