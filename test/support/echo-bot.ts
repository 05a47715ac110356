/**
 * A tiny Teams bot for exercising test/support/playground.ts without the product: botbuilder's
 * CloudAdapter with no app id (anonymous, as local clients talk to bots) on node:http.
 *
 * - A message gets a reply card (Adaptive Card 1.5) showing the text without the bot's @mention,
 *   the names of the other people @mentioned, and one Action.Execute button "Acknowledge".
 * - The button's `adaptiveCard/action` invoke (verb "echo.ack") is answered with
 *   `application/vnd.microsoft.card.adaptive`, which replaces the card in place.
 * Every activity received is kept in `received`, so tests can check what the client sent.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';

export const ECHO_ACK_VERB = 'echo.ack';
export const ECHO_ACK_TITLE = 'Acknowledge';

export interface EchoBot {
  /** http://127.0.0.1:<port>/api/messages */
  readonly endpoint: string;
  readonly port: number;
  /** Every activity received, oldest first. */
  readonly received: readonly Activity[];
  /** Turn errors, if any. */
  readonly errors: readonly string[];
  stop(): Promise<void>;
}

interface MentionEntity {
  readonly type: 'mention';
  readonly mentioned: { readonly id: string; readonly name: string };
  readonly text?: string;
}

function isMention(e: unknown): e is MentionEntity {
  if (typeof e !== 'object' || e === null) return false;
  const m = e as { type?: unknown; mentioned?: { id?: unknown; name?: unknown } };
  return m.type === 'mention' && typeof m.mentioned?.id === 'string' && typeof m.mentioned.name === 'string';
}

/** People @mentioned in the activity, other than the bot. */
export function otherMentions(activity: Partial<Activity>): MentionEntity[] {
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).filter(isMention).filter((m) => m.mentioned.id !== botId);
}

/** The text with every `<at>…</at>` of the bot removed. */
function textWithoutBot(activity: Activity): string {
  let text = activity.text ?? '';
  for (const m of (activity.entities ?? []).filter(isMention)) {
    if (m.mentioned.id === activity.recipient.id) text = text.split(m.text ?? `<at>${m.mentioned.name}</at>`).join('');
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** Plain text for the card (mentions shown as names). */
function readable(text: string): string {
  return text.replace(/<at>([^<]*)<\/at>/g, '$1');
}

export function echoCard(text: string, mentions: readonly string[]): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'Echo', weight: 'Bolder', size: 'Medium' },
      { type: 'TextBlock', text: `You said: ${text}`, wrap: true },
      { type: 'TextBlock', text: `Mentioned: ${mentions.length > 0 ? mentions.join(', ') : '(nobody)'}`, wrap: true },
    ],
    actions: [{ type: 'Action.Execute', title: ECHO_ACK_TITLE, verb: ECHO_ACK_VERB, data: { text, mentions } }],
  };
}

export function acknowledgedCard(by: string, text: string, mentions: readonly string[]): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'Echo', weight: 'Bolder', size: 'Medium' },
      { type: 'TextBlock', text: `You said: ${text}`, wrap: true },
      { type: 'TextBlock', text: `Mentioned: ${mentions.length > 0 ? mentions.join(', ') : '(nobody)'}`, wrap: true },
      { type: 'TextBlock', text: `Acknowledged by ${by}`, wrap: true, color: 'Good' },
    ],
  };
}

interface AckData {
  readonly text: string;
  readonly mentions: readonly string[];
}

function ackData(value: unknown): { verb: string; data: AckData } | undefined {
  const action = (value as { action?: { verb?: unknown; data?: { text?: unknown; mentions?: unknown } } } | undefined)?.action;
  if (typeof action?.verb !== 'string') return undefined;
  const text = typeof action.data?.text === 'string' ? action.data.text : '';
  const mentions = Array.isArray(action.data?.mentions) ? action.data.mentions.filter((m): m is string => typeof m === 'string') : [];
  return { verb: action.verb, data: { text, mentions } };
}

export async function startEchoBot(options: { readonly port?: number } = {}): Promise<EchoBot> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const received: Activity[] = [];
  const errors: string[] = [];
  adapter.onTurnError = async (_context, error) => {
    errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
  };

  const logic = async (context: TurnContext): Promise<void> => {
    const activity = context.activity;
    received.push(activity);
    if (activity.type === 'message') {
      const mentions = otherMentions(activity).map((m) => m.mentioned.name);
      const text = readable(textWithoutBot(activity));
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(echoCard(text, mentions))] });
      return;
    }
    if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
      const ack = ackData(activity.value);
      const response: InvokeResponse =
        ack?.verb === ECHO_ACK_VERB
          ? {
              status: 200,
              body: {
                statusCode: 200,
                type: 'application/vnd.microsoft.card.adaptive',
                value: acknowledgedCard(activity.from.name ?? activity.from.id, ack.data.text, ack.data.mentions),
              },
            }
          : {
              status: 200,
              body: {
                statusCode: 400,
                type: 'application/vnd.microsoft.error',
                value: { code: 'BadRequest', message: `unknown verb ${String(ack?.verb)}` },
              },
            };
      await context.sendActivity({ type: 'invokeResponse', value: response });
    }
  };

  const server = http.createServer((req, res) => {
    if (req.method !== 'POST') {
      // The Playground probes the endpoint with HEAD before connecting.
      res.statusCode = req.method === 'HEAD' || req.method === 'GET' ? 200 : 405;
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch (e: unknown) {
        void e;
        res.statusCode = 400;
        res.end();
        return;
      }
      const shim = {
        socket: res.socket,
        status(code: number): void {
          res.statusCode = code;
        },
        header(name: string, value: unknown): void {
          res.setHeader(name, String(value));
        },
        send(payload?: unknown): void {
          if (payload === undefined) return;
          if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
            res.write(payload);
          } else {
            res.setHeader('content-type', 'application/json; charset=utf-8');
            res.write(JSON.stringify(payload));
          }
        },
        end(): void {
          res.end();
        },
      };
      adapter.process({ body, headers: req.headers, method: req.method }, shim, logic).catch((e: unknown) => {
        errors.push(e instanceof Error ? e.message : String(e));
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    endpoint: `http://127.0.0.1:${port}/api/messages`,
    port,
    received,
    errors,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
