/** The control document (GET /_sandbox) views and the HTML page rendering them (GET /_sandbox/ui). */
import { randomUUID } from 'node:crypto';
import type { WorldDescription } from './world-description';
import type { ResultInfo } from '../graph/calls/call-resources';
import type { StoredMeeting } from '../graph/meetings/meeting-store';
import type { SandboxUser } from '../graph/users/directory';
import { isJsonObject } from '../http/http-util';
import { alertSection } from './control-alerts';
import { CONTROL_PREFIX, DROP_PRESETS, FAIL_PRESETS, type ENDPOINTS, type Preset } from './control-presets';

export function threadIdOf(m: StoredMeeting): string | null {
  const chat = m.meeting['chatInfo'];
  return isJsonObject(chat) && typeof chat['threadId'] === 'string' ? chat['threadId'] : null;
}

export interface PersonView {
  readonly id: string | null;
  readonly userPrincipalName: string | null;
  readonly displayName: string | null;
}

export interface MeetingView {
  readonly id: string;
  readonly subject: string | null;
  readonly threadId: string | null;
  readonly externalId: string | null;
  readonly organizer: PersonView;
  readonly attendees: readonly PersonView[];
  /** Who is in the meeting's call now. */
  readonly people: readonly PersonView[];
}

export interface CallView {
  readonly id: string;
  readonly state: string;
  readonly threadId: string | null;
  readonly meetingId: string | null;
  readonly createdAt: string;
  readonly terminatedAt: string | null;
  readonly resultInfo: ResultInfo | null;
  /** Who is in the call's meeting now. */
  readonly people: readonly PersonView[];
  readonly notificationsSent: number;
}

export interface ControlDocument {
  readonly name: string;
  readonly description: string;
  readonly ui: string;
  readonly world: WorldDescription & { readonly people: readonly PersonView[] };
  readonly endpoints: typeof ENDPOINTS;
  readonly presets: { readonly drop: readonly (ResultInfo & { label: string })[]; readonly nextCallFailure: readonly (ResultInfo & { label: string })[] };
  readonly users: readonly PersonView[];
  readonly meetings: readonly MeetingView[];
  readonly calls: readonly CallView[];
  readonly accessPolicyDenied: readonly PersonView[];
  readonly throttle: { readonly pendingRequests: number };
}

export const personOf = (u: SandboxUser): PersonView => ({ id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName });

// --- HTML ------------------------------------------------------------------------------------------

function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function names(people: readonly PersonView[]): string {
  if (people.length === 0) return '<em>nobody</em>';
  return people.map((p) => esc(p.displayName ?? p.userPrincipalName ?? p.id)).join(', ');
}

function userOptions(users: readonly SandboxUser[]): string {
  return users.map((u) => `<option value="${esc(u.userPrincipalName)}">${esc(u.displayName)} (${esc(u.userPrincipalName)})</option>`).join('');
}

function resultOptions(presets: readonly Preset[]): string {
  return presets.map((p) => `<option value="${p.info.code}/${p.info.subcode}">${p.info.code}/${p.info.subcode} — ${esc(p.label)}</option>`).join('');
}

const PAGE_SCRIPT = `
export const out = document.getElementById('out');
out.textContent = sessionStorage.getItem('sandbox-out') || '';
document.addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.target, used = new Set();
  const template = (e.submitter && e.submitter.getAttribute('formaction')) || form.getAttribute('action');
  const action = template.replace(/\\{(\\w+)\\}/g, (_, n) => { used.add(n); return encodeURIComponent(form.elements[n].value); });
  const body = {};
  for (const el of form.elements) {
    if (!el.name || el.tagName === 'BUTTON' || used.has(el.name)) continue;
    if (el.type === 'checkbox') body[el.name] = el.checked;
    else if (el.name === 'result') { const [c, s] = el.value.split('/'); body.code = Number(c); body.subcode = Number(s); }
    else if (el.type === 'number') body[el.name] = el.value === '' ? null : Number(el.value);
    else if (el.value !== '') body[el.name] = el.value;
  }
  const res = await fetch(action, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = 'POST ' + action + ' → ' + res.status + '\\n' + (await res.text());
  sessionStorage.setItem('sandbox-out', text);
  out.textContent = text;
  if (res.ok) setTimeout(() => location.reload(), 700);
});
`;

const PAGE_STYLE = `
body { font: 14px system-ui, sans-serif; margin: 1.5em; max-width: 70em; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #ccc; padding: .3em .5em; vertical-align: top; text-align: left; }
code { font-size: 12px; word-break: break-all; } form { margin: .3em 0; } section { margin-bottom: 1.5em; }
pre { background: #f4f4f4; padding: .5em; white-space: pre-wrap; }
`;

function renderPage(doc: ControlDocument, users: readonly SandboxUser[], nonce: string): string {
  const opts = userOptions(users);

  const meetingRows = doc.meetings
    .map((m) => {
      const base = `/${CONTROL_PREFIX}/meetings/${encodeURIComponent(m.threadId ?? m.id)}`;
      return `<tr><td>${esc(m.subject)}<br><small>organizer: ${esc(m.organizer.displayName ?? m.organizer.id)}</small><br><small>id: <code>${esc(m.id)}</code></small></td>
<td><code>${esc(m.threadId)}</code></td><td>${names(m.attendees)}</td><td>${names(m.people)}</td>
<td><form class="presence" method="post" action="${esc(base)}/join"><select name="userIdOrUpn">${opts}</select>
<button type="submit" formaction="${esc(base)}/join">Join</button> <button type="submit" formaction="${esc(base)}/leave">Leave</button></form></td></tr>`;
    })
    .join('\n');

  const callRows = doc.calls
    .map((c) => {
      const live = c.state === 'establishing' || c.state === 'established';
      const info = c.resultInfo === null ? '' : `${c.resultInfo.code}/${c.resultInfo.subcode} ${esc(c.resultInfo.message)}`;
      const drop = live
        ? `<form class="drop" method="post" action="/${CONTROL_PREFIX}/calls/${esc(encodeURIComponent(c.id))}/drop"><select name="result">${resultOptions(DROP_PRESETS)}</select> <button type="submit">Drop</button></form>`
        : '';
      return `<tr><td><code>${esc(c.id)}</code></td><td>${esc(c.state)}</td><td><code>${esc(c.threadId)}</code></td><td>${names(c.people)}</td><td>${info}</td><td>${drop}</td></tr>`;
    })
    .join('\n');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Graph sandbox controls</title><style nonce="${nonce}">${PAGE_STYLE}</style></head>
<body>
<h1>Graph sandbox controls</h1>
<p><a href="/${CONTROL_PREFIX}/ui">Refresh</a> · <a href="/${CONTROL_PREFIX}">JSON</a>. Actions answer JSON (shown below); the page reloads after a success.</p>
<noscript><p>The buttons need JavaScript (they POST JSON).</p></noscript>
<pre id="out"></pre>

<section><h2>Meetings</h2>
${doc.meetings.length === 0 ? '<p>No meetings yet.</p>' : `<table><tr><th>Subject</th><th>Thread id</th><th>Attendees</th><th>In the call now</th><th>Make someone join / leave</th></tr>\n${meetingRows}</table>`}
</section>

<section><h2>Calls (bot legs)</h2>
${doc.calls.length === 0 ? '<p>No calls yet.</p>' : `<table><tr><th>Id</th><th>State</th><th>Thread id</th><th>People in the meeting</th><th>Result</th><th>Drop</th></tr>\n${callRows}</table>`}
</section>

<section><h2>Next call fails</h2>
<form id="next-call-fail" method="post" action="/${CONTROL_PREFIX}/next-call/fail"><select name="result">${resultOptions(FAIL_PRESETS)}</select>
<label><input type="checkbox" name="synchronous"> synchronous (HTTP error instead of 201 + terminated)</label> <button type="submit">Arm</button></form>
</section>

<section><h2>Identity: tenant, app registration, permissions</h2>
<p>Tenant <code>${esc(doc.world.tenantId)}</code> · app (client id) <code>${esc(doc.world.appRegistration.clientId)}</code> · authority <code>${esc(doc.world.authorityHost)}</code> · Graph <code>${esc(doc.world.graphBaseUrl)}</code> (CA certificate: <a href="/${CONTROL_PREFIX}">JSON</a>, <code>world.caCertificatePem</code>)</p>
<p>Granted application permissions (the roles of the next token; a bot's cached token keeps its roles until it is renewed): ${doc.world.appRegistration.grantedRoles.map(esc).join(', ') || 'none'}</p>
<form id="app-roles" method="post" action="/${CONTROL_PREFIX}/app-roles/{role}/remove"><select name="role">${doc.world.appRegistration.knownRoles.map((r) => `<option>${esc(r)}</option>`).join('')}</select>
<button type="submit" formaction="/${CONTROL_PREFIX}/app-roles/{role}/remove">Remove</button> <button type="submit" formaction="/${CONTROL_PREFIX}/app-roles/{role}/restore">Restore</button></form>
</section>

<section><h2>Application access policy</h2>
<p>Denied: ${names(doc.accessPolicyDenied)}</p>
<form id="policy" method="post" action="/${CONTROL_PREFIX}/policies/{organizer}/deny"><select name="organizer">${opts}</select>
<button type="submit" formaction="/${CONTROL_PREFIX}/policies/{organizer}/deny">Deny</button> <button type="submit" formaction="/${CONTROL_PREFIX}/policies/{organizer}/allow">Allow</button></form>
</section>

<section><h2>Throttling</h2>
<p>Graph requests still to throttle: ${doc.throttle.pendingRequests}</p>
<form id="throttle" method="post" action="/${CONTROL_PREFIX}/throttle"><label>next <input type="number" name="count" min="0" value="3"> requests</label>
<label>Retry-After <input type="number" name="retryAfterSeconds" min="0" value="2"> s</label> <button type="submit">Throttle</button></form>
</section>

<section><h2>Notification delivery</h2>
<form id="delivery" method="post" action="/${CONTROL_PREFIX}/delivery"><label><input type="checkbox" name="duplicate"> duplicate every notification</label>
<label><input type="checkbox" name="reverseOrder"> established before establishing</label> <button type="submit">Apply</button> <small>(sets both flags as ticked; default: both off)</small></form>
</section>
${alertSection(CONTROL_PREFIX, esc)}
<script nonce="${nonce}">${PAGE_SCRIPT}</script>
</body></html>
`;
}

/** The control page with a fresh CSP nonce: scripts and styles run only from this response. */
export function pageResponse(doc: ControlDocument, people: readonly SandboxUser[]): { status: number; contentType: string; payload: string; headers: Record<string, string> } {
  const nonce = randomUUID().replace(/-/g, '');
  return {
    status: 200,
    contentType: 'text/html; charset=utf-8',
    payload: renderPage(doc, people, nonce),
    headers: {
      'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
      'X-Content-Type-Options': 'nosniff',
    },
  };
}
