/**
 * The connector sandbox, exercised over real HTTP and through botbuilder's own CloudAdapter
 * (anonymous, as a bot without an app id talks to a local connector) and TeamsInfo.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsInfo,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { startConnectorSandbox, type ConnectorSandbox } from '../support/connector/connector-sandbox';
import { memberFromUser, teamsUserId, type ConnectorMember } from '../support/connector/connector-members';
import { ADELE_VANCE, MEGAN_BOWEN, SANDBOX_TENANT_ID, SANDBOX_USERS } from '../../sandbox/graph/users/directory';

type Json = Record<string, unknown>;

const CHANNEL_ID = '19:8a1c0e5f2b0d4c3e9f7a6b5c4d3e2f10@thread.tacv2';
const CHANNEL_CONVERSATION = `${CHANNEL_ID};messageid=1700000000000`;
const TEAM_ID = '19:3b2f4c5d6e7f8091a2b3c4d5e6f70812@thread.tacv2';

let connector: ConnectorSandbox;

before(async () => {
  connector = await startConnectorSandbox();
});

after(async () => {
  await connector.close();
});

beforeEach(() => {
  connector.reset();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; json: unknown }> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  const res = await fetch(`${connector.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

const conv = (id: string): string => `/v3/conversations/${encodeURIComponent(id)}`;

describe('activities', () => {
  test('send, reply, update and delete are answered and captured with decoded ids', async () => {
    const sent = await call('POST', `${conv(CHANNEL_CONVERSATION)}/activities`, { type: 'message', text: 'hello' });
    assert.equal(sent.status, 201);
    const sentId = (sent.json as Json)['id'];
    assert.match(String(sentId), /^\d{13,}$/);

    const reply = await call('POST', `${conv(CHANNEL_CONVERSATION)}/activities/${String(sentId)}`, {
      type: 'message',
      text: 'in thread',
      replyToId: sentId,
    });
    assert.equal(reply.status, 201);
    const replyId = (reply.json as Json)['id'];
    assert.notEqual(replyId, sentId);

    const updated = await call('PUT', `${conv(CHANNEL_CONVERSATION)}/activities/${String(sentId)}`, { type: 'message', text: 'edited' });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.json, { id: sentId });

    const deleted = await call('DELETE', `${conv(CHANNEL_CONVERSATION)}/activities/${String(replyId)}`);
    assert.equal(deleted.status, 200);

    assert.deepEqual(
      connector.activities.map((a) => [a.operation, a.method, a.conversationId, a.activityId, a.replyToId]),
      [
        ['sendToConversation', 'POST', CHANNEL_CONVERSATION, sentId, undefined],
        ['replyToActivity', 'POST', CHANNEL_CONVERSATION, replyId, sentId],
        ['updateActivity', 'PUT', CHANNEL_CONVERSATION, sentId, undefined],
        ['deleteActivity', 'DELETE', CHANNEL_CONVERSATION, replyId, undefined],
      ],
    );
    assert.equal(connector.activities[2]?.activity['text'], 'edited');
  });

  test('waitFor resolves with past or future captures and rejects on timeout', async () => {
    await call('POST', `${conv('a:1first')}/activities`, { type: 'message', text: 'early' });
    const past = await connector.waitFor((a) => a.activity['text'] === 'early', 100);
    assert.equal(past.conversationId, 'a:1first');

    const future = connector.waitFor((a) => a.activity['text'] === 'late', 2000);
    setTimeout(() => void call('POST', `${conv('a:1first')}/activities`, { type: 'message', text: 'late' }), 30);
    assert.equal((await future).activity['text'], 'late');

    await assert.rejects(connector.waitFor((a) => a.activity['text'] === 'never', 50), /nothing matched within 50 ms; captured 2/);
  });

  test('activities without a type are a 400 BadArgument; oversized ones 413', async () => {
    const res = await call('POST', `${conv('a:1x')}/activities`, { text: 'no type' });
    assert.equal(res.status, 400);
    assert.equal(((res.json as Json)['error'] as Json)['code'], 'BadArgument');
    const big = await call('POST', `${conv('a:1x')}/activities`, { type: 'message', text: 'x'.repeat(40_000) });
    assert.equal(big.status, 413);
    assert.deepEqual(big.json, { error: { code: 'MessageSizeTooBig', message: 'Message size too large.' } });
    assert.equal(connector.activities.length, 0);
    assert.equal(connector.requests.length, 2);
  });

  test('failNext answers the next sends with Teams error bodies, then recovers', async () => {
    connector.failNext(429, 2);
    for (let i = 0; i < 2; i++) {
      const res = await call('POST', `${conv('a:1x')}/activities`, { type: 'message', text: `try ${i}` });
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '1');
      assert.deepEqual(res.json, { error: { code: 'Throttled', message: 'Too many requests.' } });
    }
    // Reads are not failed by failNext.
    connector.failNext(403, 1);
    assert.equal((await call('GET', `${conv('a:1x')}/members`)).status, 200);
    const blocked = await call('POST', `${conv('a:1x')}/activities`, { type: 'message', text: 'blocked' });
    assert.equal(blocked.status, 403);
    assert.equal(((blocked.json as Json)['error'] as Json)['code'], 'BotNotInConversationRoster');
    const ok = await call('POST', `${conv('a:1x')}/activities`, { type: 'message', text: 'finally' });
    assert.equal(ok.status, 201);
    assert.deepEqual(
      connector.requests.map((r) => r.status),
      [429, 429, 200, 403, 201],
    );
    assert.deepEqual(
      connector.activities.map((a) => a.activity['text']),
      ['finally'],
    );
  });

  test('createConversation: a personal chat, and a new channel thread', async () => {
    const personal = await call('POST', '/v3/conversations', {
      isGroup: false,
      bot: { id: '28:bot' },
      members: [{ id: teamsUserId(MEGAN_BOWEN.id) }],
      tenantId: SANDBOX_TENANT_ID,
    });
    assert.equal(personal.status, 201);
    assert.match(String((personal.json as Json)['id']), /^a:1/);
    const thread = await call('POST', '/v3/conversations', {
      isGroup: true,
      channelData: { channel: { id: CHANNEL_ID } },
      activity: { type: 'message', text: 'incident thread' },
    });
    const body = thread.json as Json;
    assert.equal(body['id'], `${CHANNEL_ID};messageid=${String(body['activityId'])}`);
    assert.equal(connector.activities[1]?.operation, 'createConversation');
  });
});

describe('members', () => {
  test('getMember by Teams id, object id or UPN returns the wire shape (objectId)', async () => {
    const expected = {
      id: teamsUserId(MEGAN_BOWEN.id),
      name: 'Megan Bowen',
      objectId: MEGAN_BOWEN.id,
      givenName: 'Megan',
      surname: 'Bowen',
      email: 'meganb@contoso.com',
      userPrincipalName: 'meganb@contoso.com',
      tenantId: SANDBOX_TENANT_ID,
      userRole: 'user',
    };
    for (const key of [teamsUserId(MEGAN_BOWEN.id), MEGAN_BOWEN.id, 'MeganB@contoso.com']) {
      const res = await call('GET', `${conv(CHANNEL_CONVERSATION)}/members/${encodeURIComponent(key)}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, expected);
    }
    const missing = await call('GET', `${conv(CHANNEL_CONVERSATION)}/members/${encodeURIComponent('29:nobody')}`);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, {
      error: { code: 'MemberNotFoundInConversation', message: 'The member is not found in the conversation.' },
    });
  });

  test('rosters per conversation, per team, with the ;messageid suffix falling back to the channel', async () => {
    connector.setMembers(TEAM_ID, [memberFromUser(ADELE_VANCE)]);
    connector.setMembers(CHANNEL_ID, [memberFromUser(MEGAN_BOWEN)]);
    const team = (await call('GET', `${conv(TEAM_ID)}/members`)).json as Json[];
    assert.deepEqual(team.map((m) => m['objectId']), [ADELE_VANCE.id]);
    const thread = (await call('GET', `${conv(CHANNEL_CONVERSATION)}/members`)).json as Json[];
    assert.deepEqual(thread.map((m) => m['objectId']), [MEGAN_BOWEN.id]);
    const other = (await call('GET', `${conv('a:1other')}/members`)).json as Json[];
    assert.equal(other.length, SANDBOX_USERS.length);
  });

  test('pagedmembers clamps pageSize to 50..500 and pages with continuationToken', async () => {
    const small = await call('GET', `${conv('a:1x')}/pagedmembers?pageSize=2`);
    assert.deepEqual(Object.keys(small.json as Json), ['members']);
    assert.equal(((small.json as Json)['members'] as Json[]).length, SANDBOX_USERS.length);

    const many: ConnectorMember[] = Array.from({ length: 120 }, (_, i) => ({
      id: `29:1member${i}`,
      name: `Member ${i}`,
      objectId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      tenantId: SANDBOX_TENANT_ID,
      userRole: 'user',
    }));
    connector.setMembers('*', many);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const q = `pageSize=50${token === undefined ? '' : `&continuationToken=${encodeURIComponent(token)}`}`;
      const page = (await call('GET', `${conv('a:1x')}/pagedmembers?${q}`)).json as { members: Json[]; continuationToken?: string };
      seen.push(...page.members.map((m) => String(m['id'])));
      token = page.continuationToken;
      pages++;
    } while (token !== undefined);
    assert.equal(pages, 3);
    assert.deepEqual(seen, many.map((m) => m.id));
  });
});

describe('with botbuilder CloudAdapter (anonymous) and TeamsInfo', () => {
  test('sendActivity, updateActivity and TeamsInfo lookups go to the sandbox', async () => {
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: connector.url,
      bot: { id: '28:incident-bridge', name: 'incident-bridge' },
      user: { id: teamsUserId(MEGAN_BOWEN.id), name: 'Megan Bowen' },
      conversation: { id: CHANNEL_CONVERSATION, isGroup: true, conversationType: 'channel', tenantId: SANDBOX_TENANT_ID, name: '' },
    };
    connector.setMembers(TEAM_ID, [memberFromUser(ADELE_VANCE)]);

    let sentId = '';
    let fromConversation: unknown;
    let fromTeam: unknown;
    let paged: unknown;
    await adapter.continueConversationAsync('', reference, async (context: TurnContext) => {
      const sent = await context.sendActivity('bridge ready');
      sentId = sent?.id ?? '';
      await context.updateActivity({ id: sentId, type: 'message', text: 'bridge ready (updated)' });
      fromConversation = await TeamsInfo.getMember(context, MEGAN_BOWEN.id);
      paged = await TeamsInfo.getPagedMembers(context, 100);
      context.activity.channelData = { team: { id: TEAM_ID } };
      fromTeam = await TeamsInfo.getMember(context, ADELE_VANCE.id);
    });

    // continueConversationAsync builds a continuation activity with a random id, and sendActivity
    // replies to it: botbuilder calls replyToActivity (POST …/activities/{that id}), not send.
    const sent = await connector.waitFor((a) => a.operation === 'replyToActivity', 1000);
    assert.equal(sent.conversationId, CHANNEL_CONVERSATION);
    assert.equal(sent.activityId, sentId);
    assert.equal(sent.activity['text'], 'bridge ready');
    assert.equal(sent.headers['authorization'], undefined, 'anonymous: no token on outbound calls');
    const updated = await connector.waitFor((a) => a.operation === 'updateActivity', 1000);
    assert.equal(updated.activityId, sentId);

    assert.equal((fromConversation as Json)['objectId'], MEGAN_BOWEN.id);
    assert.equal((fromConversation as Json)['userPrincipalName'], MEGAN_BOWEN.userPrincipalName);
    assert.equal(((paged as Json)['members'] as Json[]).length, SANDBOX_USERS.length);
    assert.equal((fromTeam as Json)['objectId'], ADELE_VANCE.id);
    const teamLookup = connector.requests.find((r) => r.operation === 'getConversationMember' && r.conversationId === TEAM_ID);
    assert.ok(teamLookup, 'TeamsInfo used the team id in place of the conversation id');
    assert.match(teamLookup.path, /%3A.*%40thread\.tacv2/, 'ids arrive URL-encoded');
  });
});

describe('options', () => {
  test('emitAadObjectId writes aadObjectId next to objectId', async () => {
    const playground = await startConnectorSandbox({ emitAadObjectId: true, members: [memberFromUser(MEGAN_BOWEN)] });
    try {
      const res = await fetch(`${playground.url}/v3/conversations/a%3A1x/members/${encodeURIComponent(MEGAN_BOWEN.id)}`);
      const member = (await res.json()) as Json;
      assert.equal(member['objectId'], MEGAN_BOWEN.id);
      assert.equal(member['aadObjectId'], MEGAN_BOWEN.id);
    } finally {
      await playground.close();
    }
  });
});
