/**
 * Checks 5–7: the public base URL is https, serves the call-notification route (a POST without a token must be
 * answered 401 by the bot's token validation: the route exists and checks tokens) and GET /healthz answers 200.
 */
import { CALLS_ROUTE } from '../http/calls-route';
import { explainNetworkError, messageOf, withTimeout } from './describe-failure';
import type { CheckResult } from './doctor-types';

export interface HttpCheckContext {
  readonly baseUrl: string;
  readonly mode: 'sandbox' | 'production';
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
}

const PRIVATE_HOST = /^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[?::1\]?$|0\.0\.0\.0)/i;

export function checkPublicUrl(ctx: Pick<HttpCheckContext, 'baseUrl' | 'mode'>): CheckResult {
  const title = 'Public base URL';
  let url: URL;
  try {
    url = new URL(ctx.baseUrl);
  } catch (e: unknown) {
    return { id: 'public-url', title, status: 'FAIL', summary: `"${ctx.baseUrl}" is not a URL (${messageOf(e)})`, fix: ['set PUBLIC_BASE_URL to https://<host>'] };
  }
  const fixHttps = ['set PUBLIC_BASE_URL to the https:// address of the bot (App Service: https://<web app name>.azurewebsites.net; local: a dev tunnel)'];
  if (url.protocol !== 'https:') {
    if (ctx.mode === 'sandbox') {
      return { id: 'public-url', title, status: 'OK', summary: `${ctx.baseUrl} (http is fine against the local sandbox; a real tenant needs https)` };
    }
    return { id: 'public-url', title, status: 'FAIL', summary: `${ctx.baseUrl} is not https: Graph only posts call notifications to https webhooks`, fix: fixHttps };
  }
  if (ctx.mode === 'production' && PRIVATE_HOST.test(url.hostname)) {
    return { id: 'public-url', title, status: 'FAIL', summary: `${ctx.baseUrl} is a local/private address: Teams and Graph cannot reach it`, fix: fixHttps };
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    return {
      id: 'public-url',
      title,
      status: 'WARN',
      summary: `${ctx.baseUrl} has a path (${url.pathname}): routes are appended to it (${ctx.baseUrl}${CALLS_ROUTE})`,
      fix: ['PUBLIC_BASE_URL is normally the root of the bot (no /api/messages); keep the path only if a reverse proxy really serves the bot there'],
    };
  }
  return { id: 'public-url', title, status: 'OK', summary: ctx.baseUrl };
}

async function request(ctx: HttpCheckContext, method: 'GET' | 'POST', url: string): Promise<{ status: number; location?: string; body: string }> {
  const init: RequestInit = {
    method,
    redirect: 'manual',
    signal: AbortSignal.timeout(ctx.timeoutMs),
    headers: method === 'POST' ? { 'Content-Type': 'application/json', 'User-Agent': 'incident-bridge-doctor' } : { 'User-Agent': 'incident-bridge-doctor' },
    ...(method === 'POST' ? { body: JSON.stringify({ value: [] }) } : {}),
  };
  const res = await withTimeout(ctx.fetch(url, init), ctx.timeoutMs + 1000, `${method} ${url}`);
  const body = await withTimeout(res.text(), ctx.timeoutMs, `${method} ${url} (body)`);
  return { status: res.status, location: res.headers.get('location') ?? undefined, body };
}

export async function checkCallsRoute(ctx: HttpCheckContext): Promise<CheckResult> {
  const title = 'Call-notification route';
  const url = `${ctx.baseUrl}${CALLS_ROUTE}`;
  const webhook = `the Azure Bot's Teams channel > Calling > Webhook must be ${url} (docs/azure-setup.md step 5)`;
  let res: { status: number; location?: string; body: string };
  try {
    res = await request(ctx, 'POST', url);
  } catch (e: unknown) {
    return {
      id: 'calls-route',
      title,
      status: 'FAIL',
      summary: `POST ${url} got no answer: ${explainNetworkError(e, url)}`,
      fix: ['make the bot reachable at PUBLIC_BASE_URL from the internet (Graph posts call notifications there)', webhook],
    };
  }
  const s = res.status;
  const said = `POST ${url} without a token → ${s}`;
  if (s === 401) return { id: 'calls-route', title, status: 'OK', summary: `${said} (the route exists and checks tokens)` };
  if (s === 404 || s === 405) {
    return {
      id: 'calls-route',
      title,
      status: 'FAIL',
      summary: `${said}: nothing serves ${CALLS_ROUTE} there`,
      fix: [
        'PUBLIC_BASE_URL must be the root of THIS bot (e.g. https://<web app name>.azurewebsites.net): it points at another app or includes a path,',
        'or the deployed build is older than the calling support (redeploy: docs/azure-setup.md step 4).',
        webhook,
      ],
    };
  }
  if (s >= 300 && s < 400) {
    return {
      id: 'calls-route',
      title,
      status: 'FAIL',
      summary: `${said} redirecting to ${res.location ?? '(no Location)'}: Graph does not follow redirects`,
      fix: [
        'set PUBLIC_BASE_URL to the final https address; if App Service Authentication (Easy Auth) redirects to a sign-in page,',
        `exclude ${CALLS_ROUTE}, /api/messages and /healthz from it (the bot authenticates those requests itself).`,
      ],
    };
  }
  if (s >= 200 && s < 300) {
    return { id: 'calls-route', title, status: 'FAIL', summary: `${said}: a notification without a token was accepted`, fix: ['the endpoint does not validate tokens: is PUBLIC_BASE_URL really incident-bridge? redeploy the current build'] };
  }
  if (s === 403) {
    return {
      id: 'calls-route',
      title,
      status: 'FAIL',
      summary: `${said}: refused before token validation`,
      fix: [
        'App Service access restrictions, a WAF/Front Door rule or Easy Auth block the request; Graph must be able to POST here from the internet.',
        'if the bot itself answered 403 it has no app id for notifications: set MicrosoftAppId.',
      ],
    };
  }
  if (s >= 500) {
    return {
      id: 'calls-route',
      title,
      status: 'FAIL',
      summary: `${said}: the app is failing or not running`,
      fix: [s === 502 || s === 503 ? 'App Service answers 502/503 when the app did not start: az webapp log tail -g <resource group> -n <web app>' : 'the bot failed handling the request: az webapp log tail -g <resource group> -n <web app>'],
    };
  }
  return { id: 'calls-route', title, status: 'FAIL', summary: `${said}: expected 401`, fix: ['check what serves PUBLIC_BASE_URL (proxy, gateway) and the bot logs'] };
}

export async function checkHealth(ctx: HttpCheckContext): Promise<CheckResult> {
  const title = 'Health endpoint';
  const url = `${ctx.baseUrl}/healthz`;
  let res: { status: number; location?: string; body: string };
  try {
    res = await request(ctx, 'GET', url);
  } catch (e: unknown) {
    return { id: 'health', title, status: 'FAIL', summary: `GET ${url} got no answer: ${explainNetworkError(e, url)}`, fix: ['start the bot (npm start / the Web App) and make PUBLIC_BASE_URL reach it'] };
  }
  if (res.status !== 200) {
    return { id: 'health', title, status: 'FAIL', summary: `GET ${url} → ${res.status}, expected 200`, fix: ['PUBLIC_BASE_URL must reach incident-bridge itself; see the bot logs: az webapp log tail -g <resource group> -n <web app>'] };
  }
  let mode: unknown;
  try {
    mode = (JSON.parse(res.body) as { mode?: unknown }).mode;
  } catch (e: unknown) {
    return { id: 'health', title, status: 'WARN', summary: `GET ${url} → 200 but not incident-bridge's JSON (${messageOf(e)})`, fix: ['check that PUBLIC_BASE_URL reaches incident-bridge and not another app'] };
  }
  if (ctx.mode === 'production' && mode === 'sandbox') {
    return {
      id: 'health',
      title,
      status: 'FAIL',
      summary: `GET ${url} → 200, but the deployed bot runs in SANDBOX mode`,
      fix: ['its app settings lack the credentials (MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId, …): set them in the Web App configuration and restart'],
    };
  }
  return { id: 'health', title, status: 'OK', summary: `GET ${url} → 200${typeof mode === 'string' ? ` (${mode})` : ''}` };
}
