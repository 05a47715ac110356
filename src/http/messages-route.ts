/** POST /api/messages: the Bot Framework endpoint. CloudAdapter authenticates (JWT when an app id is set) and runs the bot. */
import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Logger } from '../log';
import type { RouteInstaller } from './server';

export function messagesRoute(adapter: CloudAdapter, bot: ActivityHandler, log: Logger): RouteInstaller {
  return (server) => {
    server.post('/api/messages', async (req, res) => {
      try {
        await adapter.process(req, res, (context) => bot.run(context));
      } catch (e: unknown) {
        log.error({ err: e }, 'activity processing failed');
        if (!res.headersSent) res.send(500);
      }
    });
  };
}
