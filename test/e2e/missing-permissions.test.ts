/**
 * Every Graph application permission the bot uses, withheld in turn: the sandbox's token carries the roles it
 * was granted, Graph's 403 comes back through the production credential and SDK, and what the user reads names
 * the missing permission and the admin's fix. Each case starts a fresh bot, so its first token carries the cut grant.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { INCIDENT_COMMANDERS } from '../../sandbox/graph/users/directory';
import { startHarnessWithout, type Harness } from '../support/harness';
import { Conversation } from '../support/teams-conversation';

async function withRoleWithheld(role: string, env: Record<string, string>, run: (h: Harness, c: Conversation) => Promise<void>): Promise<void> {
  const h = await startHarnessWithout(role, { env });
  try {
    await run(h, new Conversation(h));
  } finally {
    await h.close();
  }
}

/** What an admin is told, whatever the card: the permission by name and admin consent. */
function assertNamesFix(text: string, role: string): void {
  assert.match(text, new RegExp(role.replace(/\./g, '\\.')), `the message names ${role}: ${text}`);
  assert.match(text, /admin consent/i, `the message gives the admin fix: ${text}`);
}

describe('a withheld application permission is named on the card, with the fix', () => {
  test('OnlineMeetings.ReadWrite.All: start → the meeting card names it', async () => {
    await withRoleWithheld('OnlineMeetings.ReadWrite.All', {}, async (h, c) => {
      await c.say('start sev2 No meetings permission with <@Megan Bowen>');
      const { text } = await c.card(/OnlineMeetings/);
      assertNamesFix(text, 'OnlineMeetings.ReadWrite.All');
      assert.ok(h.graph.control.requests.some((r) => r.path.endsWith('/createOrGet') && r.status === 403));
    });
  });

  test('User.Read.All: start with an e-mail address → the card names it', async () => {
    await withRoleWithheld('User.Read.All', {}, async (_h, c) => {
      await c.say('start sev2 No directory permission with patti@contoso.com');
      // The look-up runs beside createOrGet: its 403 is on the first card or on the update that completes attendees.
      const { text } = await c.eventually(/User\.Read\.All/);
      assertNamesFix(text, 'User.Read.All');
    });
  });

  test('Calendars.ReadWrite: start +calendar → the card names it', async () => {
    await withRoleWithheld('Calendars.ReadWrite', {}, async (_h, c) => {
      await c.say('start sev2 No calendar permission +calendar with <@Megan Bowen>');
      const { text } = await c.card(/Calendars\.ReadWrite/);
      assertNamesFix(text, 'Calendars.ReadWrite');
    });
  });

  test('Calls.JoinGroupCall.All: bring the bot into the call → the card names it', async () => {
    await withRoleWithheld('Calls.JoinGroupCall.All', {}, async (h, c) => {
      const { incidentId, cardId } = await c.start('No join permission');
      // Action.Execute answers with the refreshed card itself.
      const res = await c.press('joinCall', { incidentId });
      assert.ok(cardId !== '');
      assertNamesFix(JSON.stringify(res.value), 'Calls.JoinGroupCall.All');
      const post = h.graph.control.requests.find((r) => r.method === 'POST' && r.path === '/v1.0/communications/calls');
      assert.equal(post?.status, 403);
    });
  });

  test('Calls.InitiateGroupCall.All: page someone into the call → the answer names it', async () => {
    await withRoleWithheld('Calls.InitiateGroupCall.All', {}, async (_h, c) => {
      const { incidentId, cardId } = await c.start('No paging permission');
      await c.press('joinCall', { incidentId });
      await c.update(cardId, /Bot connected/);
      c.mark();
      await c.say(`page patti@contoso.com ${incidentId}`);
      const { text } = await c.card(/Calls\.InitiateGroupCall\.All/);
      assertNamesFix(text, 'Calls.InitiateGroupCall.All');
    });
  });

  test('GroupMember.Read.All (with INCIDENT_ADMIN_GROUP_ID): someone else resolves → the answer names it', async () => {
    await withRoleWithheld('GroupMember.Read.All', { INCIDENT_ADMIN_GROUP_ID: INCIDENT_COMMANDERS.id }, async (_h, c) => {
      const { incidentId } = await c.start('No group permission');
      c.mark();
      await c.say(`resolve ${incidentId} done`, 'Isaiah Langer');
      const { text } = await c.card(/GroupMember\.Read\.All/);
      assertNamesFix(text, 'GroupMember.Read.All');
    });
  });
});
