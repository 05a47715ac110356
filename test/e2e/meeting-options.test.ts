/**
 * Meeting options, calendar invitations and the admin group, end to end over HTTP with the Graph sandbox.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ALEX_WILBER, INCIDENT_COMMANDERS, ISAIAH_LANGER, MEGAN_BOWEN } from '../../sandbox/graph/users/directory';
import { cardProblems } from '../support/adaptive-card-check';
import { startHarness, type Harness } from '../support/harness';
import { Conversation } from '../support/teams-conversation';

let h: Harness;
before(async () => { h = await startHarness({ env: { INCIDENT_ADMIN_GROUP_ID: INCIDENT_COMMANDERS.id } }); });
after(async () => { await h.close(); });
beforeEach(() => h.reset());

/** PATCHes of meeting options (people resolved after createOrGet are added by a PATCH of participants alone). */
const patches = () => h.graph.control.requests.filter((r) => r.method === 'PATCH' && r.path.includes('/onlineMeetings/')
  && !(typeof r.body === 'object' && r.body !== null && Object.keys(r.body).every((k) => k === 'participants')));

describe('meeting options', () => {
  test('by default everyone in the organisation bypasses the lobby, with no extra Graph call when that is already so', async () => {
    const c = new Conversation(h);
    await c.say('start sev2 Login failures with <@Megan Bowen>');
    const { text, card } = await c.card(/Login failures/);
    assert.deepEqual(cardProblems(card), []);
    assert.match(text, /people in the organisation join directly/);
    assert.equal(patches().length, 0);
  });

  test('flags set the lobby, presenters and recording (PATCH after createOrGet, which does not take them)', async () => {
    const c = new Conversation(h);
    await c.say('start sev1 Data center power +lobby:everyone +record +presenters:organizer with <@Megan Bowen>');
    const { text } = await c.card(/Data center power/);
    assert.match(text, /everyone joins directly · recording/);
    assert.equal(patches().length, 1);
    const body = patches()[0]!.body as Record<string, unknown>;
    assert.deepEqual(body['lobbyBypassSettings'], { scope: 'everyone', isDialInBypassEnabled: true });
    assert.equal(body['allowedPresenters'], 'organizer');
    assert.equal(body['recordAutomatically'], true);
    const m = h.graph.control.meetings()[0]!.meeting as Record<string, unknown>;
    assert.equal((m['lobbyBypassSettings'] as { scope: string }).scope, 'everyone');
  });

  test('+lobby:invited (an evolvable-enum member) is sent and read back with Prefer: include-unknown-enum-members', async () => {
    const c = new Conversation(h);
    await c.say('start sev2 Payroll export stuck +lobby:invited with <@Megan Bowen>');
    const { text } = await c.card(/Payroll export stuck/);
    assert.match(text, /invited people join directly/);
    assert.equal(patches().length, 1);
    assert.equal(patches()[0]?.headers['prefer'], 'include-unknown-enum-members');
    const create = h.graph.control.requests.find((r) => r.path.endsWith('/onlineMeetings/createOrGet'));
    assert.equal(create?.headers['prefer'], 'include-unknown-enum-members');
    const lobby = h.graph.control.meetings()[0]?.meeting['lobbyBypassSettings'] as { scope: string } | undefined;
    assert.equal(lobby?.scope, 'invited');
  });

  test('an unknown flag is explained, nothing is created', async () => {
    const c = new Conversation(h);
    await c.say('start sev2 Something +lobbby:everyone');
    const { text } = await c.card(/COMMAND_INVALID/);
    assert.match(text, /\+lobby/);
    assert.equal(h.graph.control.meetings().length, 0);
  });
});

describe('+calendar', () => {
  test('creates an Outlook event with a Teams meeting for the attendees; the card joins that meeting; the bot can join its call', async () => {
    const c = new Conversation(h);
    await c.say('start sev3 DB failover rehearsal +calendar with <@Megan Bowen> isaiahl@contoso.com');
    const { text, activity } = await c.card(/DB failover rehearsal/);
    const events = h.graph.control.events();
    assert.equal(events.length, 1);
    const posted = h.graph.control.requests.find((r) => r.method === 'POST' && r.path === `/v1.0/users/${ALEX_WILBER.id}/events`)!.body as { isOnlineMeeting: boolean; onlineMeetingProvider: string; attendees: { emailAddress: { address: string } }[] };
    assert.equal(posted.isOnlineMeeting, true);
    assert.equal(posted.onlineMeetingProvider, 'teamsForBusiness');
    assert.deepEqual(posted.attendees.map((a) => a.emailAddress.address).sort(), [MEGAN_BOWEN.userPrincipalName, ISAIAH_LANGER.userPrincipalName].sort());
    assert.match(text, /Outlook calendars/);
    const meeting = h.graph.control.meetings().find((m) => m.meeting.id === events[0]!.onlineMeetingId)!;
    assert.ok(text.includes(meeting.meeting.joinWebUrl as string), 'the Join button opens the event\'s meeting');

    const incidentId = /INC-[0-9A-Z]{7}/.exec(text)![0];
    await c.press('joinCall', { incidentId });
    await c.update(activity.activityId!, /Bot connected/);
  });

  test('a redelivered +calendar command makes no second event', async () => {
    const c = new Conversation(h);
    const activity = c.message('start sev3 Cache stampede +calendar with <@Megan Bowen>');
    await h.post(activity);
    await c.card(/Cache stampede/);
    await h.post(activity);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(h.graph.control.events().length, 1);
  });
});

describe('admin group', () => {
  test('a member of the configured admin group may resolve someone else\'s incident; others may not', async () => {
    const c = new Conversation(h);
    const { incidentId } = await c.start('Queue backlog', 'Isaiah Langer');
    await c.say(`resolve ${incidentId}`, 'Adele Vance');
    await c.card(/NOT_ALLOWED/);
    await c.say(`resolve ${incidentId} handled by on-call lead`, 'Megan Bowen');
    await c.reply(/Resolved INC-/);
    assert.ok(h.graph.control.requests.some((r) => r.path.endsWith('/checkMemberGroups')));
    assert.equal((await h.app.incidents.get(incidentId))?.state, 'resolved');
  });
});
