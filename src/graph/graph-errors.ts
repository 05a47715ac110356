/** Turns Graph failures into AppErrors with stable codes and instructions an admin can follow. */
import { AppError } from '../errors/app-error';

export interface GraphFailure {
  readonly statusCode: number;
  readonly code?: string;
  readonly message: string;
  readonly retryAfterSeconds?: number;
}

/** Reads what we need from a GraphError (or anything thrown by the Graph client). */
export function graphFailureOf(e: unknown): GraphFailure {
  if (typeof e === 'object' && e !== null) {
    const o = e as { statusCode?: unknown; code?: unknown; message?: unknown; headers?: unknown };
    const statusCode = typeof o.statusCode === 'number' ? o.statusCode : -1;
    const headers = o.headers as { get?: (n: string) => string | null } | undefined;
    const ra = typeof headers?.get === 'function' ? Number(headers.get('Retry-After')) : NaN;
    return {
      statusCode,
      code: typeof o.code === 'string' ? o.code : undefined,
      message: typeof o.message === 'string' ? o.message : 'unknown error',
      retryAfterSeconds: Number.isFinite(ra) ? ra : undefined,
    };
  }
  return { statusCode: -1, message: String(e) };
}

function accessPolicyCommands(appId: string | undefined, organizerId: string): string[] {
  const app = appId ?? '<your-bot-app-id>';
  return [
    'Connect-MicrosoftTeams',
    `New-CsApplicationAccessPolicy -Identity IncidentBridge-Policy -AppIds "${app}" -Description "incident-bridge creates meetings"`,
    `Grant-CsApplicationAccessPolicy -PolicyName IncidentBridge-Policy -Identity "${organizerId}"`,
    '# or, for every user in the tenant: Grant-CsApplicationAccessPolicy -PolicyName IncidentBridge-Policy -Global',
  ];
}

export function meetingError(e: unknown, ctx: { organizerId: string; appId?: string }): AppError {
  const f = graphFailureOf(e);
  if (f.statusCode === 403 && /application access policy|not authorized to create meeting/i.test(f.message)) {
    return new AppError('ACCESS_POLICY_MISSING', `The bot is not allowed to create meetings on behalf of organizer ${ctx.organizerId}: no application access policy grants it.`, {
      hint: 'A Teams admin must run these PowerShell commands (it can take up to 30 minutes to apply), then try again:',
      details: accessPolicyCommands(ctx.appId, ctx.organizerId),
      cause: e,
    });
  }
  if (f.statusCode === 404) {
    return new AppError('ORGANIZER_UNKNOWN', `The meeting organizer ${ctx.organizerId} was not found in the tenant.`, {
      hint: 'Start the incident as a user of the bot\'s tenant, or set MEETING_ORGANIZER_ID to an existing user.',
      cause: e,
    });
  }
  return commonGraphError(e, f, 'create the online meeting', 'OnlineMeetings.ReadWrite.All');
}

/** What an admin does to grant one Graph application permission (docs/azure-setup.md step 2). */
export function grantPermissionSteps(permission: string): string[] {
  return [
    `Entra admin center → App registrations → the bot's app → API permissions → Add a permission → Microsoft Graph → Application permissions → ${permission} → Add, then "Grant admin consent".`,
    `or: az ad app permission add --id <app id> --api 00000003-0000-0000-c000-000000000000 --api-permissions <id of ${permission}>=Role && az ad app permission admin-consent --id <app id>`,
  ];
}

/**
 * A 401/403 from Graph as the user reads it. With the application permission the operation needs, the message
 * names it and the admin's fix; a 401 means Graph refused the token itself (credential, tenant or consent).
 */
export function commonGraphError(e: unknown, f: GraphFailure, what: string, permission?: string): AppError {
  if (f.statusCode === 403 && permission !== undefined) {
    return new AppError('GRAPH_PERMISSION_MISSING', `Microsoft Graph refused to ${what} (403${f.code ? ` ${f.code}` : ''}): the app lacks the ${permission} permission.`, {
      hint: `An admin must grant the bot's app registration the Microsoft Graph application permission ${permission} and give admin consent:`,
      details: grantPermissionSteps(permission),
      cause: e,
    });
  }
  if (f.statusCode === 401 || f.statusCode === 403) {
    return new AppError('GRAPH_PERMISSION_MISSING', `Microsoft Graph refused to ${what} (${f.statusCode}${f.code ? ` ${f.code}` : ''}).`, {
      hint: 'An admin must grant the bot\'s app registration the Graph application permissions listed in the README (e.g. OnlineMeetings.ReadWrite.All, User.Read.All) and give admin consent.',
      cause: e,
    });
  }
  if (f.statusCode === 429) {
    return new AppError('GRAPH_THROTTLED', `Microsoft Graph is throttling requests, so the bot could not ${what}.`, {
      hint: `Try again in ${f.retryAfterSeconds ?? 30} seconds.`,
      cause: e,
    });
  }
  if (f.statusCode === 400) {
    return new AppError('GRAPH_BAD_REQUEST', `Microsoft Graph rejected the request to ${what}: ${f.message}`, { cause: e });
  }
  if (f.statusCode >= 500 || f.statusCode === -1) {
    return new AppError('GRAPH_UNAVAILABLE', `Microsoft Graph could not be reached to ${what}.`, {
      hint: 'This is usually temporary: try again in a minute.',
      cause: e,
    });
  }
  return new AppError('GRAPH_FAILED', `Microsoft Graph failed to ${what} (${f.statusCode}${f.code ? ` ${f.code}` : ''}).`, { cause: e });
}
