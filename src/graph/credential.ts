/** Chooses the Graph credential from config: client secret, client certificate or managed identity. */
import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, type AccessToken, type TokenCredential } from '@azure/identity';
import type { GraphConfig } from '../config';
import { ConfigError } from '../errors/app-error';

export function graphCredential(cfg: GraphConfig): TokenCredential {
  switch (cfg.credential) {
    case 'clientSecret':
      if (!cfg.tenantId || !cfg.clientId || !cfg.clientSecret) throw new ConfigError('GRAPH_CLIENT_SECRET', 'GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET are needed for GRAPH_CREDENTIAL=clientSecret');
      return new ClientSecretCredential(cfg.tenantId, cfg.clientId, cfg.clientSecret);
    case 'clientCertificate':
      if (!cfg.tenantId || !cfg.clientId || !cfg.certificatePath) throw new ConfigError('GRAPH_CLIENT_CERTIFICATE_PATH', 'GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_CERTIFICATE_PATH are needed for GRAPH_CREDENTIAL=clientCertificate');
      return new ClientCertificateCredential(cfg.tenantId, cfg.clientId, { certificatePath: cfg.certificatePath });
    case 'managedIdentity':
      return cfg.managedIdentityClientId ? new ManagedIdentityCredential({ clientId: cfg.managedIdentityClientId }) : new ManagedIdentityCredential();
  }
}

/**
 * The sandbox's credential. The Graph client attaches tokens only to https Graph hosts, so against the local
 * http sandbox it is never even asked; it exists so that both modes build the client the same way.
 */
export class SandboxCredential implements TokenCredential {
  async getToken(): Promise<AccessToken> {
    return { token: 'sandbox', expiresOnTimestamp: Date.now() + 3600_000 };
  }
}
