/**
 * Issue #11 over real HTTP: a notification token of another tenant is refused (403); lookups without an id are
 * scoped by tenant and a team id counts only from a channel; start/page rate limits and people caps answer with a
 * card; the Resolve form's summary shares the typed limit; a refused card update is reconciled later.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { LIMITS } from '../../src/cards/limits';
import type { CapturedActivity } from '../support/connector/connector-sandbox';
import { FIXTURE_MEMBERS, startHarness, type Harness } from '../support/harness';

const OTHER_TENANT = '0b9e8d7c-6f5e-4d3c-8b2a-1f0e9d8c7b6a';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });
beforeEach(() => h.reset());

let seq = 0;
const nextId = (what: string): string => `abuse-${what}-${++seq}-${Date.now()}`;

interface Started { incidentId: string; cardActivityId: string; activity: Record<string, unknown> }

/** Starts an incident from a fixture; `conversation` gives each test its own chat (the rate limits are per conversation). */
async function startIncident(fixture = 'group-chat-start', over: Record<string, unknown> = {}): Promise<Started> {
  const base = h.fixture(fixture);
  const conversation = { ...(base['conversation'] as Record<string, unknown>), id: `19:${nextId('chat')}@thread.v2` };
  const activity = { ...base, conversation, ...over, id: nextId('start') };
  await h.post(activity);
  const { activity: card, text } = await h.waitForCard((a) => a.operation !== 'updateActivity' && a.conversationId === (activity['conversation'] as { id: string }).id && /Meeting ready/.test(JSON.stringify(a.activity)));
  return { incidentId: /INC-[0-9A-Z]{7}/.exec(text)![0], cardActivityId: card.activityId!, activity };
}

/** The same conversation, another text (and optionally other fields). */
function say(s: Started, text: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const { entities: _mentions, ...rest } = s.activity;
  return { ...rest, text, id: nextId('say'), entities: [], ...over };
}

function repliesTo(activityId: string): (a: CapturedActivity) => boolean {
  return (a) => a.operation !== 'updateActivity' && a.activity['replyToId'] === activityId;
}

async function reply(activity: Record<string, unknown>): Promise<string> {
  await h.post(activity);
  const got = await h.connector.waitFor(repliesTo(activity['id'] as string), 10_000);
  return JSON.stringify(got.activity);
}

async function until(what: string, probe: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the notification tenant must match the incident tenant', () => {
  test('a validly signed token of another tenant is refused with 403 and changes nothing; the own tenant\'s is applied', async () => {
    const s = await startIncident();
    const join = await h.post({ ...say(s, ''), type: 'invoke', name: 'adaptiveCard/action', replyToId: s.cardActivityId, value: { action: { type: 'Action.Execute', verb: 'joinCall', data: { incidentId: s.incidentId } }, trigger: 'manual' } });
    assert.equal(join.status, 200);
    await until('the bot in the call', async () => (await h.app.incidents.get(s.incidentId))?.call?.promptPlayed === true);
    const [call] = h.graph.control.calls();
    const terminate = {
      '@odata.type': '#microsoft.graph.commsNotifications',
      value: [{ '@odata.type': '#microsoft.graph.commsNotification', changeType: 'deleted', resourceUrl: `/communications/calls/${call!.id}`, resourceData: { '@odata.type': '#microsoft.graph.call', state: 'terminated', resultInfo: { code: 200, subcode: 5001 } } }],
    };
    const before = JSON.stringify(await h.app.incidents.get(s.incidentId));
    const foreign = await h.graph.control.signToken({ claims: { tid: OTHER_TENANT } });
    const refused = await h.graph.control.sendNotification(call!.callbackUri, terminate, foreign);
    assert.equal(refused.status, 403);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(JSON.stringify(await h.app.incidents.get(s.incidentId)), before, 'the call is still live');
    const ok = await h.graph.control.sendNotification(call!.callbackUri, terminate, undefined);
    assert.equal(ok.status, 202);
    await until('the call ended', async () => (await h.app.incidents.get(s.incidentId))?.call?.state === 'terminated');
  });
});

describe('tenant on every lookup', () => {
  test('commands without an id do not find another tenant\'s incident in a conversation with the same id', async () => {
    const s = await startIncident();
    const otherTenant = {
      conversation: { ...(s.activity['conversation'] as Record<string, unknown>), tenantId: OTHER_TENANT },
      channelData: { tenant: { id: OTHER_TENANT } },
    };
    for (const text of ['status', 'note from elsewhere', 'export', 'commander me']) {
      assert.match(await reply(say(s, text, otherTenant)), /no (active )?incident/i, text);
    }
    assert.match(await reply(say(s, 'list', otherTenant)), /No active incidents here/);
    const incident = await h.app.incidents.get(s.incidentId);
    assert.equal(incident?.timeline.some((t) => t.text.includes('from elsewhere')), false);
    assert.equal(incident?.commander?.displayName, undefined);
    // The own tenant still finds it.
    assert.match(await reply(say(s, 'status')), new RegExp(s.incidentId));
  });

  test('a group chat activity carrying a team id does not reach that team\'s incidents', async () => {
    const channel = await startIncident('channel-start');
    const team = (channel.activity['channelData'] as { team: { id: string } }).team;
    const chat = h.fixture('group-chat-start');
    const groupChat = { ...chat, conversation: { ...(chat['conversation'] as Record<string, unknown>), id: `19:${nextId('gc')}@thread.v2` }, channelData: { tenant: { id: '5f0c1e2a-8b7d-4c39-a6e4-2d9f3b1c7a58' }, team } };
    const { entities: _e, ...plain } = groupChat as Record<string, unknown>;
    assert.match(await reply({ ...plain, entities: [], id: nextId('gc-list'), text: 'list' }), /No active incidents here/);
    assert.match(await reply({ ...plain, entities: [], id: nextId('gc-status'), text: `status ${channel.incidentId}` }), /was not found here/i);
  });
});

describe('rate limits and caps', () => {
  let limited: Harness;
  before(async () => { limited = await startHarness({ env: { RATE_LIMIT_STARTS_PER_USER: '3', RATE_LIMIT_PAGES_PER_CONVERSATION: '2' } }); });
  after(async () => { await limited.close(); });

  test('starts per user are limited, answered with when to try again', async () => {
    const main = h;
    h = limited;
    try {
      await startsAreLimited();
    } finally {
      h = main;
    }
  });

  test('pages per conversation are limited', async () => {
    const main = h;
    h = limited;
    try {
      await pagesAreLimited();
    } finally {
      h = main;
    }
  });

  async function startsAreLimited(): Promise<void> {
    const first = await startIncident();
    const base = { ...first.activity };
    for (let i = 0; i < 2; i++) await startIncident('group-chat-start', { conversation: base['conversation'] });
    const refused = await reply({ ...base, id: nextId('start-4') });
    assert.match(refused, /Too many starts: you may start at most 3 times in 10 minutes/);
    assert.match(refused, /Try again in \d+ (second|minute)s?/);
    assert.match(refused, /RATE_LIMITED/);
  }

  async function pagesAreLimited(): Promise<void> {
    // Megan starts this one: Alex used up his starts in the test before.
    const megan = FIXTURE_MEMBERS[1]!;
    const s = await startIncident('group-chat-start', { from: { id: megan.id, name: megan.name, aadObjectId: megan.aadObjectId ?? megan.objectId } });
    const page = (): Record<string, unknown> => say(s, 'page patti@contoso.com');
    for (let i = 0; i < 2; i++) {
      const text = await reply(page());
      assert.doesNotMatch(text, /Too many/);
    }
    assert.match(await reply(page()), /Too many pages: this conversation may page at most 2 times/);
  }

  test(`one command may name at most ${LIMITS.attendees} people; more is refused before any look-up`, async () => {
    const s = await startIncident();
    const lookups = (): number => h.graph.control.requests.filter((r) => r.path.includes('/users')).length;
    const before = lookups();
    const emails = Array.from({ length: 80 }, (_, i) => `person${i}@contoso.com`).join(' ');
    assert.match(await reply(say(s, `page ${emails}`)), new RegExp(`You named 80 people; one page may name at most ${LIMITS.attendees}`));
    const mentions = Array.from({ length: 300 }, (_, i) => ({ type: 'mention', text: `<at>User ${i}</at>`, mentioned: { id: `29:user-${i}`, name: `User ${i}` } }));
    assert.match(await reply(say(s, `start sev2 Too many with ${mentions.map((m) => m.text).join(' ')}`, { entities: mentions })), /mentions 300 people/);
    assert.equal(lookups(), before, 'no directory look-ups');
  });

  test('the Resolve form refuses a summary over the typed limit, and the card keeps updating', async () => {
    const s = await startIncident();
    const resolve = { ...say(s, ''), type: 'invoke', name: 'adaptiveCard/action', replyToId: s.cardActivityId, value: { action: { type: 'Action.Execute', verb: 'resolve', data: { incidentId: s.incidentId, resolveSummary: 'x'.repeat(100_000) } }, trigger: 'manual' } };
    assert.match(await reply(resolve), new RegExp(`100000 characters long; at most ${LIMITS.summaryLength}`));
    assert.equal((await h.app.incidents.get(s.incidentId))?.state !== 'resolved', true);
    await reply(say(s, 'note still alive'));
    await h.waitForCard((a) => a.operation === 'updateActivity' && a.activityId === s.cardActivityId && JSON.stringify(a.activity).includes('still alive'));
  });
});

describe('card updates the Connector refused are reconciled', () => {
  test('after failed updates the card catches up with the latest state once the Connector recovers', async () => {
    const s = await startIncident();
    // Four refusals: the card update's first attempt and the HTTP client's three retries. Then the Connector is
    // fine again, and nothing else happens in the chat that would update the card.
    h.connector.failNext(500, 4);
    await h.post(say(s, 'note reconciled later'));
    const refusedUpdates = (): number => h.connector.requests.filter((r) => r.operation === 'updateActivity' && r.path.includes(encodeURIComponent(s.cardActivityId)) && r.status >= 500).length;
    await until('the refused card updates', () => refusedUpdates() === 4, 20_000);
    await h.waitForCard((a) => a.operation === 'updateActivity' && a.activityId === s.cardActivityId && JSON.stringify(a.activity).includes('reconciled later'), 20_000);
  });
});
