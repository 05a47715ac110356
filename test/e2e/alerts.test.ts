/**
 * Issue #13 end to end over real HTTP: `alerts here …` in a channel → subscription card with the webhook URLs →
 * each source's documented firing payload POSTed to /api/alerts/<source> → the incident card in that channel
 * (join link, alert block) → the bot in the call → the paged people invited → the same payload again changes only
 * the timeline → the resolved payload updates the card (and resolves with autoresolve). Refusals: wrong secret
 * 401, bad PagerDuty signature 401, unknown shape 400, oversize 413.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { MemoryStorage } from 'botbuilder';
import type { AlertSource } from '../../src/alerts/alert';
import { parseAlertText } from '../../src/alerts/parse-alert';
import { DEFAULT_SEVERITY_MAP } from '../../src/alerts/severity-map';
import { StorageAlertRepository } from '../../src/storage/storage-alert-repository';
import { ADELE_VANCE, MEGAN_BOWEN } from '../../sandbox/graph/users/directory';
import { cardProblems } from '../support/adaptive-card-check';
import { cardOf, FIXTURE_MEMBERS, startHarness, type Harness } from '../support/harness';

let h: Harness;
const storage = new MemoryStorage();
before(async () => { h = await startHarness({ storage }); });
after(async () => { await h.close(); });
beforeEach(() => h.reset());

const CHANNEL = '19:6b1f4e2a9c8d4b7ea5f3c2d1e0b9a8f7@thread.tacv2';
const PD_SIGNING_SECRET = 'pd-test-signing-secret-0123456789';
const megan = FIXTURE_MEMBERS.find((m) => m.name === 'Megan Bowen')!;
const adele = FIXTURE_MEMBERS.find((m) => m.name === 'Adele Vance')!;

const FIXTURES: Readonly<Record<AlertSource, { firing: string; resolved: string; title: RegExp }>> = {
  alertmanager: { firing: 'alertmanager-firing', resolved: 'alertmanager-resolved', title: /BlackBox Probe Failure/ },
  grafana: { firing: 'grafana-firing', resolved: 'grafana-resolved', title: /High memory usage/ },
  'azure-monitor': { firing: 'azure-monitor-fired', resolved: 'azure-monitor-resolved', title: /WCUS-R2-Gen2/ },
  pagerduty: { firing: 'pagerduty-incident-triggered', resolved: 'pagerduty-incident-resolved', title: /A little bump in the road/ },
  generic: { firing: 'generic-firing', resolved: 'generic-resolved', title: /Checkout p99 latency/ },
};

function payload(name: string): string {
  return readFileSync(join(__dirname, '..', 'fixtures', 'alerts', `${name}.json`), 'utf8');
}

let seq = 0;
/** Types the command in the channel; returns the webhook URL per source from the subscription card. */
async function subscribe(options: string): Promise<{ urls: Record<AlertSource, string>; id: string; cardText: string }> {
  const text = `<at>IncidentBridge</at> alerts here ${options} page <at>Megan Bowen</at> <at>Adele Vance</at>`;
  const base = h.fixture('channel-start', { id: `alerts-${++seq}-${Date.now()}` });
  const entities = [
    (base['entities'] as unknown[])[0],
    { mentioned: { id: megan.id, name: megan.name }, text: '<at>Megan Bowen</at>', type: 'mention' },
    { mentioned: { id: adele.id, name: adele.name }, text: '<at>Adele Vance</at>', type: 'mention' },
  ];
  const res = await h.post({ ...base, text, entities, attachments: [] });
  assert.equal(res.status, 200);
  const { card, text: cardText } = await h.waitForCard((a) => a.operation !== 'updateActivity' && JSON.stringify(a.activity).includes('Alerts open bridges here'));
  assert.deepEqual(cardProblems(card), []);
  const urls = {} as Record<AlertSource, string>;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (o['fontType'] === 'Monospace' && typeof o['text'] === 'string') {
      const url = o['text'].replace(/\\(.)/g, '$1'); // the card escapes Markdown
      const m = /\/api\/alerts\/([a-z-]+)\?token=/.exec(url);
      if (m) urls[m[1] as AlertSource] = url;
    }
    Object.values(o).forEach(walk);
  };
  walk(card);
  assert.equal(Object.keys(urls).length, 5, 'one URL per source');
  const id = /al_[A-Za-z0-9_-]+/.exec(cardText)![0];
  return { urls, id, cardText };
}

function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

function pdSignature(body: string): string {
  return `v1=${createHmac('sha256', PD_SIGNING_SECRET).update(body).digest('hex')}`;
}

async function until(what: string, probe: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const callPosts = (): number => h.graph.control.requests.filter((r) => r.method === 'POST' && r.path === '/v1.0/communications/calls').length;
const invited = (): string[] => h.graph.control.requests.filter((r) => r.path.endsWith('/participants/invite'))
  .flatMap((r) => (r.body as { participants: { identity: { user: { id: string } } }[] }).participants.map((p) => p.identity.user.id));
const channelPosts = () => h.connector.activities.filter((a) => a.operation === 'sendToConversation' && a.conversationId === CHANNEL && cardOf(a) !== undefined);

describe('alert webhooks open bridges in the subscribed channel', () => {
  for (const source of Object.keys(FIXTURES) as AlertSource[]) {
    test(`${source}: firing → card + bot in the call + people paged; again → timeline only; resolved → card says so`, async () => {
      const f = FIXTURES[source];
      const { urls, id } = await subscribe(`min sev3 autoresolve${source === 'pagerduty' ? ` pagerduty-secret=${PD_SIGNING_SECRET}` : ''}`);
      const headers = (body: string): Record<string, string> => (source === 'pagerduty' ? { 'x-pagerduty-signature': pdSignature(body) } : {});
      const firing = payload(f.firing);
      const before = channelPosts().length;

      const res = await post(urls[source], firing, headers(firing));
      assert.equal(res.status, 202, await res.text());

      // The incident card, as a new post in the channel (not a reply to the command), with the join link and the alert.
      const { activity, card, text } = await h.waitForCard((a) => a.operation === 'sendToConversation' && a.conversationId === CHANNEL && f.title.test(JSON.stringify(a.activity)));
      assert.deepEqual(cardProblems(card), []);
      assert.match(text, /INC-[0-9A-Z]{7}/);
      const incidentId = /INC-[0-9A-Z]{7}/.exec(text)![0];
      assert.ok(channelPosts().length === before + 1);
      await until('the meeting on the card', async () => (await h.app.incidents.get(incidentId))?.card !== undefined);
      const incident = (await h.app.incidents.get(incidentId))!;
      assert.equal(incident.source?.kind, 'alert');
      assert.equal(incident.requestedBy.displayName, 'Alex Wilber', 'organizer fallback: the subscriber');

      // Bot in the call, the subscription's people paged (invited once the call is established).
      await until('the bot joining', () => callPosts() >= 1);
      await until('the invitations', () => invited().includes(MEGAN_BOWEN.id) && invited().includes(ADELE_VANCE.id));
      const live = await h.waitForCard((a) => a.operation === 'updateActivity' && a.activityId === activity.activityId && /Join/.test(JSON.stringify(a.activity)) && /Bot connected/.test(JSON.stringify(a.activity)));
      assert.match(live.text, /teams\.microsoft\.com|joinWebUrl|"Join"/);
      assert.match(live.text, new RegExp(source === 'generic' ? 'Firing in Alert source' : 'Firing in'));

      // The same payload again: a timeline line, no second meeting, no second card, no second call.
      const calls = callPosts();
      const posts = channelPosts().length;
      const again = await post(urls[source], firing, headers(firing));
      assert.equal(again.status, 202);
      await h.app.alerts.idle();
      const afterAgain = (await h.app.incidents.get(incidentId))!;
      assert.match(afterAgain.timeline.at(-1)!.text, /redelivered/);
      assert.equal(callPosts(), calls);
      assert.equal(channelPosts().length, posts);
      assert.equal(h.graph.control.requests.filter((r) => r.method === 'POST' && /onlineMeetings/.test(r.path)).length, 1, 'one meeting');

      // Resolved: the card says so; with autoresolve the incident resolves.
      const resolved = payload(f.resolved);
      const r = await post(urls[source], resolved, headers(resolved));
      assert.equal(r.status, 202, await r.text());
      await h.app.alerts.idle();
      const done = (await h.app.incidents.get(incidentId))!;
      assert.ok(done.timeline.some((t) => /reports the alert resolved/.test(t.text)));
      assert.equal(done.state, 'resolved');
      await h.waitForCard((a) => a.operation === 'updateActivity' && a.activityId === activity.activityId && /Resolved/.test(JSON.stringify(a.activity)));
      assert.ok(id.startsWith('al_'));
    });
  }

  test('without autoresolve the resolved payload only changes the card', async () => {
    const { urls } = await subscribe('min sev3');
    const firing = payload('generic-firing');
    assert.equal((await post(urls.generic, firing)).status, 202);
    const { activity, text } = await h.waitForCard((a) => a.operation === 'sendToConversation' && a.conversationId === CHANNEL && /Checkout p99 latency/.test(JSON.stringify(a.activity)));
    const incidentId = /INC-[0-9A-Z]{7}/.exec(text)![0];
    await h.app.alerts.idle();
    assert.equal((await post(urls.generic, payload('generic-resolved'))).status, 202);
    await h.waitForCard((a) => a.operation === 'updateActivity' && a.activityId === activity.activityId && /reports the alert resolved/.test(JSON.stringify(a.activity)));
    assert.notEqual((await h.app.incidents.get(incidentId))!.state, 'resolved');
  });

  test('alerts below the minimum severity or outside the label filter are accepted but open nothing', async () => {
    const { urls } = await subscribe('min sev1 service=payments');
    const posts = channelPosts().length;
    assert.equal((await post(urls.grafana, payload('grafana-firing'))).status, 202, 'grafana sample: no severity label → sev3');
    assert.equal((await post(urls.generic, payload('generic-firing'))).status, 202, 'generic sample: service=checkout');
    await h.app.alerts.idle();
    assert.equal(channelPosts().length, posts);
    assert.equal(callPosts(), 0);
  });

  test('refusals: wrong secret 401, bad PagerDuty signature 401, unknown shape 400, oversize 413 — nothing opens', async () => {
    const { urls } = await subscribe(`min sev3 pagerduty-secret=${PD_SIGNING_SECRET}`);
    const posts = channelPosts().length;
    const wrong = urls.generic.replace(/token=([^&]+)/, (_m, t: string) => `token=${t.slice(0, -4)}AAAA`);
    const w = await post(wrong, payload('generic-firing'));
    assert.equal(w.status, 401);
    assert.deepEqual(await w.json(), { error: 'unauthorized' });
    assert.equal((await post(urls.generic.split('?')[0]!, payload('generic-firing'))).status, 401, 'no token');

    const pd = payload('pagerduty-incident-triggered');
    assert.equal((await post(urls.pagerduty, pd, { 'x-pagerduty-signature': `v1=${'0'.repeat(64)}` })).status, 401);
    assert.equal((await post(urls.pagerduty, pd)).status, 401, 'missing signature');

    const bad = await post(urls.alertmanager, JSON.stringify({ hello: 'world' }));
    assert.equal(bad.status, 400);
    const why = await bad.json() as { expected: string[] };
    assert.ok(why.expected.length > 0);

    const huge = JSON.stringify({ title: 'x', dedupKey: 'big', status: 'firing', description: 'x'.repeat(300 * 1024) });
    assert.equal((await post(urls.generic, huge)).status, 413);

    await h.app.alerts.idle();
    assert.equal(channelPosts().length, posts, 'no card for refused alerts');
  });

  test('alerts lists this conversation\'s subscriptions; alerts off removes one and its URL answers 401', async () => {
    const { urls, id } = await subscribe('min sev2 service=checkout');
    const base = h.fixture('channel-start', { id: `alerts-list-${++seq}` });
    await h.post({ ...base, text: '<at>IncidentBridge</at> alerts', entities: [(base['entities'] as unknown[])[0]], attachments: [] });
    const list = await h.waitForCard((a) => JSON.stringify(a.activity).includes('Alert subscriptions here'));
    assert.ok(list.text.includes(id));
    assert.ok(!/token=/.test(list.text), 'the list shows no secrets');
    await h.post({ ...base, id: `alerts-off-${++seq}`, text: `<at>IncidentBridge</at> alerts off ${id}`, entities: [(base['entities'] as unknown[])[0]], attachments: [] });
    await h.connector.waitFor((a) => JSON.stringify(a.activity).includes(`${id} removed`));
    assert.equal((await post(urls.generic, payload('generic-firing'))).status, 401);
  });

  test('an accepted alert a previous process left in the inbox is finished by resume (what startup runs)', async () => {
    const { id } = await subscribe('min sev3');
    const parsed = parseAlertText('generic', payload('generic-firing').replace('checkout-p99-latency-eu', 'left-over'), DEFAULT_SEVERITY_MAP);
    assert.equal(parsed.kind, 'alert');
    if (parsed.kind !== 'alert') return;
    await new StorageAlertRepository(storage).addPending({ id: 'left-over-1', subscriptionId: id, alert: parsed.alert, receivedAt: new Date().toISOString(), attempts: 0 });
    assert.equal(await h.app.alerts.resume(), 1);
    await h.waitForCard((a) => a.operation === 'sendToConversation' && a.conversationId === CHANNEL && /Checkout p99 latency/.test(JSON.stringify(a.activity)));
    await h.app.alerts.idle();
    assert.deepEqual(await new StorageAlertRepository(storage).pendingIds(), []);
  });

  test('Send test alert (card button) opens a bridge through the same path', async () => {
    const { id } = await subscribe('min sev2 service=checkout');
    const base = h.fixture('channel-start');
    const res = await h.post({
      type: 'invoke', name: 'adaptiveCard/action', id: `test-alert-${++seq}`, channelId: 'msteams', serviceUrl: base['serviceUrl'], from: base['from'], recipient: base['recipient'],
      conversation: base['conversation'], channelData: base['channelData'],
      value: { action: { type: 'Action.Execute', verb: 'sendTestAlert', data: { subscriptionId: id } }, trigger: 'manual' },
    });
    assert.equal(res.status, 200);
    assert.match(JSON.stringify(res.body), /Test alert sent/);
    const { text } = await h.waitForCard((a) => a.operation === 'sendToConversation' && /Test alert from IncidentBridge/.test(JSON.stringify(a.activity)));
    assert.match(text, /service=checkout/);
  });

  test('a burst of distinct alerts is rate limited, said once on a card', async () => {
    const { urls } = await subscribe('min sev3');
    const posts = channelPosts().length;
    for (let i = 0; i < 6; i++) {
      const body = JSON.stringify({ dedupKey: `burst-${i}`, status: 'firing', title: `Burst ${i}`, severity: 'sev2' });
      assert.equal((await post(urls.generic, body)).status, 202);
    }
    await h.app.alerts.idle();
    const cards = channelPosts().slice(posts).map((a) => JSON.stringify(a.activity));
    assert.equal(cards.filter((c) => /Burst \d/.test(c)).length, 3, 'three bridges (the burst size)');
    assert.equal(cards.filter((c) => /Too many alerts at once/.test(c)).length, 1, 'told once');
  });

  test('the sandbox control page fires a documented sample payload at a subscription', async () => {
    const { urls } = await subscribe('min sev3');
    const res = await fetch(`${h.graph.plainUrl}/_sandbox/alerts/fire`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: urls.alertmanager }) });
    const answer = await res.json() as { botStatus: number };
    assert.equal(res.status, 200, JSON.stringify(answer));
    assert.equal(answer.botStatus, 202);
    await h.waitForCard((a) => a.operation === 'sendToConversation' && /BlackBox Probe Failure/.test(JSON.stringify(a.activity)));
    const refused = await fetch(`${h.graph.plainUrl}/_sandbox/alerts/fire`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://example.com/api/alerts/generic' }) });
    assert.equal(refused.status, 400);
  });
});
