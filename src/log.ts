/**
 * Structured logging (pino). Child loggers carry per-request context: activityId, incidentId, callId.
 * Secrets are redacted by path as a second line of defence; code never logs tokens or passwords in the first place.
 */
import pino from 'pino';

export type Logger = pino.Logger;

export interface LogContext {
  readonly activityId?: string;
  readonly incidentId?: string;
  readonly callId?: string;
  readonly conversationId?: string;
  readonly route?: string;
}

/** Human-readable lines for a person at a terminal (sandbox mode); JSON everywhere else (App Service, CI). */
export function prettyDestination(): pino.DestinationStream | undefined {
  // Loaded only when asked for: production never imports it. A devDependency: without it (npm ci --omit=dev) logs stay JSON.
  let pretty: (opts: Record<string, unknown>) => pino.DestinationStream;
  try {
    pretty = require('pino-pretty') as typeof pretty;
  } catch {
    return undefined;
  }
  return pretty({ colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname,app', singleLine: true });
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'incident-bridge' },
      redact: {
        paths: [
          'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization',
          'password', '*.password', 'secret', '*.secret', 'clientSecret', '*.clientSecret',
          'token', '*.token', 'accessToken', '*.accessToken', 'connectionString', '*.connectionString',
        ],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** A logger that prints nothing (tests that do not care about logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

export function withContext(log: Logger, ctx: LogContext): Logger {
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx)) if (typeof v === 'string') fields[k] = v;
  return log.child(fields);
}
