/**
 * "Fire a sample alert" on the control page: the sandbox plays the alerting tool. It POSTs the tool's documented
 * sample payload (test/fixtures/alerts/, see its README for where each comes from) to a webhook URL copied from the
 * bot's subscription card, exactly as that tool would: JSON body, the token in the URL, and for PagerDuty the
 * `X-PagerDuty-Signature: v1=<HMAC-SHA256>` header when a signing secret is given (PagerDuty "Verifying Signatures").
 * Only loopback URLs: the control surface must not become a way to make requests elsewhere.
 */
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { badRequest, json, jsonBody, requiredString, type ControlRequest, type ControlResponse } from './control-requests';

const SAMPLES: Readonly<Record<string, { readonly firing: string; readonly resolved: string }>> = {
  alertmanager: { firing: 'alertmanager-firing', resolved: 'alertmanager-resolved' },
  grafana: { firing: 'grafana-firing', resolved: 'grafana-resolved' },
  'azure-monitor': { firing: 'azure-monitor-fired', resolved: 'azure-monitor-resolved' },
  pagerduty: { firing: 'pagerduty-incident-triggered', resolved: 'pagerduty-incident-resolved' },
  generic: { firing: 'generic-firing', resolved: 'generic-resolved' },
};

const ALERT_SAMPLE_SOURCES = Object.keys(SAMPLES);

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function fixture(name: string): string {
  // From sandbox/control (tsx) or dist/sandbox/control (compiled): the fixtures stay in the source tree.
  for (const up of [['..', '..'], ['..', '..', '..']]) {
    const file = join(__dirname, ...up, 'test', 'fixtures', 'alerts', `${name}.json`);
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  throw badRequest(`The sample payload ${name}.json was not found (test/fixtures/alerts/).`);
}

/** POST /_sandbox/alerts/fire {url, status?: firing|resolved, pagerDutySigningSecret?} */
export async function fireSampleAlert(req: ControlRequest): Promise<ControlResponse> {
  const body = jsonBody(req, ['url', 'status', 'pagerDutySigningSecret']);
  const raw = requiredString(body, 'url').trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch (e: unknown) {
    throw badRequest(`'url' is not a URL (${e instanceof Error ? e.message : String(e)}): paste the webhook URL from the subscription card.`);
  }
  if (!LOOPBACK.has(url.hostname) || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw badRequest('Only the bot\'s local address (http://127.0.0.1:…) can be fired at from the sandbox.');
  const source = /^\/api\/alerts\/([a-z-]+)\/?$/.exec(url.pathname)?.[1];
  const sample = source === undefined ? undefined : SAMPLES[source];
  if (source === undefined || sample === undefined) throw badRequest(`The URL must end in /api/alerts/<source>, one of ${ALERT_SAMPLE_SOURCES.join(', ')}.`);
  const status = body.status === 'resolved' ? 'resolved' : 'firing';
  const payload = fixture(sample[status]);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const secret = typeof body.pagerDutySigningSecret === 'string' ? body.pagerDutySigningSecret : '';
  if (source === 'pagerduty' && secret !== '') headers['x-pagerduty-signature'] = `v1=${createHmac('sha256', secret).update(payload).digest('hex')}`;
  const res = await fetch(url, { method: 'POST', headers, body: payload });
  const answer = await res.text();
  return json(res.ok ? 200 : 502, { ok: res.ok, source, status, botStatus: res.status, botAnswer: answer.slice(0, 2000) });
}

export function alertSection(prefix: string, esc: (v: unknown) => string): string {
  return `<section><h2>Fire a sample alert</h2>
<p>Paste a webhook URL from the bot's subscription card (type <code>alerts here page @Megan Bowen</code> in the Playground first). The sandbox POSTs that tool's documented sample payload to it.</p>
<form id="alert-fire" method="post" action="/${esc(prefix)}/alerts/fire"><input name="url" size="70" placeholder="http://127.0.0.1:3978/api/alerts/alertmanager?token=al_…">
<select name="status"><option value="firing">firing</option><option value="resolved">resolved</option></select>
<input name="pagerDutySigningSecret" placeholder="PagerDuty signing secret (optional)"> <button type="submit">Fire</button></form>
</section>`;
}
