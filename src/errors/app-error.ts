/**
 * Every failure the bot explains to a user is an AppError with a stable code, made by a small factory next to the
 * code that owns it when it is made in more than one place (e.g. incidents/incident-errors.ts).
 * cards/error-card.ts is the one place that turns them into what users read (`errorReply`, `failureContainer`).
 */
export type ErrorCode =
  | 'COMMAND_INVALID'
  | 'TITLE_MISSING'
  | 'ORGANIZER_UNKNOWN'
  | 'ACCESS_POLICY_MISSING'
  | 'GRAPH_PERMISSION_MISSING'
  | 'GRAPH_THROTTLED'
  | 'GRAPH_UNAVAILABLE'
  | 'GRAPH_BAD_REQUEST'
  | 'GRAPH_FAILED'
  | 'INCIDENT_NOT_FOUND'
  | 'INCIDENT_RESOLVED'
  | 'NOT_ALLOWED'
  | 'RATE_LIMITED'
  | 'STORAGE_CONFLICT'
  | 'CONFIG_INVALID'
  | 'INTERNAL';

export class AppError extends Error {
  readonly code: ErrorCode;
  /** What the user (or admin) should do about it. Never contains secrets. */
  readonly hint?: string;
  /** Extra lines for the card (e.g. PowerShell commands). */
  readonly details?: readonly string[];

  constructor(code: ErrorCode, message: string, opts: { hint?: string; details?: readonly string[]; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details;
  }
}

export class CommandError extends AppError {
  constructor(code: 'COMMAND_INVALID' | 'TITLE_MISSING', message: string, hint: string) {
    super(code, message, { hint });
    this.name = 'CommandError';
  }
}

export class ConfigError extends AppError {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super('CONFIG_INVALID', `${variable}: ${message}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

/** Wraps anything thrown into an AppError without leaking internals to users. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  return new AppError('INTERNAL', 'Something went wrong on our side.', {
    hint: 'Try again in a moment. If it keeps happening, ask your Teams admin to check the bot logs.',
    cause: e,
  });
}
