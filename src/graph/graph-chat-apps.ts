/**
 * ChatAppInstaller on Graph: POST /chats/{chatId}/installedApps {"teamsApp@odata.bind": "<graph>/v1.0/appCatalogs/teamsApps/{catalogId}"}
 * (application permission TeamsAppInstallation.ReadWriteSelfForChat.All; wire-notes §10). 201 = installed; 409 = the
 * app is there already (inferred from Graph's conflict semantics).
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { AppError } from '../errors/app-error';
import type { ChatAppInstaller } from '../incidents/meeting-chat-ports';
import { commonGraphError, graphFailureOf } from './graph-errors';
import { defaultTiming, withGraphRetry, type RetryTiming } from './graph-retry';

const CHAT_INSTALL_PERMISSION = 'TeamsAppInstallation.ReadWriteSelfForChat.All';

export class GraphChatApps implements ChatAppInstaller {
  constructor(
    private readonly client: Client,
    private readonly catalogAppId: string | undefined,
    private readonly graphBaseUrl: string,
    private readonly timing: RetryTiming = defaultTiming,
  ) {}

  async installInChat(chatId: string): Promise<'installed' | 'alreadyInstalled'> {
    const catalogId = this.catalogAppId;
    if (!catalogId) {
      throw new AppError('CONFIG_INVALID', 'The bot does not know its id in the Teams app catalog, so it cannot add itself to the meeting chat.', {
        hint: 'Set TEAMS_APP_CATALOG_ID to the app\'s id from the Teams admin center (Manage apps > Incident Bridge > App ID).',
      });
    }
    // Graph binds to its own URL space: the canonical https://graph.microsoft.com host (or the national cloud's).
    const bind = `${this.graphBaseUrl.replace(/\/+$/, '')}/v1.0/appCatalogs/teamsApps/${encodeURIComponent(catalogId)}`;
    try {
      await withGraphRetry(() => this.client.api(`/chats/${encodeURIComponent(chatId)}/installedApps`).post({ 'teamsApp@odata.bind': bind }), this.timing);
      return 'installed';
    } catch (e: unknown) {
      const f = graphFailureOf(e);
      if (f.statusCode === 409) return 'alreadyInstalled';
      if (f.statusCode === 401 || f.statusCode === 403) {
        throw new AppError('GRAPH_PERMISSION_MISSING', `Microsoft Graph refused to add the bot to the meeting chat (${f.statusCode}${f.code ? ` ${f.code}` : ''}).`, {
          hint: `An admin must grant the app the ${CHAT_INSTALL_PERMISSION} application permission (with admin consent); "npm run doctor" checks it.`,
          cause: e,
        });
      }
      throw commonGraphError(e, f, 'add the bot to the meeting chat');
    }
  }
}
