/**
 * The part of `GET /_sandbox` that describes the world the sandbox simulates, so that any client or test can
 * point itself at it without reading the source: the tenant, the app registration (client id and secret) and the
 * application permissions it is granted, the authority and Graph base URLs, the CA certificate to trust, and the
 * people. Plus the identity controls: `POST /_sandbox/app-roles/{role}/remove` and `…/restore` (they change what
 * the next token carries: the bot's cached token keeps its roles until it expires or the bot restarts, as in Entra).
 */
import type { ControlResponse } from './control-requests';
import { json, notFound } from './control-requests';

export interface WorldDescription {
  readonly tenantId: string;
  readonly appRegistration: { readonly clientId: string; readonly clientSecret: string; readonly grantedRoles: readonly string[]; readonly knownRoles: readonly string[] };
  readonly authorityHost: string;
  readonly tokenEndpoint: string;
  readonly openIdConfigurationUrl: string;
  readonly graphBaseUrl: string;
  readonly plainHttpUrl: string;
  readonly caCertificatePem: string;
  readonly notificationOpenIdMetadataUrl: string;
  readonly howPeopleAreLearned: string;
}

export interface IdentityControls {
  readonly world: () => WorldDescription;
  readonly roles: () => readonly string[];
  readonly setRoles: (roles: readonly string[]) => void;
}

export function changeRole(controls: IdentityControls, role: string, action: 'remove' | 'restore'): ControlResponse {
  const known = controls.world().appRegistration.knownRoles.find((r) => r.toLowerCase() === role.toLowerCase());
  if (known === undefined) throw notFound(`unknown application permission '${role}'`);
  const others = controls.roles().filter((r) => r.toLowerCase() !== known.toLowerCase());
  controls.setRoles(action === 'remove' ? others : [...others, known]);
  return json(200, { grantedRoles: controls.roles() });
}
