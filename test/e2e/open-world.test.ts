/**
 * An open-world tenant: a Teams client with its own mock tenant and people the sandbox was never seeded with,
 * sending only the documented shapes (a getMember answer with `objectId` and nothing else — no aadObjectId, no
 * name: TeamsChannelAccount's documented minimum), passes the whole scenario: start with two mentions and an
 * e-mail → card with join link → bring the bot into the call → roster → resolve. The sandbox learns the people
 * from the Graph requests the bot makes (sandbox/graph/users/learn-people.ts); an e-mail nobody presented stays
 * "not found".
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { PATTI_FERNANDEZ } from '../../sandbox/graph/users/directory';
import { cardProblems } from '../support/adaptive-card-check';
import { startHarness, type Harness } from '../support/harness';
import { until } from '../support/teams-conversation';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

const BOT = { id: '28:00000000-0000-0000-0000-0000000b0b01', name: 'IncidentBridge' };
// The client's own mock tenant and people (ids as another client would make them).
const TENANT = randomUUID();
const SENDER = { id: `29:1${randomUUID()}`, name: 'Riley Sender', aadObjectId: randomUUID() };
const JORDAN = { id: `29:1${randomUUID()}`, objectId: randomUUID(), name: 'Jordan Mention' };
const KAI = { id: `29:1${randomUUID()}`, objectId: randomUUID(), name: 'Kai Mention' };
const CONVERSATION = `19:${randomUUID().replace(/-/g, '')}@thread.v2`;

function base(): Record<string, unknown> {
  const fixture = h.fixture('group-chat-start');
  return {
    type: 'message', channelId: 'msteams', serviceUrl: fixture['serviceUrl'], from: SENDER, recipient: BOT,
    conversation: { isGroup: true, conversationType: 'groupChat', tenantId: TENANT, id: CONVERSATION },
    channelData: { tenant: { id: TENANT } }, locale: 'en-US',
  };
}

function message(text: string, mentions: readonly { id: string; name: string }[] = []): Record<string, unknown> {
  return {
    ...base(), id: `ow-${randomUUID()}`, timestamp: new Date().toISOString(),
    text: `<at>${BOT.name}</at> ${text}`,
    entities: [
      { mentioned: BOT, text: `<at>${BOT.name}</at>`, type: 'mention' },
      ...mentions.map((m) => ({ mentioned: { id: m.id, name: m.name }, text: `<at>${m.name}</at>`, type: 'mention' })),
    ],
  };
}

function invoke(verb: string, data: Record<string, string>): Record<string, unknown> {
  return { ...base(), type: 'invoke', name: 'adaptiveCard/action', id: `ow-inv-${randomUUID()}`, value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } };
}

describe('a client with its own mock tenant, sending only the documented shapes', () => {
  test('start with two mentions + an e-mail → join link → bot in the call → roster → resolve', async () => {
    // getMember answers: only id + objectId (documented minimum); no aadObjectId, no name.
    h.connector.setMembers(CONVERSATION, [
      { id: SENDER.id, objectId: SENDER.aadObjectId },
      { id: JORDAN.id, objectId: JORDAN.objectId },
      { id: KAI.id, objectId: KAI.objectId },
    ]);
    const start = message(`start sev2 Open world outage with <at>${JORDAN.name}</at> <at>${KAI.name}</at> ${PATTI_FERNANDEZ.userPrincipalName} nobody.presented@contoso.com`, [JORDAN, KAI]);
    assert.equal((await h.post(start)).status, 200);
    const { activity, card, text } = await h.waitForCard((a) => a.conversationId?.split(';')[0] === CONVERSATION && /Meeting ready/.test(JSON.stringify(a.activity)));
    assert.deepEqual(cardProblems(card), []);
    const meeting = h.graph.control.meetings().at(-1)!.meeting;
    assert.ok(text.includes(meeting.joinWebUrl as string), 'the card has the join link');
    for (const name of [JORDAN.name, KAI.name, PATTI_FERNANDEZ.displayName]) assert.ok(text.includes(name), `card lacks ${name}`);
    assert.match(text, /nobody\.presented@contoso\.com \(not found/);
    const createOrGet = h.graph.control.requests.find((r) => r.path.endsWith('/onlineMeetings/createOrGet'))!;
    assert.ok(createOrGet.path.includes(`/users/${SENDER.aadObjectId}/`), 'the sender is the organizer');
    assert.equal(createOrGet.status, 201);
    const incidentId = /INC-[0-9A-Z]{7}/.exec(text)![0];
    const cardId = activity.activityId!;

    // Bring the bot into the call.
    assert.equal((await h.post(invoke('joinCall', { incidentId }))).status, 200);
    await h.waitForCard((a) => a.operation === 'updateActivity' && a.activityId === cardId && /Bot connected/.test(JSON.stringify(a.activity)));

    // Roster: the learned people join under the names the client gave them.
    const incident = await h.app.incidents.get(incidentId);
    const threadId = incident!.meeting!.chatInfo.threadId;
    h.graph.control.joinMeeting(threadId, JORDAN.objectId);
    const rostered = await h.waitForCard((a) => a.operation === 'updateActivity' && a.activityId === cardId && JSON.stringify(a.activity).includes(JORDAN.name) && /in the call/i.test(JSON.stringify(a.activity)));
    assert.deepEqual(cardProblems(rostered.card), []);

    // Resolve as the requester.
    assert.equal((await h.post(message(`resolve ${incidentId} fixed`))).status, 200);
    await until('resolved', async () => (await h.app.incidents.get(incidentId))?.state === 'resolved');
  });

  test('the sandbox describes the people it learned; an unpresented e-mail stays 404', async () => {
    const res = await fetch(`${h.graph.plainUrl}/_sandbox`);
    const people = ((await res.json()) as { world: { people: { id: string; displayName: string }[] } }).world.people;
    assert.ok(people.some((p) => p.id === SENDER.aadObjectId));
    assert.ok(people.some((p) => p.id === JORDAN.objectId && p.displayName === JORDAN.name));
    assert.ok(!people.some((p) => p.displayName === 'nobody.presented@contoso.com'));
  });
});
