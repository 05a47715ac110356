/**
 * The composition root: every dependency is built and wired here, by hand. Nothing else knows whether the
 * Graph base URL points at Microsoft or at the local sandbox.
 */
import type { TokenCredential } from '@azure/identity';
import { ConfigurationBotFrameworkAuthentication, type Storage } from 'botbuilder';
import type restify from 'restify';
import { createAlertsModule } from './alerts/alerts-module';
import type { AlertProcessor } from './alerts/alert-processor';
import { ConnectorCardNotifier } from './bot/card-notifier';
import { proactivePoster } from './bot/proactive-poster';
import { IncidentBot } from './bot/incident-bot';
import { cardActivity } from './bot/turn-command-context';
import { createNotificationTokenValidator } from './calls/notification-token-validator';
import { parseNotifications } from './calls/parse-notifications';
import { errorReply } from './cards/error-card';
import type { AppConfig } from './config';
import { GraphAdminCheck } from './graph/graph-admin-check';
import { GraphCallGateway } from './calls/graph-call-gateway';
import { createGraphClient } from './graph/graph-client';
import { GraphMeetingGateway } from './graph/graph-meeting-gateway';
import { GraphMeetingArtifacts } from './graph/graph-meeting-artifacts';
import { GraphChatApps } from './graph/graph-chat-apps';
import { ConnectorChatCardPoster } from './bot/meeting-chat-cards';
import { MeetingChatSharing } from './incidents/meeting-chat-share';
import { StorageMeetingChatIndex } from './storage/storage-meeting-chat-index';
import { cachedUserDirectory } from './graph/cached-user-directory';
import { GraphUserDirectory } from './graph/graph-user-directory';
import { CALLS_ROUTE, callsRoute, type NotificationAuth } from './http/calls-route';
import { cachedNotificationAuth } from './http/notification-auth-cache';
import { EdgeCloudAdapter } from './http/edge-adapter';
import { gracefulClose } from './http/graceful-close';
import { healthRoute } from './http/health-route';
import { InFlight } from './http/in-flight';
import { announcementPrompt, loadAnnouncement, mediaRoute } from './http/media-route';
import { messagesRoute } from './http/messages-route';
import { createHttpServer, listen } from './http/server';
import { CallService } from './calls/call-service';
import { IncidentService } from './incidents/incident-service';
import { systemClock, type Clock } from './incidents/ports';
import type { Logger } from './log';
import { createStorage } from './storage/create-storage';
import { StorageAlertRepository } from './storage/storage-alert-repository';
import { CommandLimiter, DEFAULT_COMMAND_RATE_LIMITS } from './commands/command-limits';
import { StorageIncidentRepository } from './storage/storage-incident-repository';

export interface AppOverrides {
  readonly storage?: Storage;
  readonly clock?: Clock;
}

export interface RunningApp {
  readonly port: number;
  readonly url: string;
  readonly server: restify.Server;
  readonly incidents: IncidentService;
  readonly calls: CallService;
  /** Alert webhooks: the processor of accepted alerts (tests wait on it with idle()). */
  readonly alerts: AlertProcessor;
  close(): Promise<void>;
}

function botAuthentication(config: AppConfig): ConfigurationBotFrameworkAuthentication {
  const b = config.bot;
  return new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: b.appId ?? '',
    MicrosoftAppPassword: b.appPassword ?? '',
    MicrosoftAppType: b.appType,
    MicrosoftAppTenantId: b.appTenantId ?? '',
  });
}

const SANDBOX_CATALOG_APP_ID = '00000000-0000-0000-0000-0000000000ib';

/** With no audience configured nothing can be validated, so nothing is accepted. */
const REJECT_ALL: NotificationAuth = { validate: async () => ({ ok: false, status: 403, reason: 'no app id configured for call notifications' }) };

export async function startApp(config: AppConfig, credential: TokenCredential, log: Logger, overrides: AppOverrides = {}): Promise<RunningApp> {
  // Bind first: without PUBLIC_BASE_URL (sandbox, tests) the callback and prompt URLs use the bound port.
  const server = createHttpServer(log, []);
  const port = await listen(server, config.port, config.host);
  const inFlight = new InFlight();
  const publicBaseUrl = config.publicBaseUrl ?? `http://127.0.0.1:${port}`;

  const clock = overrides.clock ?? systemClock;
  const graph = createGraphClient({ baseUrl: config.graph.baseUrl, credential, ...(config.graph.caCertificatePem !== undefined ? { caCertificatePem: config.graph.caCertificatePem } : {}) });
  const storage = overrides.storage ?? (await createStorage(config.storage));
  const repository = new StorageIncidentRepository(storage);
  const directory = cachedUserDirectory(new GraphUserDirectory(graph));
  const chatIndex = new StorageMeetingChatIndex(storage);
  const adapter = new EdgeCloudAdapter(botAuthentication(config));
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, activityId: context.activity.id, conversationId: context.activity.conversation?.id }, 'unhandled error in turn');
    try {
      await context.sendActivity(cardActivity(errorReply(error).card));
    } catch (e: unknown) {
      log.error({ err: e, activityId: context.activity.id }, 'could not tell the user about the error');
    }
  };
  const cards = new ConnectorCardNotifier(adapter, config.bot.appId ?? '', (id) => repository.get(id), log);
  const sharing = new MeetingChatSharing({
    repository,
    // Sandbox mode has no app catalog: any id stands for the bot's app there.
    installer: new GraphChatApps(graph, config.teamsAppCatalogId ?? (config.sandbox ? SANDBOX_CATALOG_APP_ID : undefined), config.graph.baseUrl),
    poster: new ConnectorChatCardPoster(adapter, config.bot.appId ?? ''),
    index: chatIndex,
    cards,
    clock,
    onError: (e, context) => log.error({ err: e, ...context }, 'could not share the incident into its meeting chat'),
  });

  const incidents = new IncidentService({
    meetingChat: sharing,
    meetingChatIndex: chatIndex,
    artifacts: new GraphMeetingArtifacts(graph),
    repository,
    meetings: new GraphMeetingGateway(graph, config.graph.clientId),
    directory,
    clock,
    fixedOrganizerId: config.meeting.organizerId,
    meetingDefaults: { lobbyBypass: config.meeting.lobbyBypass, allowedPresenters: config.meeting.allowedPresenters, recordAutomatically: config.meeting.recordAutomatically },
    cards,
    // Blob: other live instances share the store, so another's start claim is respected for a while.
    foreignClaimGraceMs: config.storage.kind === 'blob' ? 30_000 : 0,
    onError: (e, context) => log.error({ err: e, ...context }, 'incident start follow-up failed'),
  });

  const wav = loadAnnouncement();
  const calls = new CallService({
    repository,
    calls: new GraphCallGateway(graph),
    cards,
    clock,
    callbackUri: `${publicBaseUrl}${CALLS_ROUTE}`,
    prompt: announcementPrompt(publicBaseUrl, wav),
    onError: (e, context) => log.error({ err: e, ...context }, 'call handling failed'),
  });

  const alerts = createAlertsModule({
    store: new StorageAlertRepository(storage), incidents, repository, calls, cards, post: proactivePoster(adapter, config.bot.appId ?? ''),
    clock, log, publicBaseUrl, severities: config.alerts.severities, meetingDurationMinutes: config.meeting.durationMinutes,
  });

  const admins = config.adminGroupId ? new GraphAdminCheck(graph, config.adminGroupId) : undefined;
  const bot = new IncidentBot({ incidents, calls, directory, cards, clock, meetingDurationMinutes: config.meeting.durationMinutes, ...(admins ? { admins } : {}),
    alerts: alerts.commands, limits: new CommandLimiter(config.rateLimits ?? DEFAULT_COMMAND_RATE_LIMITS, clock) }, log);
  const audience = config.calling.notificationAudience;
  const auth: NotificationAuth = audience
    ? cachedNotificationAuth(createNotificationTokenValidator({ openIdMetadataUrl: config.calling.openIdMetadataUrl, audience }))
    : REJECT_ALL;

  for (const install of [
    healthRoute({ mode: config.sandbox ? 'sandbox' : 'production', version: '0.1.0' }),
    messagesRoute({ adapter, bot, serviceUrls: config.serviceUrls ?? { kind: 'loopback' }, authRequired: config.bot.appId !== undefined, inFlight, log }),
    callsRoute({ auth, parse: parseNotifications, handle: (events, tenantId) => calls.handle(events, tenantId), tenantOfCall: (callId) => calls.tenantOfCall(callId), inFlight, log }),
    mediaRoute(wav),
    alerts.route,
  ]) install(server);
  alerts.processor.resume().catch((e: unknown) => log.error({ err: e }, 'could not resume accepted alerts'));

  const keepAlive = setInterval(() => {
    calls.keepAliveAll().catch((e: unknown) => log.error({ err: e }, 'keep-alive round failed'));
  }, config.calling.keepAliveMinutes * 60_000);
  keepAlive.unref();

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    server,
    incidents,
    calls,
    alerts: alerts.processor,
    close: async () => {
      clearInterval(keepAlive);
      const closable = (overrides.storage ? {} : storage) as Partial<{ close(): Promise<void> }>;
      await gracefulClose({ server, inFlight, timeoutMs: config.shutdownTimeoutMs ?? 10_000, log, flush: async () => { if (typeof closable.close === 'function') await closable.close(); } });
    },
  };
}
