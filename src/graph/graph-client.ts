/**
 * The one place a Microsoft Graph client is made: app-only auth through an @azure/identity credential,
 * the SDK's default middleware chain (auth → retry → redirect → telemetry → http) kept as it is.
 */
import type { TokenCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/**
 * The token scope for a Graph endpoint: national clouds (graph.microsoft.us, dod-graph.microsoft.us,
 * microsoftgraph.chinacloudapi.cn) issue tokens for their own resource. The sign-in endpoint of those clouds is
 * chosen with @azure/identity's AZURE_AUTHORITY_HOST.
 */
export function graphScopeFor(baseUrl: string): string {
  const url = new URL(baseUrl);
  return url.protocol === 'https:' ? `${url.origin}/.default` : GRAPH_SCOPE;
}

export function createGraphClient(opts: { baseUrl: string; credential: TokenCredential }): Client {
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(opts.credential, { scopes: [graphScopeFor(opts.baseUrl)] }),
    baseUrl: `${opts.baseUrl.replace(/\/+$/, '')}/`,
    defaultVersion: 'v1.0',
  });
}
