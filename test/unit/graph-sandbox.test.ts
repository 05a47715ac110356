/**
 * The Graph sandbox, exercised over real HTTP (global fetch) and through the real
 * @microsoft/microsoft-graph-client, so its wire shapes are what a Graph client sees.
 */
import { Agent } from 'undici';
import { appToken } from '../support/sandbox-access';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, GraphError as ClientGraphError } from '@microsoft/microsoft-graph-client';
import { errorOf, useGraphSandbox, type Json } from '../support/graph-http';
import { ADELE_VANCE, MEGAN_BOWEN, PATTI_FERNANDEZ, SANDBOX_TENANT_ID, SANDBOX_USERS } from '../../sandbox/graph/users/directory';

const { sandbox: currentSandbox, call } = useGraphSandbox();

function assertGraphErrorShape(json: Json, code: string): void {
  const error = errorOf(json);
  assert.equal(error.code, code);
  assert.equal(typeof error.message, 'string');
  assert.match(error.innerError['date'] ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  assert.match(error.innerError['request-id'] ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(typeof error.innerError['client-request-id'], 'string');
}

const meetingsPath = (organizerId: string): string => `/v1.0/users/${organizerId}/onlineMeetings`;

describe('users', () => {
  test('GET /users/{upn} is case-insensitive and returns the default property set', async () => {
    const res = await call('GET', '/v1.0/users/MeganB@Contoso.com', undefined, { 'client-request-id': 'abc-123' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('client-request-id'), 'abc-123');
    assert.match(res.headers.get('request-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.json['@odata.context'], `${currentSandbox().url}/v1.0/$metadata#users/$entity`);
    assert.equal(res.json['id'], MEGAN_BOWEN.id);
    assert.equal(res.json['displayName'], 'Megan Bowen');
    assert.equal(res.json['userPrincipalName'], 'meganb@contoso.com');
    assert.equal(res.json['mail'], 'meganb@contoso.com');
    assert.equal(res.json['givenName'], 'Megan');
    assert.equal(res.json['surname'], 'Bowen');
    assert.ok('jobTitle' in res.json && 'businessPhones' in res.json && 'officeLocation' in res.json);
  });

  test('GET /users/{id} with $select returns only the selected properties', async () => {
    const res = await call('GET', `/v1.0/users/${ADELE_VANCE.id}?$select=displayName,mail`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, {
      '@odata.context': `${currentSandbox().url}/v1.0/$metadata#users(displayName,mail)/$entity`,
      displayName: 'Adele Vance',
      mail: 'adelev@contoso.com',
    });
    const bad = await call('GET', `/v1.0/users/${ADELE_VANCE.id}?$select=nope`);
    assert.equal(bad.status, 400);
  });

  test('unknown user → 404 Request_ResourceNotFound in the Graph error envelope', async () => {
    const res = await call('GET', '/v1.0/users/nobody@contoso.com', undefined, { 'client-request-id': 'cid-1' });
    assert.equal(res.status, 404);
    assertGraphErrorShape(res.json, 'Request_ResourceNotFound');
    const error = errorOf(res.json);
    assert.equal(
      error.message,
      "Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.",
    );
    assert.equal(error.innerError['client-request-id'], 'cid-1');
    assert.equal(error.innerError['request-id'], res.headers.get('request-id'));
  });

  test('Patti is found by her UPN patti@contoso.com, not by pattif@', async () => {
    const ok = await call('GET', '/v1.0/users/patti@contoso.com');
    assert.equal(ok.status, 200);
    assert.equal(ok.json['id'], PATTI_FERNANDEZ.id);
    assert.equal((await call('GET', '/v1.0/users/pattif@contoso.com')).status, 404);
  });
});

describe('onlineMeetings', () => {
  const createOrGetBody = {
    startDateTime: '2030-02-06T01:49:21.3524945+00:00',
    endDateTime: '2030-02-06T02:19:21.3524945+00:00',
    subject: 'INC-42 Payments down',
    externalId: 'incident-42',
    participants: {
      attendees: [{ identity: { user: { id: ADELE_VANCE.id } }, upn: ADELE_VANCE.userPrincipalName, role: 'attendee' }],
    },
  };

  test('createOrGet → 201 the first time, 200 with the same meeting afterwards', async () => {
    const first = await call('POST', `${meetingsPath(MEGAN_BOWEN.id)}/createOrGet`, createOrGetBody);
    assert.equal(first.status, 201);
    const second = await call('POST', `${meetingsPath(MEGAN_BOWEN.id)}/createOrGet`, createOrGetBody);
    assert.equal(second.status, 200);
    assert.deepEqual(second.json, first.json);

    // Same externalId, another organizer: another meeting.
    const other = await call('POST', `${meetingsPath(ADELE_VANCE.id)}/createOrGet`, createOrGetBody);
    assert.equal(other.status, 201);
    assert.notEqual(other.json['id'], first.json['id']);

    const creates = currentSandbox().control.requests.filter((r) => r.path.endsWith('/onlineMeetings/createOrGet'));
    assert.equal(creates.length, 3);
    assert.equal(currentSandbox().control.meetings().length, 2);
  });

  test('the meeting resource has the documented shape', async () => {
    const res = await call('POST', `${meetingsPath(MEGAN_BOWEN.id)}/createOrGet`, createOrGetBody);
    const m = res.json;
    const id = m['id'] as string;
    const decoded = Buffer.from(id, 'base64').toString('utf8');
    assert.match(decoded, new RegExp(`^1\\*${MEGAN_BOWEN.id}\\*0\\*\\*19:meeting_[A-Za-z0-9]+@thread\\.v2$`));
    const threadId = decoded.split('**')[1] ?? '';
    assert.deepEqual(m['chatInfo'], { threadId, messageId: '0', replyChainMessageId: null });
    const encodedThread = threadId.replace(':', '%3a').replace('@', '%40');
    assert.equal(
      m['joinWebUrl'],
      `https://teams.microsoft.com/l/meetup-join/${encodedThread}/0?context=%7b%22Tid%22%3a%22${SANDBOX_TENANT_ID}%22%2c%22Oid%22%3a%22${MEGAN_BOWEN.id}%22%7d`,
    );
    assert.equal(m['startDateTime'], '2030-02-06T01:49:21.3524945Z');
    assert.equal(m['endDateTime'], '2030-02-06T02:19:21.3524945Z');
    assert.match(m['creationDateTime'] as string, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
    assert.equal(m['subject'], 'INC-42 Payments down');
    assert.equal(m['externalId'], 'incident-42');
    const join = m['joinMeetingIdSettings'] as Json;
    // Created without joinMeetingIdSettings: no passcode (application-post-onlinemeetings.md, example 4).
    assert.equal(join['isPasscodeRequired'], false);
    assert.match(join['joinMeetingId'] as string, /^\d{12}$/);
    assert.equal(join['passcode'], null);
    const withPasscode = await call('POST', meetingsPath(MEGAN_BOWEN.id), { subject: 'needs a passcode', joinMeetingIdSettings: { isPasscodeRequired: true } });
    assert.equal(withPasscode.status, 201);
    const required = withPasscode.json['joinMeetingIdSettings'] as Json;
    assert.equal(required['isPasscodeRequired'], true);
    assert.match(required['passcode'] as string, /^[A-Za-z0-9]{6}$/);
    const audio = m['audioConferencing'] as Json;
    assert.match(audio['conferenceId'] as string, /^\d+$/);
    assert.match(audio['tollNumber'] as string, /^\+1 \d{3}-\d{3}-\d{4}$/);
    assert.match(audio['dialinUrl'] as string, /^https:\/\/dialin\.teams\.microsoft\.com\/[0-9a-f-]{36}\?id=\d+$/);
    const participants = m['participants'] as { organizer: Json; attendees: Json[] };
    assert.deepEqual(participants.organizer, {
      upn: MEGAN_BOWEN.userPrincipalName,
      role: 'presenter',
      identity: { user: { id: MEGAN_BOWEN.id, displayName: null, tenantId: SANDBOX_TENANT_ID, identityProvider: 'AAD' } },
    });
    assert.deepEqual(participants.attendees, [
      {
        upn: ADELE_VANCE.userPrincipalName,
        role: 'attendee',
        identity: { user: { id: ADELE_VANCE.id, displayName: null, tenantId: SANDBOX_TENANT_ID, identityProvider: 'AAD' } },
      },
    ]);
    assert.equal(m['allowedPresenters'], 'everyone');
    assert.deepEqual(m['lobbyBypassSettings'], { scope: 'organization', isDialInBypassEnabled: false });
    assert.equal(typeof m['isEntryExitAnnounced'], 'boolean');
    assert.match(m['videoTeleconferenceId'] as string, /^\d+$/);

    const got = await call('GET', `${meetingsPath(MEGAN_BOWEN.id)}/${encodeURIComponent(id)}`);
    assert.equal(got.status, 200);
    assert.equal(got.json['joinWebUrl'], m['joinWebUrl']);
  });

  test('createOrGet defaults: start = now, end = start + 1 h', async () => {
    const before = Date.now();
    const res = await call('POST', `${meetingsPath(MEGAN_BOWEN.id)}/createOrGet`, { externalId: 'defaults', subject: 'x' });
    assert.equal(res.status, 201);
    const start = Date.parse(res.json['startDateTime'] as string);
    const end = Date.parse(res.json['endDateTime'] as string);
    assert.ok(start >= before - 1000 && start <= Date.now() + 1000);
    assert.equal(end - start, 3600_000);
  });

  test('bad createOrGet requests → 400 BadRequest', async () => {
    const path = `${meetingsPath(MEGAN_BOWEN.id)}/createOrGet`;
    const cases: Json[] = [
      { subject: 'no external id' },
      { externalId: 'e1', endDateTime: '2030-01-01T10:00:00Z' },
      { externalId: 'e2', startDateTime: '2030-01-01T10:00:00Z', endDateTime: '2030-01-01T09:00:00Z' },
      { externalId: 'e3', startDateTime: 'tomorrow' },
      { externalId: 'e4', lobbyBypassSettings: { scope: 'everyone' } },
    ];
    for (const body of cases) {
      const res = await call('POST', path, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assertGraphErrorShape(res.json, 'BadRequest');
    }
    const endBeforeStart = await call('POST', path, cases[2]);
    assert.match(errorOf(endBeforeStart.json).message, /endDateTime/);
    const extra = await call('POST', path, cases[4]);
    assert.match(errorOf(extra.json).message, /'lobbyBypassSettings'.*'createOrGet'/);
    const malformed = await call('POST', path, '{"externalId": ');
    assert.equal(malformed.status, 400);
    assertGraphErrorShape(malformed.json, 'BadRequest');
    assert.equal(currentSandbox().control.meetings().length, 0);
  });

  test('POST /onlineMeetings creates a new meeting every time and takes meeting settings', async () => {
    const body = { subject: 'plain', lobbyBypassSettings: { scope: 'everyone', isDialInBypassEnabled: true }, allowedPresenters: 'organizer' };
    const a = await call('POST', meetingsPath(MEGAN_BOWEN.id), body);
    const b = await call('POST', meetingsPath(MEGAN_BOWEN.id), body);
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.notEqual(a.json['id'], b.json['id']);
    assert.deepEqual(a.json['lobbyBypassSettings'], { scope: 'everyone', isDialInBypassEnabled: true });
    assert.equal(a.json['allowedPresenters'], 'organizer');
    const unknown = await call('POST', meetingsPath(MEGAN_BOWEN.id), { subject: 'x', colour: 'red' });
    assert.equal(unknown.status, 400);
  });

  test('an organizer without an application access policy → 403 Forbidden', async () => {
    currentSandbox().control.denyAccessPolicy(MEGAN_BOWEN.id);
    const res = await call('POST', `${meetingsPath(MEGAN_BOWEN.id)}/createOrGet`, { externalId: 'x' });
    assert.equal(res.status, 403);
    assertGraphErrorShape(res.json, 'Forbidden');
    assert.equal(errorOf(res.json).message, 'No Application Access Policy found for this app');
    currentSandbox().control.allowAccessPolicy(MEGAN_BOWEN.id);
    assert.equal((await call('POST', `${meetingsPath(MEGAN_BOWEN.id)}/createOrGet`, { externalId: 'x' })).status, 201);
  });

  test('open world: an organizer object id the bot presents is a member (201); a UPN in place of the object id → 404', async () => {
    const presented = await call('POST', `${meetingsPath('00000000-0000-0000-0000-000000000000')}/createOrGet`, { externalId: 'x' });
    assert.equal(presented.status, 201);
    const byUpn = await call('POST', `${meetingsPath(MEGAN_BOWEN.userPrincipalName)}/createOrGet`, { externalId: 'x' });
    assert.equal(byUpn.status, 404);
  });

  test('no audio-conferencing licence → audioConferencing null', async () => {
    currentSandbox().control.setAudioConferencing(MEGAN_BOWEN.id, false);
    const res = await call('POST', `${meetingsPath(MEGAN_BOWEN.id)}/createOrGet`, { externalId: 'no-audio' });
    assert.equal(res.status, 201);
    assert.equal(res.json['audioConferencing'], null);
  });

  test('GET a meeting: corrupted id → 400, another organizer → 404', async () => {
    const created = await call('POST', `${meetingsPath(MEGAN_BOWEN.id)}/createOrGet`, { externalId: 'get-me' });
    const id = encodeURIComponent(created.json['id'] as string);
    assert.equal((await call('GET', `${meetingsPath(MEGAN_BOWEN.id)}/not-a-meeting-id!`)).status, 400);
    assert.equal((await call('GET', `${meetingsPath(ADELE_VANCE.id)}/${id}`)).status, 404);
    const byUrl = await call(
      'GET',
      `${meetingsPath(MEGAN_BOWEN.id)}?$filter=${encodeURIComponent(`JoinWebUrl eq '${created.json['joinWebUrl'] as string}'`)}`,
    );
    assert.equal(byUrl.status, 200);
    assert.equal((byUrl.json['value'] as Json[])[0]?.['id'], created.json['id']);
  });
});

describe('$batch', () => {
  test('responses carry id/status/headers/body, out of request order', async () => {
    const requests = SANDBOX_USERS.slice(0, 5).map((u, i) => ({ id: String(i + 1), method: 'GET', url: `/users/${u.userPrincipalName}?$select=id` }));
    requests.push({ id: '6', method: 'GET', url: 'users/ghost@contoso.com' });
    const res = await call('POST', '/v1.0/$batch', { requests });
    assert.equal(res.status, 200);
    const responses = res.json['responses'] as { id: string; status: number; headers: Record<string, string>; body: Json }[];
    assert.equal(responses.length, 6);
    assert.notDeepEqual(
      responses.map((r) => r.id),
      requests.map((r) => r.id),
    );
    const byId = new Map(responses.map((r) => [r.id, r]));
    for (let i = 0; i < 5; i++) {
      const r = byId.get(String(i + 1));
      assert.equal(r?.status, 200);
      assert.equal(r?.body['id'], SANDBOX_USERS[i]?.id);
      assert.match(r?.headers['Content-Type'] ?? '', /^application\/json/);
    }
    assert.equal(byId.get('6')?.status, 404);
    assertGraphErrorShape(byId.get('6')?.body ?? {}, 'Request_ResourceNotFound');
    assert.equal(currentSandbox().control.requests.filter((r) => r.via === 'batch').length, 6);
  });

  test('malformed batches → 400 for the whole batch', async () => {
    const tooMany = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/users' }));
    assert.equal((await call('POST', '/v1.0/$batch', { requests: tooMany })).status, 400);
    assert.equal((await call('POST', '/v1.0/$batch', { nope: [] })).status, 400);
    const dup = [
      { id: 'a', method: 'GET', url: '/users' },
      { id: 'A', method: 'GET', url: '/users' },
    ];
    assert.equal((await call('POST', '/v1.0/$batch', { requests: dup })).status, 400);
    const noContentType = await call('POST', '/v1.0/$batch', {
      requests: [{ id: '1', method: 'POST', url: `/users/${MEGAN_BOWEN.id}/onlineMeetings/createOrGet`, body: { externalId: 'b' } }],
    });
    assert.equal(noContentType.status, 400);
    assert.equal(errorOf(noContentType.json).message, 'Write request id : 1 does not contain Content-Type header or body.');
  });

  test('items are relative to the version; a /v1.0 prefix is an unknown segment', async () => {
    const res = await call('POST', '/v1.0/$batch', { requests: [{ id: '1', method: 'GET', url: `/v1.0/users/${MEGAN_BOWEN.id}` }] });
    const item = (res.json['responses'] as { status: number; body: Json }[])[0];
    assert.equal(item?.status, 400);
    assert.equal(errorOf(item?.body ?? {}).message, "Resource not found for the segment 'v1.0'.");
  });

  test('write items, per-item throttling with Retry-After, and 424 for failed dependencies', async () => {
    currentSandbox().control.throttleBatchItemsNext(1, 7);
    const res = await call('POST', '/v1.0/$batch', {
      requests: [
        {
          id: 'create',
          method: 'POST',
          url: `/users/${MEGAN_BOWEN.id}/onlineMeetings/createOrGet`,
          headers: { 'Content-Type': 'application/json' },
          body: { externalId: 'batch-1' },
        },
        { id: 'after', dependsOn: ['create'], method: 'GET', url: `/users/${MEGAN_BOWEN.id}` },
      ],
    });
    assert.equal(res.status, 200);
    const byId = new Map((res.json['responses'] as { id: string; status: number; headers: Record<string, string>; body: Json }[]).map((r) => [r.id, r]));
    assert.equal(byId.get('create')?.status, 429);
    assert.equal(byId.get('create')?.headers['Retry-After'], '7');
    assertGraphErrorShape(byId.get('create')?.body ?? {}, 'TooManyRequests');
    assert.equal(byId.get('after')?.status, 424);

    const again = await call('POST', '/v1.0/$batch', {
      requests: [
        {
          id: '1',
          method: 'POST',
          url: `/users/${MEGAN_BOWEN.id}/onlineMeetings/createOrGet`,
          headers: { 'Content-Type': 'application/json' },
          body: { externalId: 'batch-1' },
        },
      ],
    });
    assert.equal((again.json['responses'] as { status: number }[])[0]?.status, 201);
  });
});

describe('protocol', () => {
  test('throttleNext → 429 with Retry-After and the TooManyRequests body, then normal service', async () => {
    currentSandbox().control.throttleNext(2, 3);
    for (let i = 0; i < 2; i++) {
      const res = await call('GET', `/v1.0/users/${MEGAN_BOWEN.id}`);
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '3');
      assertGraphErrorShape(res.json, 'TooManyRequests');
      assert.equal(errorOf(res.json).innerError['status'], '429');
    }
    assert.equal((await call('GET', `/v1.0/users/${MEGAN_BOWEN.id}`)).status, 200);
  });

  test('every request needs a valid Bearer token of the sandbox authority (401 InvalidAuthenticationToken otherwise)', async () => {
    const path = `/v1.0/users/${MEGAN_BOWEN.id}`;
    assert.equal((await call('GET', path)).status, 200);
    const none = await call('GET', path, undefined, { Authorization: '' });
    assert.equal(none.status, 401);
    assert.equal(errorOf(none.json).message, 'Access token is empty.');
    assert.equal((await call('GET', path, undefined, { Authorization: 'Bearer eyJ0eXAi' })).status, 401);
    const empty = await call('GET', path, undefined, { Authorization: 'Bearer ' });
    assert.equal(empty.status, 401);
    assertGraphErrorShape(empty.json, 'InvalidAuthenticationToken');
    assert.equal((await call('GET', path, undefined, { Authorization: 'Basic dXNlcjpwdw==' })).status, 401);
  });

  test('unknown segments, versions and verbs answer as Graph does', async () => {
    const segment = await call('GET', `/v1.0/users/${MEGAN_BOWEN.id}/calendarz`);
    assert.equal(segment.status, 400);
    assert.equal(errorOf(segment.json).message, "Resource not found for the segment 'calendarz'.");
    const root = await call('GET', '/v1.0/nothing');
    assert.equal(errorOf(root.json).message, "Resource not found for the segment 'nothing'.");
    const version = await call('GET', '/v2.0/users');
    assert.equal(version.status, 400);
    assert.equal(errorOf(version.json).message, 'Invalid version: v2.0');
    const verb = await call('GET', `${meetingsPath(MEGAN_BOWEN.id)}/createOrGet`);
    assert.equal(verb.status, 405);
  });

  test('the request log shows overlapping spans for concurrent requests', async () => {
    currentSandbox().control.setLatency(100);
    await Promise.all(SANDBOX_USERS.slice(0, 3).map((u) => call('GET', `/v1.0/users/${u.id}`)));
    const spans = currentSandbox().control.requests.map((r) => [r.at, r.finishedAt ?? Infinity] as const);
    assert.equal(spans.length, 3);
    const latestStart = Math.max(...spans.map(([s]) => s));
    const earliestEnd = Math.min(...spans.map(([, e]) => e));
    assert.ok(latestStart < earliestEnd, 'all three requests were in flight at once');
    assert.ok(spans.every(([s, e]) => e - s >= 95));
  });
});

describe('with @microsoft/microsoft-graph-client', () => {
  function client(baseUrl: string): Client {
    const sandbox = currentSandbox();
    return Client.init({
      authProvider: (done) => void appToken(sandbox).then((t) => done(null, t), (e: unknown) => done(e, null)),
      baseUrl,
      defaultVersion: 'v1.0',
      customHosts: new Set([new URL(sandbox.url).hostname]),
      fetchOptions: { dispatcher: new Agent({ connect: { ca: sandbox.caCertificatePem } }) } as RequestInit,
    });
  }

  test('baseUrl = currentSandbox().url (with or without a trailing slash) reaches /v1.0/…', async () => {
    for (const baseUrl of [currentSandbox().url, `${currentSandbox().url}/`]) {
      const user = (await client(baseUrl).api(`/users/${MEGAN_BOWEN.userPrincipalName}`).select(['id', 'displayName']).get()) as Json;
      assert.equal(user['id'], MEGAN_BOWEN.id);
    }
    const paths = currentSandbox().control.requests.map((r) => `${r.path}${r.query}`);
    assert.deepEqual(paths, [
      '/v1.0/users/meganb@contoso.com?$select=id,displayName',
      '/v1.0/users/meganb@contoso.com?$select=id,displayName',
    ]);
    // The client attaches tokens only for https Graph hosts and its customHosts: the sandbox sees them.
    assert.ok(currentSandbox().control.requests.every((r) => /^Bearer ey/.test(r.headers['authorization'] ?? '')));
  });

  test('createOrGet through the client; its GraphError carries the sandbox error', async () => {
    const c = client(currentSandbox().url);
    const meeting = (await c.api(`/users/${MEGAN_BOWEN.id}/onlineMeetings/createOrGet`).post({ externalId: 'sdk-1', subject: 'sdk' })) as Json;
    assert.equal(meeting['externalId'], 'sdk-1');
    currentSandbox().control.denyAccessPolicy(MEGAN_BOWEN.id);
    await assert.rejects(
      c.api(`/users/${MEGAN_BOWEN.id}/onlineMeetings/createOrGet`).post({ externalId: 'sdk-1' }),
      (e: unknown) => {
        assert.ok(e instanceof ClientGraphError);
        assert.equal(e.statusCode, 403);
        assert.equal(e.code, 'Forbidden');
        assert.equal(e.message, 'No Application Access Policy found for this app');
        return true;
      },
    );
  });

  test('its RetryHandler retries a 429 after Retry-After', async () => {
    currentSandbox().control.throttleNext(1, 1);
    const started = Date.now();
    const user = (await client(currentSandbox().url).api(`/users/${ADELE_VANCE.id}`).get()) as Json;
    assert.equal(user['displayName'], 'Adele Vance');
    const log = currentSandbox().control.requests;
    assert.equal(log.length, 2);
    assert.equal(log[0]?.status, 429);
    assert.equal(log[1]?.status, 200);
    assert.equal(log[1]?.headers['retry-attempt'], '1');
    assert.ok(Date.now() - started >= 1000, 'waited Retry-After seconds');
  });
});
