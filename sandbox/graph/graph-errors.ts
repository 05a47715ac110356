/**
 * Graph's error envelope:
 *   {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}
 * `date` is UTC without fraction or zone ("2025-02-13T10:17:05"), as Graph writes it.
 * Handlers throw GraphError; the dispatcher renders it for the request at hand.
 */
import type { GraphResponse } from './graph-context';

export class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Extra innerError members (the throttling body carries code/status there). */
  readonly inner: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: string,
    message: string,
    opts: { headers?: Record<string, string>; inner?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'GraphError';
    this.status = status;
    this.code = code;
    this.headers = opts.headers ?? {};
    this.inner = opts.inner ?? {};
  }
}

export interface RequestIds {
  readonly requestId: string;
  readonly clientRequestId: string;
}

function innerErrorDate(now: Date = new Date()): string {
  return now.toISOString().slice(0, 19);
}

export function graphErrorBody(
  code: string,
  message: string,
  ids: RequestIds,
  inner: Readonly<Record<string, string>> = {},
): { error: { code: string; message: string; innerError: Record<string, string> } } {
  return {
    error: {
      code,
      message,
      innerError: {
        ...inner,
        date: innerErrorDate(),
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
      },
    },
  };
}

export function errorResponse(err: GraphError, ids: RequestIds): GraphResponse {
  return {
    status: err.status,
    headers: { ...err.headers, 'Content-Type': 'application/json' },
    body: graphErrorBody(err.code, err.message, ids, err.inner),
  };
}

// --- the errors the sandbox raises, worded as Graph words them -------------------------------

export function badRequest(message: string, code = 'BadRequest'): GraphError {
  return new GraphError(400, code, message);
}

/** Unknown path segment: Graph answers 400, not 404, naming the first segment it could not resolve. */
export function segmentNotFound(segment: string): GraphError {
  return new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}

export function invalidVersion(version: string): GraphError {
  return new GraphError(400, 'BadRequest', `Invalid version: ${version}`);
}

export function methodNotAllowed(): GraphError {
  return new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
}

export function userNotFound(idOrUpn: string): GraphError {
  return new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** Body of the documented throttling response (concepts/throttling.md "Sample response"). */
export function tooManyRequests(retryAfterSeconds: number): GraphError {
  return new GraphError(429, 'TooManyRequests', 'Please retry again later.', {
    headers: { 'Retry-After': String(retryAfterSeconds) },
    inner: { code: '429', message: 'Please retry after', status: '429' },
  });
}

export function invalidAuthenticationToken(message: string): GraphError {
  return new GraphError(401, 'InvalidAuthenticationToken', message, {
    headers: {
      'WWW-Authenticate':
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    },
  });
}

/** Without an application access policy granted to the organizer (wire-notes §1). */
export function noApplicationAccessPolicy(): GraphError {
  return new GraphError(403, 'Forbidden', 'No Application Access Policy found for this app');
}

/** OData's wording when a literal does not fit the declared type (dates, enums). */
export function cannotConvertLiteral(literal: unknown, edmType: string): GraphError {
  const text = typeof literal === 'string' ? literal : JSON.stringify(literal);
  return badRequest(`Cannot convert the literal '${text}' to the expected type '${edmType}'.`);
}

export function propertyDoesNotExist(property: string, type: string): GraphError {
  return badRequest(
    `The property '${property}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
  );
}

export function notAValidActionParameter(parameter: string, action: string): GraphError {
  return badRequest(`The parameter '${parameter}' in the request payload is not a valid parameter for the operation '${action}'.`);
}

export function internalError(message: string): GraphError {
  return new GraphError(500, 'UnknownError', message);
}

