/**
 * `npm run doctor`: checks a deployment end to end and says, for each check, OK or FAIL/WARN with the exact fix.
 *
 *   1. Configuration       loadConfig: complete and well-formed; which optional features are off
 *   2. Graph token         the configured credential (secret / certificate / managed identity) gets an app-only token
 *   3. Graph permissions   the token's `roles` against the application permissions the bot needs
 *   4. Access policy       a harmless createOrGet as the organizer (403 → the PowerShell that grants the policy)
 *   5. Public base URL     https
 *   6. Call notifications  POST {PUBLIC_BASE_URL}/api/calls without a token → 401
 *   7. Health              GET {PUBLIC_BASE_URL}/healthz → 200
 *   8. Storage             open, write/read/delete a probe key
 *
 * Pure orchestration over DoctorDeps (defaults in default-deps.ts). Secrets never reach the output: every line
 * goes through a masker holding the environment's secrets, the sandbox's generated secret and the token.
 * Exit code 1 when any check fails.
 */
import type { AppConfig } from '../config';
import { checkConfig } from './config-check';
import { defaultDoctorDeps } from './default-deps';
import { messageOf } from './describe-failure';
import type { CheckId, CheckResult, DoctorDeps, DoctorOptions, DoctorReport, DoctorTarget } from './doctor-types';
import { formatCheck, formatSummary } from './format-report';
import { checkAccessPolicy, checkGraphToken, checkPermissions } from './graph-checks';
import { checkCallsRoute, checkHealth, checkPublicUrl } from './http-checks';
import { createMasker, secretsOf, type Masker } from './mask-secrets';
import { checkStorage } from './storage-check';

const LATER_CHECKS: readonly { id: CheckId; title: string }[] = [
  { id: 'graph-token', title: 'Graph token' },
  { id: 'graph-permissions', title: 'Graph permissions' },
  { id: 'access-policy', title: 'Access policy' },
  { id: 'public-url', title: 'Public base URL' },
  { id: 'calls-route', title: 'Call-notification route' },
  { id: 'health', title: 'Health endpoint' },
  { id: 'storage', title: 'Storage' },
];

function skipped(id: CheckId, reason: string): CheckResult {
  const title = LATER_CHECKS.find((c) => c.id === id)?.title ?? id;
  return { id, title, status: 'SKIP', summary: reason };
}

/** Everything printed goes through here: masked, written as it happens, and kept for the report. */
class Output {
  private text = '';
  private readonly secrets: string[] = [];
  private mask: Masker = createMasker([]);

  constructor(private readonly write: (text: string) => void) {}

  addSecrets(secrets: readonly string[]): void {
    this.secrets.push(...secrets);
    this.mask = createMasker(this.secrets);
  }

  print(text: string): void {
    const masked = this.mask(text);
    this.text += masked;
    this.write(masked);
  }

  get all(): string {
    return this.text;
  }
}

export async function runDoctor(options: DoctorOptions, deps: DoctorDeps = defaultDoctorDeps()): Promise<DoctorReport> {
  const out = new Output(deps.write);
  out.addSecrets(secretsOf(options.env));
  const results: CheckResult[] = [];
  const record = (r: CheckResult): void => {
    results.push(r);
    out.print(formatCheck(r));
  };
  const finish = (): DoctorReport => {
    out.print(formatSummary(results));
    return { results, exitCode: results.some((r) => r.status === 'FAIL') ? 1 : 0, text: out.all };
  };

  const configured = checkConfig(options.env);
  out.print(`incident-bridge doctor (${configured.config === undefined ? 'configuration invalid' : configured.config.sandbox ? 'sandbox mode' : 'production mode'})\n\n`);
  record(configured.result);
  const config = configured.config;
  if (config === undefined) {
    for (const c of LATER_CHECKS) record(skipped(c.id, 'needs a valid configuration'));
    return finish();
  }
  if ((options.simulate ?? []).length > 0 && !config.sandbox) {
    out.print('      note: --simulate applies only in sandbox mode (no credentials configured); ignored\n');
  }

  let target: DoctorTarget;
  try {
    target = await deps.prepareTarget(config, options);
  } catch (e: unknown) {
    record({ id: 'graph-token', title: 'Graph token', status: 'FAIL', summary: `could not start the ${config.sandbox ? 'sandbox' : 'checks'}: ${messageOf(e)}`, fix: ['another process may hold a port; run npm run doctor again'] });
    for (const c of LATER_CHECKS.slice(1)) record(skipped(c.id, 'needs the Graph token check'));
    return finish();
  }
  out.addSecrets(target.secrets);
  try {
    for (const note of target.notes) out.print(`      ${note}\n`);
    await runTargetChecks(target, options, deps, out, record);
  } finally {
    await target.close();
  }
  return finish();
}

async function runTargetChecks(target: DoctorTarget, options: DoctorOptions, deps: DoctorDeps, out: Output, record: (r: CheckResult) => void): Promise<void> {
  const config: AppConfig = target.config;
  const token = await checkGraphToken(target, deps.timeoutMs);
  if (token.token !== undefined) out.addSecrets([token.token]);
  record(token.result);
  if (token.claims === undefined || token.credential === undefined) {
    record(skipped('graph-permissions', 'needs a Graph token'));
    record(skipped('access-policy', 'needs a Graph token'));
  } else {
    record(checkPermissions(token.claims, config));
    const appId = config.graph.clientId ?? (typeof token.claims['appid'] === 'string' ? token.claims['appid'] : undefined);
    const organizerId = options.organizerId ?? config.meeting.organizerId;
    const organizer = organizerId !== undefined ? { id: organizerId, label: organizerId } : target.defaultOrganizer;
    const gateway = deps.meetingGateway(config, token.credential, appId);
    record(await checkAccessPolicy(gateway, organizer, { config, appId, timeoutMs: deps.timeoutMs, now: new Date() }));
  }

  const baseUrl = config.publicBaseUrl;
  if (baseUrl === undefined) {
    for (const id of ['public-url', 'calls-route', 'health'] as const) record(skipped(id, 'PUBLIC_BASE_URL is not set'));
  } else {
    const url = checkPublicUrl({ baseUrl, mode: target.mode });
    record(url);
    const http = { baseUrl, mode: target.mode, fetch: deps.fetch, timeoutMs: deps.timeoutMs };
    record(await checkCallsRoute(http));
    record(await checkHealth(http));
  }
  record(await checkStorage(config.storage, { mode: target.mode, createStorage: deps.createStorage, timeoutMs: deps.timeoutMs }));
}
