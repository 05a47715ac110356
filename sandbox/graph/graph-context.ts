/**
 * The request/response shapes the Graph sandbox's route handlers work with. A handler sees the
 * same GraphRequest whether the call came over HTTP or as one item of a $batch, so both paths
 * behave identically by construction.
 */
import type { Router } from '../http/router';

export type GraphVersion = 'v1.0' | 'beta';

export interface GraphRequest {
  readonly method: string;
  readonly version: GraphVersion;
  /** Decoded path segments after the version, e.g. ['users', 'meganb@contoso.com']. */
  readonly segments: readonly string[];
  /** The path as received, version included, without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, or undefined when there was none. */
  readonly body: unknown;
  /** `<sandbox url>/<version>`: the root @odata.context and @odata.nextLink are built from. */
  readonly serviceRoot: string;
  readonly requestId: string;
  readonly clientRequestId: string;
  readonly via: 'http' | 'batch';
  /** The application permissions of the request's (verified) access token; a $batch item has its batch's. */
  readonly roles: readonly string[];
}

export interface GraphResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Serialized as JSON; omitted for 204. */
  readonly body?: unknown;
}

export type GraphRouter = Router<GraphRequest, GraphResponse>;

export function odataContext(req: GraphRequest, fragment: string): string {
  return `${req.serviceRoot}/$metadata#${fragment}`;
}

/** Graph's DateTimeOffset rendering: UTC, seven fractional digits. */
export function graphDateTime(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}
