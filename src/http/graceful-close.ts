/**
 * Graceful shutdown of the edge: stop accepting (new requests get 503 "shutting down", the listener closes), wait
 * for in-flight turns and 202'd call-notification work (bounded by `timeoutMs`), then flush state. Logged with
 * what was left if the timeout won.
 */
import type restify from 'restify';
import type { Logger } from '../log';
import type { InFlight } from './in-flight';

export async function gracefulClose(opts: {
  server: restify.Server;
  inFlight: InFlight;
  timeoutMs: number;
  log: Logger;
  flush: () => Promise<void>;
}): Promise<{ drained: boolean; remaining: number }> {
  const started = Date.now();
  const closed = new Promise<void>((resolve) => opts.server.close(() => resolve()));
  opts.log.info({ pending: opts.inFlight.size, timeoutMs: opts.timeoutMs }, 'shutdown: no longer accepting; finishing in-flight work');
  const result = await opts.inFlight.drain(opts.timeoutMs);
  if (result.drained) opts.log.info({ ms: Date.now() - started }, 'shutdown: in-flight work finished');
  else opts.log.error({ remaining: result.remaining, timeoutMs: opts.timeoutMs }, 'shutdown: timed out with work still in flight');
  try {
    await opts.flush();
  } catch (e: unknown) {
    opts.log.error({ err: e }, 'shutdown: flushing state failed');
  }
  // Keep-alive sockets would hold server.close open; nothing is in flight any more.
  opts.server.server.closeAllConnections();
  await closed;
  opts.log.info({ ms: Date.now() - started }, 'shutdown complete');
  return result;
}
