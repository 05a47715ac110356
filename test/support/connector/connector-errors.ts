/**
 * Bot Connector error bodies: {"error":{"code","message"}} (botframework-connector's
 * ErrorResponse), with the codes and messages Teams documents for its conversational APIs
 * (msteams-docs "Status code responses"). 400 BadArgument and the 5xx wordings are inferred.
 */

export interface ConnectorErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

export class ConnectorError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ConnectorError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  body(): ConnectorErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

const BY_STATUS: Readonly<Record<number, readonly [string, string]>> = {
  400: ['BadArgument', 'Bad argument.'],
  401: ['BotNotRegistered', 'No registration found for this bot.'],
  403: ['BotNotInConversationRoster', 'The bot is not part of the conversation roster.'],
  404: ['ConversationNotFound', 'Conversation not found.'],
  412: ['PreconditionFailed', 'Precondition failed, please try again.'],
  413: ['MessageSizeTooBig', 'Message size too large.'],
  429: ['Throttled', 'Too many requests.'],
  500: ['InternalServerError', 'An error has occurred.'],
  502: ['BadGateway', 'Bad gateway.'],
  503: ['ServiceUnavailable', 'Service unavailable.'],
  504: ['GatewayTimeout', 'Gateway timeout.'],
};

/** The error Teams answers with for a given status (used by failNext). */
export function connectorErrorFor(status: number): ConnectorError {
  const [code, message] = BY_STATUS[status] ?? ['ServiceError', `The service answered ${status}.`];
  return new ConnectorError(status, code, message, status === 429 ? { 'Retry-After': '1' } : {});
}

export function badArgument(message: string): ConnectorError {
  return new ConnectorError(400, 'BadArgument', message);
}

export function memberNotFound(): ConnectorError {
  return new ConnectorError(404, 'MemberNotFoundInConversation', 'The member is not found in the conversation.');
}

export function messageTooLarge(): ConnectorError {
  return new ConnectorError(413, 'MessageSizeTooBig', 'Message size too large.');
}

export function routeNotFound(path: string): ConnectorError {
  return new ConnectorError(404, 'NotFound', `No endpoint matches '${path}'.`);
}

export function methodNotAllowed(): ConnectorError {
  return new ConnectorError(405, 'MethodNotAllowed', 'The requested resource does not support this HTTP method.');
}
