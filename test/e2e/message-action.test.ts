/**
 * Issue #14, "Start incident from this message" (message action), end to end over HTTP with Microsoft's documented
 * invoke payload (test/fixtures/teams/README.md): composeExtension/fetchTask opens the pre-filled Start form (title
 * from the message, its author and mentions as attendees, SEV3); composeExtension/submitAction posts the incident
 * card as a reply in the message's thread (channel) or into the chat; bad input is a clear message in the dialog.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { START_INPUTS } from '../../src/cards/card-actions';
import { ALEX_WILBER, MEGAN_BOWEN } from '../../sandbox/graph/users/directory';
import { cardProblems } from '../support/adaptive-card-check';
import { cardOf, startHarness, type Harness } from '../support/harness';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });
beforeEach(() => h.reset());

const THREAD = '19:6b1f4e2a9c8d4b7ea5f3c2d1e0b9a8f7@thread.tacv2;messageid=1763978740511';

interface TaskResponse { task?: { type: string; value: unknown } }

function fetchTask(over: Record<string, unknown> = {}): Record<string, unknown> {
  return h.fixture('message-action-fetch-task', over);
}

/** The documented submitAction: the same invoke with name submitAction and the dialog's inputs in value.data. */
function submit(data: Record<string, string>, over: Record<string, unknown> = {}, id = `f:submit-${Date.now()}-${Math.random()}`): Record<string, unknown> {
  const base = fetchTask(over);
  return { ...base, id, name: 'composeExtension/submitAction', value: { ...(base['value'] as Record<string, unknown>), data } };
}

function inputs(card: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const body = card['body'] as Record<string, unknown>[];
  return Object.fromEntries(body.filter((e) => typeof e['id'] === 'string').map((e) => [e['id'] as string, e]));
}

describe('start an incident from any message', () => {
  test('fetchTask: the Start form pre-filled from the message (title, author and mentions, SEV3) in a dialog', async () => {
    const res = await h.post(fetchTask());
    assert.equal(res.status, 200);
    const task = (res.body as TaskResponse).task;
    assert.equal(task?.type, 'continue');
    const value = task!.value as { title: string; card: { contentType: string; content: Record<string, unknown> } };
    assert.equal(value.card.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.deepEqual(cardProblems(value.card.content), []);
    const form = inputs(value.card.content);
    assert.equal(form[START_INPUTS.title]?.['value'], 'Checkout API returning 500s for EU customers & rising, can you look?');
    assert.equal(form[START_INPUTS.severity]?.['value'], 'sev3');
    assert.equal(form[START_INPUTS.people]?.['value'], `${MEGAN_BOWEN.id},${ALEX_WILBER.id}`);
    assert.deepEqual(((form[START_INPUTS.people]?.['choices'] ?? []) as { title: string }[]).map((c) => c.title), ['Megan Bowen', 'Alex Wilber']);
    assert.deepEqual(value.card.content['actions'], [{ type: 'Action.Submit', title: 'Start the incident' }]);
  });

  test('submitAction in a channel: the card is posted as a reply in the message\'s thread; the incident lives there', async () => {
    const res = await h.post(submit({ [START_INPUTS.title]: 'Checkout API returning 500s', [START_INPUTS.severity]: 'sev3', [START_INPUTS.people]: `${MEGAN_BOWEN.id},${ALEX_WILBER.id}` }));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {}, 'an empty answer closes the dialog');
    const { activity, card, text } = await h.waitForCard((a) => a.operation !== 'updateActivity' && /Meeting ready/.test(JSON.stringify(cardOf(a))));
    assert.equal(activity.conversationId, THREAD);
    assert.equal(activity.operation, 'replyToActivity');
    assert.equal(activity.activityId !== undefined, true);
    assert.deepEqual(cardProblems(card), []);
    assert.match(text, /SEV3/);
    assert.match(text, /Checkout API returning 500s/);
    const incidentId = /INC-[0-9A-Z]{7}/.exec(text)![0];
    const incident = await h.app.incidents.get(incidentId);
    assert.equal(incident?.conversationId, THREAD);
    assert.equal(incident?.requestedBy.aadObjectId, MEGAN_BOWEN.id, 'the person who used the action started it');
    assert.deepEqual(incident?.attendees.map((a) => a.aadObjectId), [ALEX_WILBER.id], 'the organizer is not invited to their own meeting');
  });

  test('submitAction in a group chat: the card is posted into the chat', async () => {
    const chat = '19:msgaction-chat@thread.v2';
    const over = {
      conversation: { isGroup: true, conversationType: 'groupChat', id: chat, tenantId: '5f0c1e2a-8b7d-4c39-a6e4-2d9f3b1c7a58' },
      channelData: { tenant: { id: '5f0c1e2a-8b7d-4c39-a6e4-2d9f3b1c7a58' }, source: { name: 'compose' } },
    };
    const res = await h.post(submit({ [START_INPUTS.title]: 'Login broken', [START_INPUTS.severity]: 'sev3', [START_INPUTS.people]: ALEX_WILBER.id }, over));
    assert.deepEqual(res.body, {});
    const { activity } = await h.waitForCard((a) => a.operation !== 'updateActivity' && a.conversationId === chat && /Login broken/.test(JSON.stringify(cardOf(a))));
    assert.equal(activity.conversationId, chat);
  });

  test('a submit without a title is answered in the dialog with the reason; nothing is started', async () => {
    const res = await h.post(submit({ [START_INPUTS.title]: '  ', [START_INPUTS.severity]: 'sev3' }));
    assert.equal(res.status, 200);
    const task = (res.body as TaskResponse).task;
    assert.equal(task?.type, 'message');
    assert.match(String(task?.value), /The incident needs a title\./);
    assert.equal(h.graph.control.meetings().length, 0);
  });

  test('an unknown command id gets a clear message, not an error', async () => {
    const base = fetchTask();
    const res = await h.post({ ...base, value: { ...(base['value'] as Record<string, unknown>), commandId: 'somethingElse' } });
    assert.equal((res.body as TaskResponse).task?.type, 'message');
    assert.match(String((res.body as TaskResponse).task?.value), /no action "somethingElse"/);
  });
});
