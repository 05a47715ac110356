/**
 * Which `serviceUrl`s the bot will answer (and so POST to). The bot sends its replies to the activity's serviceUrl,
 * so accepting any URL lets a caller make the bot call a host of its choosing.
 *
 * - No app id (sandbox, local Teams client): only loopback URLs (localhost, 127.0.0.0/8, [::1]).
 * - App id set (production): only Bot Framework hosts. The JWT's `serviceurl` claim must already equal the activity's;
 *   this additionally pins the host. Defaults (Bot Framework / Teams documentation, public, US Gov and China clouds):
 *     https://smba.trafficmanager.net/…            Teams, public cloud
 *     https://*.botframework.com/…                  Bot Framework channels, public cloud
 *     https://smba.infra.gcc.teams.microsoft.com/…  Teams GCC
 *     https://smba.infra.gov.teams.microsoft.us/…   Teams GCC High
 *     https://smba.infra.dod.teams.microsoft.us/…   Teams DoD
 *     https://*.botframework.us/…                   Bot Framework, US Gov cloud
 *     https://*.botframework.azure.cn/…             Bot Framework, China (21Vianet)
 *   ALLOWED_SERVICE_URLS (comma-separated, `https://host` or `https://*.domain`, optionally with a path prefix)
 *   replaces the list in either mode.
 */
import { ConfigError } from '../errors/app-error';

export interface ServiceUrlPattern {
  readonly protocol: 'https:' | 'http:';
  /** Exact host, or `*.domain` for any subdomain of domain. */
  readonly host: string;
  readonly pathPrefix: string;
}

export type ServiceUrlPolicy = { readonly kind: 'loopback' } | { readonly kind: 'list'; readonly patterns: readonly ServiceUrlPattern[] };

export const BOT_FRAMEWORK_SERVICE_URLS: readonly string[] = [
  'https://smba.trafficmanager.net',
  'https://*.botframework.com',
  'https://smba.infra.gcc.teams.microsoft.com',
  'https://smba.infra.gov.teams.microsoft.us',
  'https://smba.infra.dod.teams.microsoft.us',
  'https://*.botframework.us',
  'https://*.botframework.azure.cn',
];

export function parseServiceUrlPatterns(raw: readonly string[], variable: string): ServiceUrlPattern[] {
  return raw.map((entry) => {
    const m = /^(?<scheme>https?):\/\/(?<wild>\*\.)?(?<name>[a-z0-9.-]+(?::\d+)?)(?<path>\/.*)?$/i.exec(entry.trim());
    const g = m?.groups;
    if (!g?.['scheme'] || !g['name']) throw new ConfigError(variable, `each entry must look like https://host or https://*.domain (optionally with a path), got "${entry}"`);
    const host = `${g['wild'] ?? ''}${g['name'].toLowerCase()}`;
    const http = g['scheme'].toLowerCase() === 'http';
    if (http && !isLoopbackHost(host)) throw new ConfigError(variable, `only loopback hosts may use http://, got "${entry}"`);
    return { protocol: http ? 'http:' : 'https:', host, pathPrefix: (g['path'] ?? '/').replace(/\/?$/, '/') };
  });
}

function isLoopbackHost(host: string): boolean {
  const h = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

export function serviceUrlAllowed(policy: ServiceUrlPolicy, serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string') return false;
  let u: URL;
  try {
    u = new URL(serviceUrl);
  } catch (e: unknown) {
    if (e instanceof TypeError) return false;
    throw e;
  }
  if (u.username !== '' || u.password !== '') return false;
  if (policy.kind === 'loopback') return (u.protocol === 'http:' || u.protocol === 'https:') && isLoopbackHost(u.hostname);
  const host = u.host.toLowerCase();
  const path = u.pathname.endsWith('/') ? u.pathname : `${u.pathname}/`;
  return policy.patterns.some((p) => {
    if (p.protocol !== u.protocol) return false;
    const hostOk = p.host.startsWith('*.') ? host.endsWith(p.host.slice(1)) && host.length > p.host.length - 1 : host === p.host;
    return hostOk && path.startsWith(p.pathPrefix);
  });
}
