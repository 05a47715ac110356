/**
 * POST /api/messages: the Bot Framework endpoint. The edge checks, in order, and answers with a fixed short text
 * (the detail goes to the log, never to the caller):
 *   400 "invalid activity"      body not a JSON object, or no/unknown activity `type`
 *   401 "unauthorized"          the Bot Framework JWT does not validate (any reason: forged, alg none/HS256, nbf…)
 *   403 "service url not allowed" the activity's serviceUrl is not on the allow list (service-url-policy.ts)
 *   503 "shutting down"         after SIGTERM
 * then runs the turn through CloudAdapter with the already-authenticated result. A turn that throws answers 500
 * "internal error" (the bot's onTurnError normally answers the user first).
 */
import type { Activity, ActivityHandler } from 'botbuilder';
import { ActivityTypes } from 'botbuilder';
import { decodeProtectedHeader } from 'jose';
import type restify from 'restify';
import { withContext, type Logger } from '../log';
import type { AuthenticateResult, EdgeCloudAdapter } from './edge-adapter';
import type { InFlight } from './in-flight';
import type { RouteInstaller } from './server';
import { serviceUrlAllowed, type ServiceUrlPolicy } from './service-url-policy';

const MESSAGES_ROUTE = '/api/messages';

const KNOWN_TYPES = new Set<string>(Object.values(ActivityTypes));

export interface MessagesRouteDeps {
  readonly adapter: EdgeCloudAdapter;
  readonly bot: ActivityHandler;
  readonly serviceUrls: ServiceUrlPolicy;
  /** An app id is configured: inbound tokens are required and validated (else anonymous, as local clients send). */
  readonly authRequired: boolean;
  readonly inFlight: InFlight;
  readonly log: Logger;
}

export function messagesRoute(deps: MessagesRouteDeps): RouteInstaller {
  return (server) => {
    server.post(MESSAGES_ROUTE, async (req: restify.Request, res: restify.Response) => {
      const body: unknown = req.body;
      const activity = isRecord(body) ? (body as Partial<Activity>) : undefined;
      const log = withContext(deps.log, {
        route: MESSAGES_ROUTE,
        activityId: typeof activity?.id === 'string' ? activity.id : undefined,
        conversationId: typeof activity?.conversation?.id === 'string' ? activity.conversation.id : undefined,
      });
      const refuse = (status: number, text: string, detail: Record<string, unknown>): void => {
        log.warn({ status, ...detail }, `activity refused: ${text}`);
        res.send(status, { error: text });
      };
      if (deps.inFlight.isClosing) return refuse(503, 'shutting down', {});
      if (!activity || typeof activity.type !== 'string' || !KNOWN_TYPES.has(activity.type)) {
        return refuse(400, 'invalid activity', { reason: activity ? `activity type ${JSON.stringify(activity.type ?? null)}` : `body is not a JSON object (content-type ${req.header('content-type') || 'none'})` });
      }
      fixTimestamps(activity as Record<string, unknown>);
      const authorization = req.header('authorization') || '';
      const badAlg = deps.authRequired ? signingAlgProblem(authorization) : undefined;
      if (badAlg !== undefined) return refuse(401, 'unauthorized', { reason: badAlg });
      let authResult: AuthenticateResult;
      try {
        authResult = await deps.adapter.authenticate(activity as Activity, authorization);
      } catch (e: unknown) {
        // AuthenticationError for bad tokens; anything else (JWT library, key download) is logged louder.
        const level = e instanceof Error && e.name === 'AuthenticationError' ? 'warn' : 'error';
        log[level]({ status: 401, reason: e instanceof Error ? e.message : String(e), kind: e instanceof Error ? e.name : typeof e }, 'activity refused: unauthorized');
        res.send(401, { error: 'unauthorized' });
        return;
      }
      if (!serviceUrlAllowed(deps.serviceUrls, activity.serviceUrl)) {
        return refuse(403, 'service url not allowed', { serviceUrl: typeof activity.serviceUrl === 'string' ? activity.serviceUrl.slice(0, 200) : null });
      }
      try {
        const turn = deps.adapter.runAuthenticated(authResult, activity as Activity, (context) => deps.bot.run(context));
        const invokeResponse = await deps.inFlight.track(turn);
        const status = invokeResponse?.status ?? 200;
        if (invokeResponse?.body !== undefined) res.send(status, invokeResponse.body);
        else res.send(status);
        log.debug({ status, type: activity.type }, 'activity processed');
      } catch (e: unknown) {
        log.error({ err: e }, 'activity processing failed');
        if (!res.headersSent) res.send(500, { error: 'internal error' });
      }
    });
  };
}

/**
 * Bot Framework (and Emulator) tokens are RS256. Anything else (`alg: none`, HS256, not a JWT) is refused here,
 * without the OpenID metadata download the library would start for it.
 */
function signingAlgProblem(authorization: string): string | undefined {
  if (authorization === '') return undefined;
  const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (token === undefined) return 'Authorization header is not a Bearer token';
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch (e: unknown) {
    return `token header unreadable (${e instanceof Error ? e.name : 'error'})`;
  }
  return alg === 'RS256' ? undefined : `token alg ${JSON.stringify(alg ?? null)} is not RS256`;
}

/** What CloudAdapter.process does before processActivity (botbuilder's validateAndFixActivity, not exported). */
function fixTimestamps(a: Record<string, unknown>): void {
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['expiration', 'rawExpiration'], ['localTimestamp', 'rawLocalTimestamp']] as const) {
    const v = a[field];
    if (typeof v === 'string') {
      a[raw] = v;
      a[field] = new Date(v);
    }
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}
