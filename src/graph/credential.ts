/**
 * Chooses the Graph credential from config: client secret, client certificate or managed identity, all from
 * @azure/identity. `GRAPH_AUTHORITY_HOST` points the sign-in at another authority (a national cloud, or the
 * sandbox's) and `GRAPH_CA_CERTIFICATE_PATH` adds a CA that authority's TLS certificate chains to (a
 * TLS-inspecting proxy, or the sandbox's generated CA); both default to Microsoft's public cloud and the system's CAs.
 */
import { type AccessToken, ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, type TokenCredential, type TokenCredentialOptions } from '@azure/identity';
import type { GraphConfig } from '../config';
import { ConfigError } from '../errors/app-error';

/**
 * An authority host that is named explicitly is trusted as named: MSAL's instance discovery asks
 * login.microsoftonline.com about an authority it does not know and fails without it
 * (endpoints_resolution_error), so it is off for a named host, as @azure/identity advises for private clouds and
 * Azure Stack (the national clouds' hosts are in MSAL's built-in metadata either way).
 */
function commonOptions(cfg: GraphConfig): TokenCredentialOptions & { disableInstanceDiscovery?: boolean } {
  return {
    ...(cfg.authorityHost !== undefined ? { authorityHost: cfg.authorityHost, disableInstanceDiscovery: true } : {}),
    ...(cfg.caCertificatePem !== undefined ? { tlsOptions: { ca: cfg.caCertificatePem } } : {}),
  };
}

export function graphCredential(cfg: GraphConfig): TokenCredential {
  return reusingTokens(innerCredential(cfg));
}

/**
 * MSAL caches the app token too, but its silent look-up costs more than a Graph request's own work (#12 profile):
 * a token is reused per scope set until its refresh time (or 5 minutes before expiry). Requests with claims (a
 * CAE challenge) or other options go to the credential as they are.
 */
function reusingTokens(inner: TokenCredential, now: () => number = Date.now): TokenCredential {
  const cache = new Map<string, { token: AccessToken; until: number }>();
  return {
    async getToken(scopes, options) {
      const plain = options === undefined || (options.claims === undefined && options.tenantId === undefined && options.enableCae === undefined);
      const key = (Array.isArray(scopes) ? scopes : [scopes]).join(' ');
      const hit = plain ? cache.get(key) : undefined;
      if (hit && hit.until > now()) return hit.token;
      const token = await inner.getToken(scopes, options);
      if (plain && token) cache.set(key, { token, until: Math.min(token.refreshAfterTimestamp ?? Number.POSITIVE_INFINITY, token.expiresOnTimestamp - 5 * 60_000) });
      return token;
    },
  };
}

function innerCredential(cfg: GraphConfig): TokenCredential {
  const common = commonOptions(cfg);
  switch (cfg.credential) {
    case 'clientSecret':
      if (!cfg.tenantId || !cfg.clientId || !cfg.clientSecret) throw new ConfigError('GRAPH_CLIENT_SECRET', 'GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET are needed for GRAPH_CREDENTIAL=clientSecret');
      return new ClientSecretCredential(cfg.tenantId, cfg.clientId, cfg.clientSecret, common);
    case 'clientCertificate':
      if (!cfg.tenantId || !cfg.clientId || !cfg.certificatePath) throw new ConfigError('GRAPH_CLIENT_CERTIFICATE_PATH', 'GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_CERTIFICATE_PATH are needed for GRAPH_CREDENTIAL=clientCertificate');
      return new ClientCertificateCredential(cfg.tenantId, cfg.clientId, { certificatePath: cfg.certificatePath }, common);
    case 'managedIdentity':
      return cfg.managedIdentityClientId ? new ManagedIdentityCredential({ clientId: cfg.managedIdentityClientId, ...common }) : new ManagedIdentityCredential(common);
  }
}
