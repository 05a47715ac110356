/**
 * Checks 2–4: a Graph token can be acquired with the configured credential; its `roles` hold the application
 * permissions the bot needs; the meeting organizer has an application access policy (a createOrGet probe).
 */
import { CredentialUnavailableError, type TokenCredential } from '@azure/identity';
import { decodeJwt, type JWTPayload } from 'jose';
import type { AppConfig } from '../config';
import { AppError, ConfigError } from '../errors/app-error';
import { GRAPH_SCOPE } from '../graph/graph-client';
import type { MeetingGateway } from '../incidents/ports';
import { configFix } from './config-check';
import { errorCode, explainNetworkError, messageOf, withTimeout } from './describe-failure';
import type { CheckResult, DoctorTarget } from './doctor-types';
import { comparePermissions, grantPermissionSteps, GRAPH_APP_ID, withoutIt } from './graph-permissions';

const GRAPH_AUDIENCES = ['https://graph.microsoft.com', 'https://graph.microsoft.com/', GRAPH_APP_ID];

const PROBE_EXTERNAL_ID = 'incident-bridge-doctor-probe';
const PROBE_SUBJECT = '[incident-bridge] doctor probe';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TokenOutcome {
  readonly result: CheckResult;
  readonly credential?: TokenCredential;
  readonly claims?: JWTPayload;
  /** The token as acquired: the caller masks it. */
  readonly token?: string;
}

function credentialLabel(config: AppConfig): string {
  switch (config.graph.credential) {
    case 'clientSecret':
      return 'client secret';
    case 'clientCertificate':
      return 'client certificate';
    case 'managedIdentity':
      return 'managed identity';
  }
}

/** The AADSTS codes in an error from @azure/identity / MSAL (message text) or from SandboxCredential (errorResponse). */
function aadstsCodes(e: unknown): number[] {
  const codes = new Set<number>();
  for (const m of messageOf(e).matchAll(/AADSTS(\d+)/g)) codes.add(Number(m[1]));
  const errorCodes = (e as { errorResponse?: { errorCodes?: unknown } } | null)?.errorResponse?.errorCodes;
  if (Array.isArray(errorCodes)) for (const c of errorCodes) if (typeof c === 'number') codes.add(c);
  return [...codes];
}

/** The first AADSTS sentence ("AADSTS7000215: Invalid client secret provided."), without trace ids. */
function aadstsSentence(e: unknown): string | undefined {
  const m = /AADSTS\d+:[^.]*\./.exec(messageOf(e));
  return m?.[0];
}

function explainTokenError(e: unknown, config: AppConfig): { summary: string; fix: string[] } {
  const g = config.graph;
  const app = g.clientId ?? '<app id>';
  const tenant = g.tenantId ?? '<tenant id>';
  const codes = aadstsCodes(e);
  const sentence = aadstsSentence(e);
  const has = (...c: number[]): boolean => c.some((x) => codes.includes(x));
  const newSecret = [
    `create a new secret and put its Value (not its Secret ID) into GRAPH_CLIENT_SECRET (or MicrosoftAppPassword when both use one registration):`,
    `az ad app credential reset --id ${app} --display-name incident-bridge --append --years 1 --query password -o tsv`,
    'App Service: az webapp config appsettings set -g <resource group> -n <web app> --settings MicrosoftAppPassword=<value>   (then restart)',
  ];
  if (has(7000215)) return { summary: `the client secret was refused: ${sentence ?? 'AADSTS7000215 invalid client secret'}`, fix: newSecret };
  if (has(7000222)) return { summary: `the client secret has expired: ${sentence ?? 'AADSTS7000222'}`, fix: newSecret };
  if (has(7000218)) return { summary: `no client secret or certificate was sent: ${sentence ?? 'AADSTS7000218'}`, fix: configFix('GRAPH_CLIENT_SECRET') };
  if (has(700016)) {
    return {
      summary: `app ${app} is not known in tenant ${tenant}: ${sentence ?? 'AADSTS700016'}`,
      fix: [
        'GRAPH_CLIENT_ID must be the Application (client) ID and GRAPH_TENANT_ID the tenant it lives in:',
        `az ad app show --id ${app} --query "{appId:appId, name:displayName}"  and  az account show --query tenantId -o tsv`,
        `if the app is registered in another tenant (multi-tenant), an admin of ${tenant} must consent: https://login.microsoftonline.com/${tenant}/adminconsent?client_id=${app}`,
      ],
    };
  }
  if (has(90002, 900023, 90013)) return { summary: `tenant ${tenant} was not found: ${sentence ?? 'AADSTS90002'}`, fix: configFix('GRAPH_TENANT_ID') };
  if (has(700027, 700024, 700023, 7000274, 700021)) {
    return {
      summary: `the client certificate was refused: ${sentence ?? `AADSTS${codes[0] ?? ''}`}`,
      fix: ['register the certificate in GRAPH_CLIENT_CERTIFICATE_PATH on the app (and check it has not expired):', `az ad app credential reset --id ${app} --cert @<cert.pem> --append`],
    };
  }
  if (has(7000112, 700025)) return { summary: `the app is disabled or not allowed to use a client credential: ${sentence ?? ''}`, fix: [`enable the service principal: az ad sp update --id ${app} --set accountEnabled=true`] };
  if (has(53003)) return { summary: `a Conditional Access policy blocked the app: ${sentence ?? 'AADSTS53003'}`, fix: ['exclude the app (workload identity) from the Conditional Access policy, or allow the location it runs from'] };
  if (has(50194)) return { summary: sentence ?? 'AADSTS50194', fix: configFix('GRAPH_TENANT_ID') };
  if (codes.length > 0) return { summary: sentence ?? `AADSTS${codes.join(', AADSTS')}`, fix: [`look the code up: https://login.microsoftonline.com/error?code=${codes[0] ?? ''}`] };

  if (e instanceof ConfigError) return { summary: e.message, fix: configFix(e.variable) };
  if (e instanceof CredentialUnavailableError || (e instanceof Error && e.name === 'CredentialUnavailableError')) {
    return {
      summary: `no managed identity is available here: ${messageOf(e).split('\n')[0] ?? ''}`,
      fix: [
        'managed identity works only where Azure provides one: run the doctor inside the Web App (App Service > SSH or Kudu console: npm run doctor),',
        'and check the identity is assigned to the Web App; for a user-assigned identity GRAPH_MANAGED_IDENTITY_CLIENT_ID must be its client id.',
      ],
    };
  }
  const code = errorCode(e);
  if (code === 'ENOENT' || code === 'EACCES') {
    return { summary: `the certificate file cannot be read (${code}): ${g.certificatePath ?? ''}`, fix: configFix('GRAPH_CLIENT_CERTIFICATE_PATH') };
  }
  if (code !== undefined || (e instanceof Error && (e.name === 'DoctorTimeoutError' || /fetch failed|ENOTFOUND|ECONNREFUSED|network/i.test(e.message)))) {
    return {
      summary: `the identity platform could not be reached: ${explainNetworkError(e, 'https://login.microsoftonline.com')}`,
      fix: ['allow outbound HTTPS to login.microsoftonline.com (and graph.microsoft.com); behind a proxy set HTTPS_PROXY'],
    };
  }
  return { summary: `no token: ${messageOf(e).split('\n').slice(0, 3).join(' ')}`, fix: ['check GRAPH_CREDENTIAL, GRAPH_TENANT_ID, GRAPH_CLIENT_ID and the credential itself (docs/azure-setup.md step 1)'] };
}

export async function checkGraphToken(target: DoctorTarget, timeoutMs: number): Promise<TokenOutcome> {
  const title = 'Graph token';
  const config = target.config;
  const label = credentialLabel(config);
  let credential: TokenCredential;
  try {
    credential = target.createCredential();
  } catch (e: unknown) {
    const x = explainTokenError(e, config);
    return { result: { id: 'graph-token', title, status: 'FAIL', summary: `${label}: ${x.summary}`, fix: x.fix } };
  }
  let token: string;
  let expiresOn: number;
  try {
    const t = await withTimeout(credential.getToken(GRAPH_SCOPE), timeoutMs, 'token request');
    if (t === null) throw new Error('the credential returned no token');
    token = t.token;
    expiresOn = t.expiresOnTimestamp;
  } catch (e: unknown) {
    const x = explainTokenError(e, config);
    return { credential, result: { id: 'graph-token', title, status: 'FAIL', summary: `${label}: ${x.summary}`, fix: x.fix } };
  }
  let claims: JWTPayload;
  try {
    claims = decodeJwt(token);
  } catch (e: unknown) {
    return { credential, token, result: { id: 'graph-token', title, status: 'FAIL', summary: `${label}: the token is not a JWT (${messageOf(e)})`, fix: ['the credential did not come from the Microsoft identity platform: check GRAPH_CREDENTIAL'] } };
  }
  const aud = typeof claims.aud === 'string' ? claims.aud : Array.isArray(claims.aud) ? claims.aud.join(',') : '';
  const appid = typeof claims['appid'] === 'string' ? claims['appid'] : typeof claims['azp'] === 'string' ? claims['azp'] : '?';
  const tid = typeof claims['tid'] === 'string' ? claims['tid'] : '?';
  const minutes = Math.round((expiresOn - Date.now()) / 60_000);
  const details = [`app ${appid}, tenant ${tid}, audience ${aud}, expires in ${minutes} min`];
  if (!GRAPH_AUDIENCES.includes(aud)) {
    return { credential, token, claims, result: { id: 'graph-token', title, status: 'FAIL', summary: `${label}: the token is for ${aud}, not Microsoft Graph`, details, fix: ['the scope must be https://graph.microsoft.com/.default (check GRAPH_BASE_URL for national clouds)'] } };
  }
  if (typeof claims['scp'] === 'string' && claims['roles'] === undefined) {
    return { credential, token, claims, result: { id: 'graph-token', title, status: 'FAIL', summary: `${label}: a delegated (user) token, not an app-only one`, details, fix: ['incident-bridge needs app-only tokens: use a client secret, certificate or managed identity (GRAPH_CREDENTIAL)'] } };
  }
  if (config.graph.tenantId !== undefined && tid !== '?' && tid.toLowerCase() !== config.graph.tenantId.toLowerCase()) {
    return { credential, token, claims, result: { id: 'graph-token', title, status: 'WARN', summary: `${label}: token issued by tenant ${tid}, GRAPH_TENANT_ID is ${config.graph.tenantId}`, details, fix: configFix('GRAPH_TENANT_ID') } };
  }
  return { credential, token, claims, result: { id: 'graph-token', title, status: 'OK', summary: `app-only token acquired with the ${label}`, details } };
}

export function checkPermissions(claims: JWTPayload, config: AppConfig): CheckResult {
  const title = 'Graph permissions';
  const roles = Array.isArray(claims['roles']) ? claims['roles'].filter((r): r is string => typeof r === 'string') : [];
  const c = comparePermissions(roles, { adminGroup: config.adminGroupId !== undefined });
  const details: string[] = [];
  for (const p of c.missingRequired) details.push(`missing ${p.role}, needed for ${p.why}`);
  for (const p of c.missingOptional) details.push(`missing ${p.role}, needed for ${p.why} (optional: ${withoutIt(p)})`);
  if (c.unused.length > 0) details.push(`also granted, unused by incident-bridge: ${c.unused.join(', ')} (least privilege: consider removing)`);
  const missing = [...c.missingRequired, ...c.missingOptional];
  const ctx = {
    credential: config.graph.credential,
    appId: config.graph.clientId ?? (typeof claims['appid'] === 'string' ? claims['appid'] : undefined),
    servicePrincipalId: typeof claims['oid'] === 'string' ? claims['oid'] : undefined,
  };
  if (c.missingRequired.length > 0) {
    return { id: 'graph-permissions', title, status: 'FAIL', summary: `missing ${c.missingRequired.map((p) => p.role).join(', ')}`, details, fix: grantPermissionSteps(missing.map((p) => p.role), ctx) };
  }
  if (c.missingOptional.length > 0) {
    return { id: 'graph-permissions', title, status: 'WARN', summary: `missing ${c.missingOptional.map((p) => p.role).join(', ')} (optional features)`, details, fix: grantPermissionSteps(missing.map((p) => p.role), ctx) };
  }
  return { id: 'graph-permissions', title, status: 'OK', summary: `all ${c.granted.length} application permissions granted (${c.granted.map((p) => p.role).join(', ')})`, details };
}

export async function checkAccessPolicy(
  gateway: MeetingGateway,
  organizer: { id: string; label: string } | undefined,
  ctx: { config: AppConfig; appId?: string; timeoutMs: number; now: Date },
): Promise<CheckResult> {
  const title = 'Access policy';
  if (organizer === undefined) {
    return {
      id: 'access-policy',
      title,
      status: 'WARN',
      summary: 'not checked: MEETING_ORGANIZER_ID is not set, so each requester organizes their own meeting',
      fix: [
        'the policy must then be granted globally: Grant-CsApplicationAccessPolicy -PolicyName IncidentBridge-Policy -Global',
        'to probe one user who will start incidents: npm run doctor -- --organizer <their Entra object id>',
      ],
    };
  }
  if (!GUID.test(organizer.id)) {
    return { id: 'access-policy', title, status: 'FAIL', summary: `organizer "${organizer.id}" is not an Entra object id`, fix: ['az ad user show --id <upn> --query id -o tsv'] };
  }
  const start = ctx.now;
  const end = new Date(start.getTime() + 30 * 60_000);
  try {
    const m = await withTimeout(
      gateway.createOrGet({ organizerId: organizer.id, externalId: PROBE_EXTERNAL_ID, subject: PROBE_SUBJECT, startDateTime: start.toISOString(), endDateTime: end.toISOString(), attendees: [] }),
      ctx.timeoutMs,
      'createOrGet',
    );
    return {
      id: 'access-policy',
      title,
      status: 'OK',
      summary: `the app may create meetings for organizer ${organizer.label}`,
      details: [`createOrGet "${PROBE_SUBJECT}" (externalId ${PROBE_EXTERNAL_ID}, reused on every run) → meeting ${m.id.length > 40 ? `${m.id.slice(0, 40)}…` : m.id}`],
    };
  } catch (e: unknown) {
    if (e instanceof AppError) {
      switch (e.code) {
        case 'ACCESS_POLICY_MISSING':
          return {
            id: 'access-policy',
            title,
            status: 'FAIL',
            summary: `no application access policy lets app ${ctx.appId ?? '?'} create meetings for organizer ${organizer.label} (Graph 403)`,
            fix: [
              e.hint ?? 'A Teams admin must run these PowerShell commands:',
              ...(e.details ?? []),
              'check with: Get-CsApplicationAccessPolicy -Identity IncidentBridge-Policy, then run npm run doctor again',
            ],
          };
        case 'ORGANIZER_UNKNOWN':
          return {
            id: 'access-policy',
            title,
            status: 'FAIL',
            summary: `organizer ${organizer.label} does not exist in tenant ${ctx.config.graph.tenantId ?? '?'} (Graph 404)`,
            fix: ['MEETING_ORGANIZER_ID (or --organizer) must be the Entra object id of a Teams-licensed user of that tenant: az ad user show --id <upn> --query id -o tsv'],
          };
        case 'GRAPH_PERMISSION_MISSING':
          return {
            id: 'access-policy',
            title,
            status: 'FAIL',
            summary: `Graph refused createOrGet: ${e.message}`,
            fix: ['grant OnlineMeetings.ReadWrite.All with admin consent (see "Graph permissions" above), and the access policy (docs/azure-setup.md step 3)'],
          };
        default:
          return { id: 'access-policy', title, status: 'FAIL', summary: `createOrGet failed: ${e.message}`, fix: [e.hint ?? 'run npm run doctor again; if it persists see the bot logs'] };
      }
    }
    return { id: 'access-policy', title, status: 'FAIL', summary: `createOrGet failed: ${explainNetworkError(e, ctx.config.graph.baseUrl)}`, fix: ['allow outbound HTTPS to graph.microsoft.com (behind a proxy set HTTPS_PROXY)'] };
  }
}
