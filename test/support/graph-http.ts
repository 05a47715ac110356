/** Raw HTTP against a Graph sandbox for its own tests (https, an app token unless the test sets Authorization): one started per test file, reset before each test. */
import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import { appToken, graphFetch } from './sandbox-access';
import { startGraphSandbox, type GraphSandbox, type GraphSandboxOptions } from '../../sandbox/graph/graph-sandbox';

export type Json = Record<string, unknown>;

export interface GraphErrorBody {
  code: string;
  message: string;
  innerError: Record<string, string>;
}

/** Registers before/after/beforeEach hooks; returns the sandbox (valid inside tests) and a fetch helper. */
export function useGraphSandbox(opts: GraphSandboxOptions = {}): {
  sandbox: () => GraphSandbox;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; json: Json }>;
} {
  let sandbox: GraphSandbox | undefined;
  before(async () => {
    sandbox = await startGraphSandbox(opts);
    await appToken(sandbox); // the token request is in the log before the first reset, as a running bot's would be
  });
  after(async () => { await sandbox?.close(); });
  beforeEach(() => { sandbox?.control.reset(); });
  const get = (): GraphSandbox => {
    assert.ok(sandbox, 'the Graph sandbox is not started');
    return sandbox;
  };
  return {
    sandbox: get,
    async call(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        init.headers = { 'Content-Type': 'application/json', ...headers };
      }
      const res = await graphFetch(get(), `${get().url}${path}`, init as RequestInit & { headers?: Record<string, string> });
      const text = await res.text();
      return { status: res.status, headers: res.headers, json: text === '' ? {} : (JSON.parse(text) as Json) };
    },
  };
}

/** The Graph error body of a response (asserting it is one). */
export function errorOf(json: Json): GraphErrorBody {
  const error = json['error'] as GraphErrorBody | undefined;
  assert.ok(error, `expected a Graph error body, got ${JSON.stringify(json)}`);
  assert.equal(typeof error.message, 'string');
  assert.match(error.innerError['request-id'] ?? '', /^[0-9a-f-]{36}$/);
  return error;
}
