/**
 * Configuration: read once from the environment (and .env), validated, with errors that name the variable.
 * The table in README.md and .env.example document every variable read here.
 */
import { DEFAULT_OPENID_METADATA_URL } from './calls/notification-token-validator';
import { readFileSync } from 'node:fs';
import { parseSeverityMap, SEVERITY_MAP_VARIABLE, type SeverityMap } from './alerts/severity-map';
import { type CommandRateLimits, DEFAULT_COMMAND_RATE_LIMITS } from './commands/command-limits';
import { ConfigError } from './errors/app-error';
import { BOT_FRAMEWORK_SERVICE_URLS, parseServiceUrlPatterns, type ServiceUrlPolicy } from './http/service-url-policy';
import { ALLOWED_PRESENTERS, type AllowedPresenters, LOBBY_BYPASS_SCOPES, type LobbyBypassScope } from './incidents/meeting-options';

export type GraphCredentialKind = 'clientSecret' | 'clientCertificate' | 'managedIdentity';
type BotAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMsi';
type StorageKind = 'memory' | 'file' | 'blob';

interface BotAuthConfig {
  readonly appId?: string;
  readonly appPassword?: string;
  readonly appType: BotAppType;
  readonly appTenantId?: string;
}

export interface GraphConfig {
  readonly baseUrl: string;
  readonly tenantId?: string;
  readonly credential: GraphCredentialKind;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly certificatePath?: string;
  readonly managedIdentityClientId?: string;
  /** Sign-in authority (GRAPH_AUTHORITY_HOST); unset: @azure/identity's default (AZURE_AUTHORITY_HOST or the public cloud). */
  readonly authorityHost?: string;
  /** Extra CA (PEM) that Graph's and the authority's TLS certificates may chain to (GRAPH_CA_CERTIFICATE_PATH). */
  readonly caCertificatePem?: string;
}

export interface AppConfig {
  readonly port: number;
  /** Interface to bind (HOST). Default: 127.0.0.1 in sandbox / no-app-id mode, every interface otherwise. */
  readonly host?: string;
  /** Which activity serviceUrls are answered (ALLOWED_SERVICE_URLS; see http/service-url-policy.ts). */
  readonly serviceUrls?: ServiceUrlPolicy;
  /** How long SIGTERM/SIGINT waits for in-flight work before exiting (SHUTDOWN_TIMEOUT_MS). */
  readonly shutdownTimeoutMs?: number;
  /** Where Graph reaches the bot (calling webhook, prompt audio). Unset in sandbox mode: the local address is used. */
  readonly publicBaseUrl?: string;
  readonly sandbox: boolean;
  readonly sandboxGraphPort: number;
  readonly playground: boolean;
  readonly bot: BotAuthConfig;
  readonly graph: GraphConfig;
  readonly calling: {
    /** OpenID metadata that publishes the keys signing Graph's call notifications. */
    readonly openIdMetadataUrl: string;
    /** Expected audience of notification tokens: the bot's app id. */
    readonly notificationAudience?: string;
    readonly keepAliveMinutes: number;
  };
  readonly meeting: {
    readonly organizerId?: string;
    readonly durationMinutes: number;
    readonly lobbyBypass: LobbyBypassScope;
    readonly allowedPresenters: AllowedPresenters;
    readonly recordAutomatically: boolean;
  };
  /** Members of this Entra group may resolve and reopen any incident. */
  readonly adminGroupId?: string;
  /** The app's id in the tenant's Teams app catalog (TEAMS_APP_CATALOG_ID): the bot installs it into meeting chats. */
  readonly teamsAppCatalogId?: string;
  /** Per-user / per-conversation limits on start and page (RATE_LIMIT_*; see commands/command-limits.ts). */
  readonly rateLimits?: CommandRateLimits;
  readonly storage: {
    readonly kind: StorageKind;
    readonly dataDir: string;
    readonly blobConnectionString?: string;
    readonly blobContainer?: string;
  };
  readonly logLevel: string;
  /** Alert webhooks (src/alerts): source severity words → sev1–sev4 (ALERT_SEVERITY_MAP over the documented defaults). */
  readonly alerts: { readonly severities: SeverityMap };
}

type Env = Readonly<Record<string, string | undefined>>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  const hit = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
  if (!hit) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return hit;
}

function guid(env: Env, name: string): string | undefined {
  const v = str(env, name);
  if (v !== undefined && !GUID.test(v)) throw new ConfigError(name, `must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), got "${v}"`);
  return v;
}

/** An optional https URL (the sign-in authority must use https, as @azure/identity insists). */
function httpsUrl(env: Env, name: string): string | undefined {
  if (str(env, name) === undefined) return undefined;
  const value = url(env, name, '');
  if (!value.startsWith('https:')) throw new ConfigError(name, `must be an https URL, got "${value}"`);
  return value;
}

/** The text of an optional PEM file. */
function pemFile(env: Env, name: string): string | undefined {
  const path = str(env, name);
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e: unknown) {
    throw new ConfigError(name, `cannot read "${path}" (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(name, `"${path}" holds no PEM certificate`);
  return text;
}

function url(env: Env, name: string, fallback: string): string {
  const raw = str(env, name) ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch (e: unknown) {
    throw new ConfigError(name, `must be an absolute URL, got "${raw}" (${e instanceof Error ? e.message : String(e)})`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ConfigError(name, `must be an http(s) URL, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

export function loadConfig(env: Env): AppConfig {
  const appId = guid(env, 'MicrosoftAppId');
  const appPassword = str(env, 'MicrosoftAppPassword');
  const appType = oneOf<BotAppType>(env, 'MicrosoftAppType', ['MultiTenant', 'SingleTenant', 'UserAssignedMsi'], 'MultiTenant');
  const appTenantId = guid(env, 'MicrosoftAppTenantId');

  const credential = oneOf<GraphCredentialKind>(env, 'GRAPH_CREDENTIAL', ['clientSecret', 'clientCertificate', 'managedIdentity'], 'clientSecret');
  const graphTenantId = guid(env, 'GRAPH_TENANT_ID') ?? appTenantId;
  const graphClientId = guid(env, 'GRAPH_CLIENT_ID') ?? appId;
  const graphClientSecret = str(env, 'GRAPH_CLIENT_SECRET') ?? appPassword;

  const sandboxMode = oneOf(env, 'SANDBOX', ['auto', 'on', 'off'], 'auto');
  const hasCredentials = appId !== undefined || graphClientId !== undefined || str(env, 'GRAPH_TENANT_ID') !== undefined;
  const sandbox = sandboxMode === 'on' || (sandboxMode === 'auto' && !hasCredentials);

  const port = int(env, 'PORT', 3978, 0, 65535);

  if (!sandbox) {
    if (!graphTenantId) throw new ConfigError('GRAPH_TENANT_ID', 'is required outside sandbox mode (the tenant where meetings are created); or set MicrosoftAppTenantId');
    if (!graphClientId && credential !== 'managedIdentity') throw new ConfigError('GRAPH_CLIENT_ID', 'is required outside sandbox mode (or set MicrosoftAppId)');
    if (credential === 'clientSecret' && !graphClientSecret) throw new ConfigError('GRAPH_CLIENT_SECRET', 'is required with GRAPH_CREDENTIAL=clientSecret (or set MicrosoftAppPassword)');
    if (credential === 'clientCertificate' && !str(env, 'GRAPH_CLIENT_CERTIFICATE_PATH')) throw new ConfigError('GRAPH_CLIENT_CERTIFICATE_PATH', 'is required with GRAPH_CREDENTIAL=clientCertificate');
    if (!appId) throw new ConfigError('MicrosoftAppId', 'is required outside sandbox mode (the Azure Bot app registration id)');
    if (appType !== 'MultiTenant' && !appTenantId) throw new ConfigError('MicrosoftAppTenantId', `is required with MicrosoftAppType=${appType}`);
    if (appType !== 'UserAssignedMsi' && !appPassword) throw new ConfigError('MicrosoftAppPassword', `is required with MicrosoftAppType=${appType}`);
  }

  const publicBaseUrl = str(env, 'PUBLIC_BASE_URL') === undefined ? undefined : url(env, 'PUBLIC_BASE_URL', '');
  if (!sandbox && publicBaseUrl === undefined) throw new ConfigError('PUBLIC_BASE_URL', 'is required outside sandbox mode: the https address where Teams and Graph reach this bot');
  if (!sandbox && !publicBaseUrl?.startsWith('https://')) {
    throw new ConfigError('PUBLIC_BASE_URL', 'must be an https:// URL outside sandbox mode (Graph only calls https webhooks)');
  }

  const storageKind = oneOf<StorageKind>(env, 'STORAGE', ['memory', 'file', 'blob'], 'file');
  const blobConnectionString = str(env, 'AZURE_STORAGE_CONNECTION_STRING');
  const blobContainer = str(env, 'AZURE_STORAGE_CONTAINER');
  if (storageKind === 'blob') {
    if (!blobConnectionString) throw new ConfigError('AZURE_STORAGE_CONNECTION_STRING', 'is required with STORAGE=blob');
    if (!blobContainer) throw new ConfigError('AZURE_STORAGE_CONTAINER', 'is required with STORAGE=blob');
  }

  const allowed = str(env, 'ALLOWED_SERVICE_URLS');
  const serviceUrls: ServiceUrlPolicy = allowed !== undefined
    ? { kind: 'list', patterns: parseServiceUrlPatterns(allowed.split(',').filter((e) => e.trim() !== ''), 'ALLOWED_SERVICE_URLS') }
    : appId === undefined ? { kind: 'loopback' } : { kind: 'list', patterns: parseServiceUrlPatterns(BOT_FRAMEWORK_SERVICE_URLS, 'ALLOWED_SERVICE_URLS') };
  const host = str(env, 'HOST') ?? (sandbox ? '127.0.0.1' : undefined);

  return {
    port,
    host,
    serviceUrls,
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    publicBaseUrl,
    sandbox,
    sandboxGraphPort: int(env, 'SANDBOX_GRAPH_PORT', 3979, 0, 65535),
    playground: sandbox && oneOf(env, 'PLAYGROUND', ['on', 'off'], 'on') === 'on',
    bot: { appId, appPassword, appType, appTenantId },
    graph: {
      baseUrl: url(env, 'GRAPH_BASE_URL', 'https://graph.microsoft.com'),
      tenantId: graphTenantId,
      credential,
      clientId: graphClientId,
      clientSecret: graphClientSecret,
      certificatePath: str(env, 'GRAPH_CLIENT_CERTIFICATE_PATH'),
      managedIdentityClientId: guid(env, 'GRAPH_MANAGED_IDENTITY_CLIENT_ID'),
      authorityHost: httpsUrl(env, 'GRAPH_AUTHORITY_HOST'),
      caCertificatePem: pemFile(env, 'GRAPH_CA_CERTIFICATE_PATH'),
    },
    calling: {
      openIdMetadataUrl: url(env, 'CALLING_OPENID_METADATA_URL', DEFAULT_OPENID_METADATA_URL),
      notificationAudience: appId,
      keepAliveMinutes: int(env, 'CALL_KEEPALIVE_MINUTES', 15, 1, 44),
    },
    meeting: {
      organizerId: guid(env, 'MEETING_ORGANIZER_ID'),
      durationMinutes: int(env, 'MEETING_DURATION_MINUTES', 60, 5, 24 * 60),
      lobbyBypass: oneOf(env, 'MEETING_LOBBY_BYPASS', LOBBY_BYPASS_SCOPES, 'organization'),
      allowedPresenters: oneOf(env, 'MEETING_ALLOWED_PRESENTERS', ALLOWED_PRESENTERS, 'everyone'),
      recordAutomatically: oneOf(env, 'MEETING_RECORD_AUTOMATICALLY', ['true', 'false'], 'false') === 'true',
    },
    adminGroupId: guid(env, 'INCIDENT_ADMIN_GROUP_ID'),
    teamsAppCatalogId: guid(env, 'TEAMS_APP_CATALOG_ID'),
    rateLimits: {
      startsPerUser: int(env, 'RATE_LIMIT_STARTS_PER_USER', DEFAULT_COMMAND_RATE_LIMITS.startsPerUser, 1, 100_000),
      startsPerConversation: int(env, 'RATE_LIMIT_STARTS_PER_CONVERSATION', DEFAULT_COMMAND_RATE_LIMITS.startsPerConversation, 1, 100_000),
      pagesPerUser: int(env, 'RATE_LIMIT_PAGES_PER_USER', DEFAULT_COMMAND_RATE_LIMITS.pagesPerUser, 1, 100_000),
      pagesPerConversation: int(env, 'RATE_LIMIT_PAGES_PER_CONVERSATION', DEFAULT_COMMAND_RATE_LIMITS.pagesPerConversation, 1, 100_000),
      windowMinutes: int(env, 'RATE_LIMIT_WINDOW_MINUTES', DEFAULT_COMMAND_RATE_LIMITS.windowMinutes, 1, 24 * 60),
    },
    storage: {
      kind: storageKind,
      dataDir: str(env, 'DATA_DIR') ?? './data',
      blobConnectionString,
      blobContainer,
    },
    alerts: { severities: parseSeverityMap(env[SEVERITY_MAP_VARIABLE]) },
    logLevel: oneOf(env, 'LOG_LEVEL', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], 'info'),
  };
}
