/**
 * The one place a Microsoft Graph client is made: app-only auth through an @azure/identity credential,
 * the SDK's default middleware chain (auth → retry → redirect → telemetry → http) kept as it is.
 */
import type { TokenCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export function createGraphClient(opts: { baseUrl: string; credential: TokenCredential }): Client {
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(opts.credential, { scopes: [GRAPH_SCOPE] }),
    baseUrl: `${opts.baseUrl.replace(/\/+$/, '')}/`,
    defaultVersion: 'v1.0',
  });
}
