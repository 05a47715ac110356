/**
 * The composition root: every dependency is built and wired here, by hand. Nothing else knows whether the
 * Graph base URL points at Microsoft or at the local sandbox.
 */
import type { TokenCredential } from '@azure/identity';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, MemoryStorage, type Storage } from 'botbuilder';
import type restify from 'restify';
import { IncidentBot } from './bot/incident-bot';
import { cardActivity } from './bot/turn-command-context';
import { errorCard } from './cards/error-card';
import type { AppConfig } from './config';
import { toAppError } from './errors/app-error';
import { createGraphClient } from './graph/graph-client';
import { GraphMeetingGateway } from './graph/graph-meeting-gateway';
import { GraphUserDirectory } from './graph/graph-user-directory';
import { healthRoute } from './http/health-route';
import { messagesRoute } from './http/messages-route';
import { createHttpServer, listen } from './http/server';
import { IncidentService } from './incidents/incident-service';
import { systemClock, type Clock } from './incidents/ports';
import type { Logger } from './log';
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
  close(): Promise<void>;
}

export function botAuthentication(config: AppConfig): ConfigurationBotFrameworkAuthentication {
  const b = config.bot;
  return new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: b.appId ?? '',
    MicrosoftAppPassword: b.appPassword ?? '',
    MicrosoftAppType: b.appType,
    MicrosoftAppTenantId: b.appTenantId ?? '',
  });
}

export async function startApp(config: AppConfig, credential: TokenCredential, log: Logger, overrides: AppOverrides = {}): Promise<RunningApp> {
  const clock = overrides.clock ?? systemClock;
  const graph = createGraphClient({ baseUrl: config.graph.baseUrl, credential });
  const storage = overrides.storage ?? new MemoryStorage();
  const incidents = new IncidentService({
    repository: new StorageIncidentRepository(storage),
    meetings: new GraphMeetingGateway(graph, config.graph.clientId),
    directory: new GraphUserDirectory(graph),
    clock,
    fixedOrganizerId: config.meeting.organizerId,
  });
  const bot = new IncidentBot({ incidents, clock, meetingDurationMinutes: config.meeting.durationMinutes }, log);

  const adapter = new CloudAdapter(botAuthentication(config));
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, activityId: context.activity.id }, 'unhandled error in turn');
    try {
      await context.sendActivity(cardActivity(errorCard(toAppError(error))));
    } catch (e: unknown) {
      log.error({ err: e, activityId: context.activity.id }, 'could not tell the user about the error');
    }
  };

  const server = createHttpServer(log, [
    healthRoute({ mode: config.sandbox ? 'sandbox' : 'production', version: '0.1.0' }),
    messagesRoute(adapter, bot, log),
  ]);
  const port = await listen(server, config.port);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    server,
    incidents,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
