/**
 * Issue #14, the incident in its meeting's own chat, end to end over HTTP: the bot installs itself into the meeting
 * chat (Graph POST /chats/{threadId}/installedApps), posts the same card there, keeps both cards updated; commands
 * typed in the meeting chat act on the incident without an id; without TeamsAppInstallation.ReadWriteSelfForChat.All
 * Graph's documented 403 leaves the incident working and its card says why the meeting chat has no card.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { cardProblems } from '../support/adaptive-card-check';
import { startHarness, startHarnessWithout, type Harness } from '../support/harness';
import { Conversation, until } from '../support/teams-conversation';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });
beforeEach(() => h.reset());

/** Runs `run` against its own bot lacking `role` (startHarnessWithout), then puts the shared one back. */
async function withRoleWithheld(role: string, run: () => Promise<void>): Promise<void> {
  const shared = h;
  h = await startHarnessWithout(role);
  try {
    await run();
  } finally {
    await h.close();
    h = shared;
  }
}

async function stored(id: string) {
  const incident = await h.app.incidents.get(id);
  assert.ok(incident, `incident ${id} stored`);
  return incident;
}

describe('the meeting chat carries the incident card', () => {
  test('installed, posted there, updated with the original; a note typed in the meeting chat lands on the incident', async () => {
    const c = new Conversation(h);
    const { incidentId, cardId } = await c.start('Checkout API returning 500s');
    await until('shared into the meeting chat', async () => (await stored(incidentId)).meetingChat !== undefined);
    const incident = await stored(incidentId);
    const threadId = incident.meeting!.chatInfo.threadId;
    assert.equal(incident.meetingChat?.status, 'posted', JSON.stringify(incident.meetingChat));

    const install = h.graph.control.requests.find((r) => r.method === 'POST' && decodeURIComponent(r.path) === `/v1.0/chats/${threadId}/installedApps`);
    assert.ok(install, 'POST /chats/{threadId}/installedApps');
    assert.equal(install.status, 201);
    assert.match(String((install.body as Record<string, unknown>)['teamsApp@odata.bind']), /\/v1\.0\/appCatalogs\/teamsApps\/[^/]+$/);

    const chatCard = h.connector.activities.find((a) => a.operation === 'sendToConversation' && a.conversationId === threadId);
    assert.ok(chatCard?.activityId, 'the card was posted into the meeting chat');
    assert.equal(incident.extraCards?.[0]?.activityId, chatCard.activityId);
    const original = await c.update(cardId, /also in the meeting's chat/);
    assert.deepEqual(cardProblems(original.card), []);

    // A note typed in the meeting chat: no id, it finds the incident through the chat.
    const meetingChat = new Conversation(h, { conversationId: threadId });
    await meetingChat.say('note Rolled back the EU deploy', 'Megan Bowen');
    await meetingChat.reply(new RegExp(`Noted on ${incidentId}`));
    assert.ok((await stored(incidentId)).timeline.some((t) => t.text === 'Note by Megan Bowen: Rolled back the EU deploy'));
    // Both cards are updated.
    await c.update(cardId, /Note by Megan Bowen: Rolled back the EU deploy/);
    const copy = await meetingChat.update(chatCard.activityId, /Note by Megan Bowen: Rolled back the EU deploy/);
    assert.deepEqual(cardProblems(copy.card), []);

    // "commander me" and "resolve" typed there act on it too.
    await meetingChat.say('commander me', 'Megan Bowen');
    await meetingChat.reply(/Megan Bowen is now the commander/);
    await meetingChat.say('resolve Reverted', 'Megan Bowen');
    await meetingChat.reply(new RegExp(`Resolved ${incidentId}`));
    await c.update(cardId, /Resolved · SEV2/);
    await meetingChat.update(chatCard.activityId, /Resolved · SEV2/);
  });

  test('without TeamsAppInstallation.ReadWriteSelfForChat.All: Graph answers 403, the incident works and its card says why', async () => {
    await withRoleWithheld('TeamsAppInstallation.ReadWriteSelfForChat.All', async () => {
      const c = new Conversation(h);
      const { incidentId, cardId } = await c.start('Search latency');
      await until('the meeting chat attempt recorded', async () => (await stored(incidentId)).meetingChat !== undefined);
      const install = h.graph.control.requests.find((r) => r.method === 'POST' && /\/installedApps$/.test(r.path));
      assert.equal(install?.status, 403);
      const status = (await stored(incidentId)).meetingChat;
      assert.equal(status?.status, 'unavailable');
      assert.equal(status?.status === 'unavailable' ? status.code : '', 'GRAPH_PERMISSION_MISSING');
      const { card, text } = await c.update(cardId, /No card in the meeting's chat \(GRAPH\\\\_PERMISSION\\\\_MISSING\)/);
      assert.deepEqual(cardProblems(card), []);
      assert.match(text, /TeamsAppInstallation\.ReadWriteSelfForChat\.All/);
      assert.equal(h.connector.activities.filter((a) => a.conversationId?.startsWith('19:meeting_')).length, 0, 'nothing posted into the meeting chat');
      // The incident works as today.
      await c.say('note still fine');
      await c.reply(new RegExp(`Noted on ${incidentId}`));
    });
  });
});
