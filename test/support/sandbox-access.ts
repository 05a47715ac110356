/**
 * Raw HTTP to a Graph sandbox as an app would make it: over https trusting the sandbox's CA, with an app-only
 * access token from its token endpoint (client credentials, the sandbox's own app registration).
 */
import { Client } from '@microsoft/microsoft-graph-client';
import { Agent } from 'undici';
import type { GraphSandbox } from '../../sandbox/graph/graph-sandbox';

const agents = new WeakMap<GraphSandbox, Agent>();

function agentFor(sandbox: GraphSandbox): Agent {
  let agent = agents.get(sandbox);
  if (agent === undefined) {
    agent = new Agent({ connect: { ca: sandbox.caCertificatePem } });
    agents.set(sandbox, agent);
  }
  return agent;
}

/** A Graph SDK client for the sandbox: its auth middleware attaches app tokens (the sandbox host as a custom host), over https trusting the CA. */
export function sandboxGraphClient(sandbox: GraphSandbox, baseUrl = sandbox.url): Client {
  return Client.init({
    authProvider: (done) => void appToken(sandbox).then((t) => done(null, t), (e: unknown) => done(e, null)),
    baseUrl,
    defaultVersion: 'v1.0',
    customHosts: new Set([new URL(sandbox.url).hostname]),
    fetchOptions: { dispatcher: agentFor(sandbox) } as RequestInit,
  });
}

/** fetch() that trusts the sandbox's CA. */
export function sandboxFetch(sandbox: GraphSandbox, url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, dispatcher: agentFor(sandbox) } as RequestInit);
}

const cached = new WeakMap<GraphSandbox, { roles: string; token: string }>();

/** An app-only Graph token carrying the sandbox's current grant (reused while the grant is unchanged, as MSAL caches). */
export async function appToken(sandbox: GraphSandbox): Promise<string> {
  const roles = sandbox.control.appRoles().join(' ');
  const hit = cached.get(sandbox);
  if (hit !== undefined && hit.roles === roles) return hit.token;
  const token = await freshToken(sandbox);
  cached.set(sandbox, { roles, token });
  return token;
}

async function freshToken(sandbox: GraphSandbox): Promise<string> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: sandbox.botAppId, client_secret: sandbox.clientSecret, scope: 'https://graph.microsoft.com/.default' });
  const res = await sandboxFetch(sandbox, sandbox.tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** fetch() to the sandbox with a fresh bearer token unless the caller set Authorization (or null to send none). */
export async function graphFetch(sandbox: GraphSandbox, url: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  const hasAuth = Object.keys(headers).some((h) => h.toLowerCase() === 'authorization');
  if (!hasAuth) headers['Authorization'] = `Bearer ${await appToken(sandbox)}`;
  return sandboxFetch(sandbox, url, { ...init, headers });
}
