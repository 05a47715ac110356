/** Check 1: the configuration loads (loadConfig), what it resolves to, and which optional features are off. */
import path from 'node:path';
import { loadConfig, type AppConfig } from '../config';
import { ConfigError } from '../errors/app-error';
import type { CheckResult, DoctorEnv } from './doctor-types';
import { messageOf } from './describe-failure';

const TITLE = 'Configuration';

export type ConfigOutcome = { readonly config: AppConfig; readonly result: CheckResult } | { readonly config?: undefined; readonly result: CheckResult };

/** What to do about a ConfigError, per variable. Never includes a value of a secret. */
export function configFix(variable: string): string[] {
  switch (variable) {
    case 'PUBLIC_BASE_URL':
      return [
        'set PUBLIC_BASE_URL to the https:// root address where Teams and Graph reach this bot, without a path,',
        'e.g. https://<web app name>.azurewebsites.net (App Service), or for a bot on your machine a tunnel: devtunnel host -p 3978 --allow-anonymous',
        'Graph only posts call notifications to https webhooks with a publicly trusted certificate.',
      ];
    case 'GRAPH_TENANT_ID':
    case 'MicrosoftAppTenantId':
      return [`set ${variable} to the Directory (tenant) ID of your tenant: az account show --query tenantId -o tsv`];
    case 'GRAPH_CLIENT_ID':
    case 'MicrosoftAppId':
      return [
        `set ${variable} to the Application (client) ID of the bot's app registration (not its object id):`,
        'az ad app list --display-name "Incident Bridge" --query "[].appId" -o tsv',
      ];
    case 'GRAPH_CLIENT_SECRET':
    case 'MicrosoftAppPassword':
      return [
        `set ${variable} to a client secret's value (never commit it; App Service: an app setting or a Key Vault reference).`,
        'A new one: az ad app credential reset --id <app id> --display-name incident-bridge --append --years 1 --query password -o tsv',
      ];
    case 'GRAPH_CLIENT_CERTIFICATE_PATH':
      return [
        'set GRAPH_CLIENT_CERTIFICATE_PATH to a PEM file holding the certificate and its private key, and register the certificate on the app:',
        'az ad app credential reset --id <app id> --cert @cert.pem --append',
      ];
    case 'AZURE_STORAGE_CONNECTION_STRING':
      return ['az storage account show-connection-string -g <resource group> -n <storage account> -o tsv   (or STORAGE=file for a single instance)'];
    case 'AZURE_STORAGE_CONTAINER':
      return ['set AZURE_STORAGE_CONTAINER to a blob container name, e.g. incident-bridge (created on first use)'];
    case 'SANDBOX':
      return ['SANDBOX is auto (default: sandbox when no credentials are set), on or off'];
    default:
      return [`correct ${variable} in .env or in the App Service application settings (see .env.example and README.md)`];
  }
}

export function checkConfig(env: DoctorEnv): ConfigOutcome {
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (e: unknown) {
    if (e instanceof ConfigError) {
      return { result: { id: 'config', title: TITLE, status: 'FAIL', summary: e.message, fix: configFix(e.variable) } };
    }
    return { result: { id: 'config', title: TITLE, status: 'FAIL', summary: `the configuration could not be read: ${messageOf(e)}`, fix: ['see .env.example and the configuration table in README.md'] } };
  }

  const set = (name: string): boolean => (env[name] ?? '').trim() !== '';
  const details: string[] = [];
  const off: string[] = [];
  const warnings: string[] = [];
  const fix: string[] = [];
  const g = config.graph;
  const b = config.bot;

  if (config.sandbox) {
    details.push(set('SANDBOX') && (env['SANDBOX'] ?? '').trim().toLowerCase() === 'on' ? 'SANDBOX=on' : 'no credentials configured (SANDBOX=auto)');
  } else {
    details.push(`bot: MicrosoftAppId ${b.appId ?? '(none)'}, MicrosoftAppType ${b.appType}, MicrosoftAppPassword ${b.appPassword ? 'set' : 'not set'}${b.appTenantId ? `, tenant ${b.appTenantId}` : ''}`);
    const secretSource = set('GRAPH_CLIENT_SECRET') ? 'GRAPH_CLIENT_SECRET set' : g.clientSecret ? 'secret from MicrosoftAppPassword' : 'no secret';
    const credential =
      g.credential === 'clientSecret' ? `client secret (${secretSource})`
      : g.credential === 'clientCertificate' ? `client certificate ${g.certificatePath ?? ''}`
      : `managed identity ${g.managedIdentityClientId ?? '(system-assigned)'}`;
    details.push(`graph: tenant ${g.tenantId ?? '(none)'}, client ${g.clientId ?? '(the managed identity)'}, ${credential}`);
    details.push(`public base URL: ${config.publicBaseUrl ?? '(none)'}`);
    if (g.clientId !== undefined && b.appId !== undefined && g.clientId.toLowerCase() !== b.appId.toLowerCase()) {
      warnings.push(`GRAPH_CLIENT_ID (${g.clientId}) is not MicrosoftAppId (${b.appId})`);
      fix.push(
        'Graph joins calls only for the app registered as the calling bot (the Azure Bot with calling enabled on its Teams channel);',
        'with another app id, call joins end with code 7503. Use the same registration for both (unset GRAPH_CLIENT_ID), unless you know why not.',
      );
    }
    if (g.tenantId !== undefined && b.appTenantId !== undefined && g.tenantId.toLowerCase() !== b.appTenantId.toLowerCase()) {
      details.push(`note: GRAPH_TENANT_ID (${g.tenantId}) differs from MicrosoftAppTenantId (${b.appTenantId}): meetings are created in ${g.tenantId}`);
    }
  }
  const storage = config.storage.kind === 'file' ? `file (${path.resolve(config.storage.dataDir)})` : config.storage.kind === 'blob' ? `blob (container ${config.storage.blobContainer ?? '?'})` : 'memory';
  details.push(`storage: ${storage}`);
  if (g.baseUrl !== 'https://graph.microsoft.com') details.push(`GRAPH_BASE_URL: ${g.baseUrl}${config.sandbox ? ' (replaced by the sandbox for these checks)' : ' (national cloud or proxy)'}`);

  if (config.meeting.organizerId === undefined) {
    off.push('fixed meeting organizer (MEETING_ORGANIZER_ID not set): whoever types `start` organizes the meeting, so the access policy must cover every user (Grant-CsApplicationAccessPolicy -Global)');
  } else {
    details.push(`meeting organizer: ${config.meeting.organizerId}`);
  }
  if (config.adminGroupId === undefined) {
    off.push('incident admins (INCIDENT_ADMIN_GROUP_ID not set): only the person who started an incident or its commander may resolve or reopen it');
  } else {
    details.push(`incident admin group: ${config.adminGroupId} (needs GroupMember.Read.All)`);
  }
  if (config.storage.kind === 'memory') off.push('durable state (STORAGE=memory): incidents are lost on restart');
  if (config.sandbox && !config.playground) off.push('Agents Playground (PLAYGROUND=off)');
  for (const o of off) details.push(`off: ${o}`);

  const mode = config.sandbox ? 'sandbox mode' : 'production mode';
  if (warnings.length > 0) {
    return { config, result: { id: 'config', title: TITLE, status: 'WARN', summary: `${mode}; ${warnings.join('; ')}`, details, fix } };
  }
  return { config, result: { id: 'config', title: TITLE, status: 'OK', summary: `${mode}, complete and well-formed`, details } };
}
