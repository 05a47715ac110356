/**
 * Requests and responses of the control surface: the loopback/Host/Origin guard, JSON body readers and
 * control errors (not Graph's error envelope: the control surface is not Graph).
 */
import type { ServerResponse } from 'node:http';
import { isJsonObject, parseJson, type JsonObject } from '../http/http-util';
import type { ResultInfo } from '../graph/calls/call-resources';
import { presetMessage, type Preset } from './control-presets';

export interface ControlHttpRequest {
  readonly method: string;
  readonly pathname: string;
  /** The query string including '?', or '' (optional: older callers pass none). */
  readonly query?: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly remoteAddress: string | undefined;
}

export interface ControlResponse {
  readonly status: number;
  readonly contentType: string;
  readonly payload: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ControlRequest {
  readonly http: ControlHttpRequest;
}

export class ControlError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ControlError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export const badRequest = (message: string): ControlError => new ControlError(400, 'badRequest', message);
export const notFound = (message: string): ControlError => new ControlError(404, 'notFound', message);
export const conflict = (message: string): ControlError => new ControlError(409, 'conflict', message);
const forbidden = (message: string): ControlError => new ControlError(403, 'forbidden', message);

// --- request guards --------------------------------------------------------------------------------

function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/i.test(address);
}

function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function parseHost(value: string): URL | undefined {
  try {
    return new URL(`http://${value}`);
  } catch (e: unknown) {
    if (e instanceof TypeError) return undefined;
    throw e;
  }
}

function parseOrigin(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch (e: unknown) {
    if (e instanceof TypeError) return undefined; // e.g. the opaque origin "null"
    throw e;
  }
}

export function checkClient(req: ControlHttpRequest): void {
  if (!isLoopbackAddress(req.remoteAddress)) throw forbidden('The sandbox control surface only answers loopback clients.');
  const host = req.headers['host'];
  const hostUrl = host === undefined ? undefined : parseHost(host);
  if (host !== undefined && (hostUrl === undefined || !isLoopbackHostname(hostUrl.hostname))) {
    throw forbidden(`The sandbox control surface only answers requests for a loopback host (Host: ${host}).`);
  }
  const origin = req.headers['origin'];
  if (origin !== undefined) {
    const o = parseOrigin(origin);
    const sameOrigin = o !== undefined && (o.protocol === 'http:' || o.protocol === 'https:') && hostUrl !== undefined && o.host === hostUrl.host;
    if (!sameOrigin) throw forbidden(`Cross-origin requests are refused (Origin: ${origin}).`);
  }
}

// --- bodies ----------------------------------------------------------------------------------------

export function jsonBody(req: ControlRequest, allowed: readonly string[]): JsonObject {
  const raw = req.http.body;
  if (raw.trim() === '') return {};
  const parsed = parseJson(raw);
  if (!parsed.ok) throw badRequest(`The body is not valid JSON: ${parsed.error}`);
  if (!isJsonObject(parsed.value)) throw badRequest('The body must be a JSON object.');
  const body = parsed.value;
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    const expected = allowed.length === 0 ? 'no fields' : allowed.join(', ');
    throw badRequest(`Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')} (expected: ${expected}).`);
  }
  return body;
}

export function requiredString(body: JsonObject, key: string): string {
  const v = body[key];
  if (v === undefined || v === null) throw badRequest(`'${key}' is required.`);
  if (typeof v !== 'string' || v.trim() === '') throw badRequest(`'${key}' must be a non-empty string.`);
  return v.trim();
}

function optionalString(body: JsonObject, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw badRequest(`'${key}' must be a non-empty string when given.`);
  return v;
}

export function optionalBoolean(body: JsonObject, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw badRequest(`'${key}' must be true or false.`);
  return v;
}

export function requiredInteger(body: JsonObject, key: string, min: number, max: number): number {
  const v = body[key];
  if (v === undefined || v === null) throw badRequest(`'${key}' is required.`);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw badRequest(`'${key}' must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}.`);
  }
  return v;
}

/** {code, subcode, message?}; message defaults to the preset's, else a generic one. */
export function resultInfoFrom(body: JsonObject, presets: readonly Preset[], what: string): ResultInfo {
  const code = requiredInteger(body, 'code', 100, 599);
  const subcode = requiredInteger(body, 'subcode', 0, 2_147_483_647);
  const message = optionalString(body, 'message') ?? presetMessage(presets, code, subcode) ?? `${what} (${code}/${subcode}), injected by the sandbox control surface.`;
  return { code, subcode, message };
}

export function json(status: number, body: unknown): ControlResponse {
  return { status, contentType: 'application/json; charset=utf-8', payload: JSON.stringify(body, null, 2) };
}

export function errorJson(err: ControlError): ControlResponse {
  return { ...json(err.status, { error: { code: err.code, message: err.message } }), headers: err.headers };
}

/** Writes a control response (no Graph headers). */
export function writeControlResponse(res: ServerResponse, r: ControlResponse): void {
  res.writeHead(r.status, {
    'Content-Type': r.contentType,
    'Content-Length': Buffer.byteLength(r.payload),
    'Cache-Control': 'no-store',
    ...(r.headers ?? {}),
  });
  res.end(r.payload);
}

