/**
 * POST /api/alerts/:source — alert webhooks (issue #13). Edge only: size → authenticate → parse → hand over → answer.
 *
 * Raw body: the HMAC of PagerDuty's signature is over the exact bytes sent. server.ts installs restify's bodyParser,
 * which reads the whole body first (and refuses more than its own maxBodySize with 413); for JSON it keeps the text
 * in `req.rawBody` (utf-8 decoded; re-encoding gives the same bytes for valid UTF-8, which is what PagerDuty sends)
 * before JSON.parse. We use `req.rawBody` (or `req.body` when it is still a string/Buffer), and read the stream
 * ourselves, with the same limit, when no body parser ran. We parse the JSON again from that text, so the parsed
 * `req.body` is never trusted for anything the signature covered.
 *
 * Answers: 202 accepted (after `accept` resolved, i.e. the alert is stored), 200 ignored (a well-formed event we do
 * not act on), 400 with what was expected, 401 "unauthorized" (fixed text whatever the reason), 404 unknown source,
 * 413 too large, 500 "internal error" (never the internal message).
 */
import type { IncomingMessage } from 'node:http';
import type restify from 'restify';
import { AlertPayloadError, ALERT_SOURCES, isAlertSource, type Alert, type ParseOutcome } from '../alerts/alert';
import { parseAlertText } from '../alerts/parse-alert';
import type { SeverityMap } from '../alerts/severity-map';
import type { AlertSubscription } from '../alerts/subscription';
import { authenticateWebhook } from '../alerts/webhook-auth';
import type { Logger } from '../log';
import type { RouteInstaller } from './server';

const ALERTS_ROUTE = '/api/alerts/:source';
/** Azure Monitor's common schema caps an alert at 256 KB; nothing legitimate is bigger. */
const DEFAULT_MAX_ALERT_BODY_BYTES = 256 * 1024;

export interface AlertsRouteDeps<Ref> {
  readonly getSubscription: (id: string) => Promise<AlertSubscription<Ref> | undefined>;
  readonly severities: SeverityMap;
  /** Must persist the alert (so a restart finishes it) before resolving; the route answers 202 only then. */
  readonly accept: (alert: Alert, subscription: AlertSubscription<Ref>) => Promise<void>;
  readonly log: Logger;
  readonly maxBodyBytes?: number;
}

export function alertsRoute<Ref>(deps: AlertsRouteDeps<Ref>): RouteInstaller {
  const max = deps.maxBodyBytes ?? DEFAULT_MAX_ALERT_BODY_BYTES;
  return (server) => {
    server.post(ALERTS_ROUTE, async (req: restify.Request, res: restify.Response) => {
      const source = String(req.params?.['source'] ?? '');
      const log = deps.log.child({ route: '/api/alerts', source });
      if (!isAlertSource(source)) {
        res.send(404, { error: 'unknown alert source', expected: ALERT_SOURCES });
        return;
      }
      try {
        const declared = Number(req.header('content-length') || 0);
        const raw = declared > max ? 'tooLarge' : await rawBody(req, max);
        if (raw === 'tooLarge') {
          log.info({ status: 413, maxBytes: max }, 'alert refused: body too large');
          res.send(413, { error: 'payload too large', maxBytes: max });
          return;
        }
        const auth = await authenticateWebhook<Ref>({
          source,
          authorization: req.header('authorization') || undefined,
          queryToken: queryToken(req.url),
          pagerDutySignature: req.header('x-pagerduty-signature') || undefined,
          rawBody: raw,
        }, deps.getSubscription);
        if (!auth.ok) {
          log.warn({ status: 401, reason: auth.reason, subscriptionId: auth.subscriptionId }, 'alert refused: not authenticated');
          res.send(401, { error: 'unauthorized' });
          return;
        }
        const subscriptionId = auth.subscription.id;
        if (source === 'pagerduty' && !auth.signatureChecked) log.warn({ subscriptionId }, 'PagerDuty alert accepted on the token alone: no signing secret stored for this subscription');
        let outcome: ParseOutcome;
        try {
          outcome = parseAlertText(source, raw.toString('utf8'), deps.severities);
        } catch (e: unknown) {
          if (!(e instanceof AlertPayloadError)) throw e;
          log.info({ status: 400, subscriptionId, expected: e.expected }, 'alert refused: unknown shape');
          res.send(400, { error: 'invalid payload', source, expected: e.expected.slice(0, 20) });
          return;
        }
        if (outcome.kind === 'ignored') {
          log.info({ subscriptionId, reason: outcome.reason }, 'alert ignored');
          res.send(200, { status: 'ignored', reason: outcome.reason });
          return;
        }
        const { alert } = outcome;
        await deps.accept(alert, auth.subscription);
        log.info({ subscriptionId, dedupKey: alert.dedupKey, status: alert.status, severity: alert.severity }, 'alert accepted');
        res.send(202, { status: 'accepted' });
      } catch (e: unknown) {
        log.error({ err: e }, 'alert webhook failed');
        res.send(500, { error: 'internal error' });
      }
    });
  };
}

function queryToken(url: string | undefined): string | undefined {
  const t = new URL(url ?? '/', 'http://localhost').searchParams.get('token');
  return t === null || t === '' ? undefined : t;
}

/** The request body as sent (see the header comment), or 'tooLarge'. */
async function rawBody(req: restify.Request, max: number): Promise<Buffer | 'tooLarge'> {
  const carried = req as unknown as { rawBody?: unknown; body?: unknown };
  const known = asBuffer(carried.rawBody) ?? asBuffer(carried.body);
  if (known) return known.length > max ? 'tooLarge' : known;
  return readStream(req, max);
}

function asBuffer(v: unknown): Buffer | undefined {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  return undefined;
}

function readStream(stream: IncomingMessage, max: number): Promise<Buffer | 'tooLarge'> {
  if (stream.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        stream.removeAllListeners('data');
        stream.resume();
        resolve('tooLarge');
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
