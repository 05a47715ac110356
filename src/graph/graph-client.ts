/**
 * The one place a Microsoft Graph client is made: app-only auth through an @azure/identity credential,
 * the SDK's default middleware chain (auth → retry → redirect → telemetry → http) kept as it is.
 */
import type { TokenCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { Agent } from 'undici';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** Graph's national-cloud endpoints, which issue tokens for their own resource. */
const NATIONAL_CLOUD_HOSTS = new Set(['graph.microsoft.us', 'dod-graph.microsoft.us', 'microsoftgraph.chinacloudapi.cn']);
/** The hosts the Graph SDK attaches tokens to by itself (its GRAPH_URLS). */
const SDK_GRAPH_HOSTS = new Set(['graph.microsoft.com', 'canary.graph.microsoft.com', ...NATIONAL_CLOUD_HOSTS]);

/**
 * The token scope for a Graph endpoint: national clouds (graph.microsoft.us, dod-graph.microsoft.us,
 * microsoftgraph.chinacloudapi.cn) issue tokens for their own resource; any other endpoint (a private one behind a
 * gateway, the sandbox) serves the global resource. The sign-in endpoint of those clouds is chosen with
 * GRAPH_AUTHORITY_HOST (or @azure/identity's AZURE_AUTHORITY_HOST).
 */
export function graphScopeFor(baseUrl: string): string {
  const url = new URL(baseUrl);
  return url.protocol === 'https:' && NATIONAL_CLOUD_HOSTS.has(url.hostname) ? `${url.origin}/.default` : GRAPH_SCOPE;
}

export interface GraphClientOptions {
  readonly baseUrl: string;
  readonly credential: TokenCredential;
  /** Extra CA (PEM) that the Graph endpoint's certificate may chain to. */
  readonly caCertificatePem?: string;
}

export function createGraphClient(opts: GraphClientOptions): Client {
  const host = new URL(opts.baseUrl).hostname.toLowerCase();
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(opts.credential, { scopes: [graphScopeFor(opts.baseUrl)] }),
    baseUrl: `${opts.baseUrl.replace(/\/+$/, '')}/`,
    defaultVersion: 'v1.0',
    // The SDK's auth middleware attaches the token only to its own Graph hosts and to these.
    ...(SDK_GRAPH_HOSTS.has(host) ? {} : { customHosts: new Set([host]) }),
    // Node's fetch (undici) takes the trust store per dispatcher.
    ...(opts.caCertificatePem !== undefined ? { fetchOptions: { dispatcher: new Agent({ connect: { ca: opts.caCertificatePem } }) } as RequestInit } : {}),
  });
}
