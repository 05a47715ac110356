/**
 * The one body reader for every route (replaces restify's bodyParser, whose multipart/form handlers write temp
 * files and whose errors carry parser messages). Reads at most `maxBytes`; keeps the text in `req.rawBody`
 * (alerts-route verifies signatures over it). JSON content types are parsed into `req.body`; any other body stays
 * a Buffer in `req.body`, so routes that want JSON refuse it themselves. Refusals carry fixed texts:
 * 413 "payload too large", 400 "invalid JSON".
 */
import type restify from 'restify';
import type { Logger } from '../log';

export function jsonBodyReader(log: Logger, maxBytes: number): restify.RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const declared = Number(req.header('content-length') || 0);
    if (declared > maxBytes) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    function tooLarge(): void {
      log.info({ route: req.getPath(), status: 413, maxBytes }, 'request refused: body too large');
      res.send(413, { error: 'payload too large' });
      next(false);
    }
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        req.resume();
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (e: Error) => {
      if (done) return;
      done = true;
      log.info({ route: req.getPath(), err: e.message }, 'request body could not be read');
      res.send(400, { error: 'invalid body' });
      next(false);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const raw = Buffer.concat(chunks);
      const carried = req as unknown as { rawBody?: string; body?: unknown };
      carried.rawBody = raw.toString('utf8');
      if (!isJsonType(req.header('content-type'))) {
        carried.body = raw.length === 0 ? undefined : raw;
        next();
        return;
      }
      if (raw.length === 0) {
        carried.body = undefined;
        next();
        return;
      }
      try {
        carried.body = JSON.parse(carried.rawBody) as unknown;
      } catch (e: unknown) {
        if (!(e instanceof SyntaxError)) throw e;
        log.info({ route: req.getPath(), status: 400, reason: e.message }, 'request refused: invalid JSON');
        res.send(400, { error: 'invalid JSON' });
        next(false);
        return;
      }
      next();
    });
  };
}

function isJsonType(contentType: string | undefined): boolean {
  const t = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return t === 'application/json' || (t.startsWith('application/') && t.endsWith('+json'));
}
