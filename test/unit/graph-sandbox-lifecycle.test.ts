/**
 * The Graph sandbox's incident-lifecycle endpoints over real HTTP (and once through
 * @microsoft/microsoft-graph-client): calendar events with a Teams meeting (and the documented
 * joinUrl → onlineMeeting lookup), transactionId idempotency, meeting options (PATCH
 * onlineMeetings), and security groups with checkMemberGroups.
 */
import { sandboxGraphClient } from '../support/sandbox-access';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphError as ClientGraphError } from '@microsoft/microsoft-graph-client';
import { errorOf, useGraphSandbox, type Json } from '../support/graph-http';
import {
  ADELE_VANCE,
  ALEX_WILBER,
  INCIDENT_COMMANDERS,
  LEE_GU,
  MEGAN_BOWEN,
  SANDBOX_TENANT_ID,
} from '../../sandbox/graph/users/directory';

const { sandbox: currentSandbox, call } = useGraphSandbox();
const PREFER_UNKNOWN_ENUM_MEMBERS = { Prefer: 'include-unknown-enum-members' };

const eventsPath = (user: string): string => `/v1.0/users/${encodeURIComponent(user)}/events`;
const meetingsPath = (organizerId: string): string => `/v1.0/users/${organizerId}/onlineMeetings`;
const byJoinUrl = (organizerId: string, joinUrl: string): string =>
  `${meetingsPath(organizerId)}?$filter=${encodeURIComponent(`JoinWebUrl eq '${joinUrl}'`)}`;

function incidentEvent(over: Json = {}): Json {
  return {
    subject: 'INC-1042 Checkout latency',
    body: { contentType: 'text', content: 'Incident bridge for INC-1042.' },
    start: { dateTime: '2030-03-01T09:00:00', timeZone: 'Pacific Standard Time' },
    end: { dateTime: '2030-03-01T10:00:00', timeZone: 'Pacific Standard Time' },
    attendees: [
      { emailAddress: { address: ALEX_WILBER.mail, name: 'Alex Wilber' }, type: 'required' },
      { emailAddress: { address: 'oncall@fabrikam.com' }, type: 'optional' },
    ],
    allowNewTimeProposals: false,
    isOnlineMeeting: true,
    onlineMeetingProvider: 'teamsForBusiness',
    ...over,
  };
}

describe('calendar events with a Teams meeting', () => {
  test('POST /users/{upn}/events → 201 event whose joinUrl resolves, via $filter, to a joinable meeting', async () => {
    const res = await call('POST', eventsPath(MEGAN_BOWEN.userPrincipalName), incidentEvent({ transactionId: 'inc-1042' }));
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const e = res.json;
    assert.equal(e['@odata.context'], `${currentSandbox().url}/v1.0/$metadata#users('meganb%40contoso.com')/events/$entity`);
    assert.match(e['@odata.etag'] as string, /^W\/"[A-Za-z0-9+/]+={0,2}"$/);
    assert.equal(e['@odata.etag'], `W/"${e['changeKey'] as string}"`);
    assert.match(e['id'] as string, /^AAMk[A-Za-z0-9_-]{100,}={0,2}$/);
    assert.match(e['createdDateTime'] as string, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
    assert.match(e['lastModifiedDateTime'] as string, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
    assert.match(e['iCalUId'] as string, /^040000008200E00074C5B7101A82E008[0-9A-F]+$/);
    assert.equal(e['subject'], 'INC-1042 Checkout latency');
    assert.match(e['bodyPreview'] as string, /^Incident bridge for INC-1042\./);
    assert.equal(e['importance'], 'normal');
    assert.equal(e['isOnlineMeeting'], true);
    assert.equal(e['onlineMeetingProvider'], 'teamsForBusiness');
    assert.equal(e['allowNewTimeProposals'], false);
    assert.equal(e['transactionId'], 'inc-1042');
    assert.equal(e['originalStartTimeZone'], 'Pacific Standard Time');
    // Echoed in the request's time zone (no Prefer header).
    assert.deepEqual(e['start'], { dateTime: '2030-03-01T09:00:00.0000000', timeZone: 'Pacific Standard Time' });
    assert.deepEqual(e['end'], { dateTime: '2030-03-01T10:00:00.0000000', timeZone: 'Pacific Standard Time' });
    assert.deepEqual(e['organizer'], { emailAddress: { name: 'Megan Bowen', address: MEGAN_BOWEN.mail } });
    assert.deepEqual(e['attendees'], [
      { type: 'required', status: { response: 'none', time: '0001-01-01T00:00:00Z' }, emailAddress: { name: 'Alex Wilber', address: ALEX_WILBER.mail } },
      {
        type: 'optional',
        status: { response: 'none', time: '0001-01-01T00:00:00Z' },
        emailAddress: { name: 'oncall@fabrikam.com', address: 'oncall@fabrikam.com' },
      },
    ]);
    assert.equal(e['webLink'], `https://outlook.office365.com/owa/?itemid=${encodeURIComponent((e['id'] as string).replace(/-/g, '/').replace(/_/g, '+'))}&exvsurl=1&path=/calendar/item`);
    const body = e['body'] as Json;
    assert.equal(body['contentType'], 'html');
    const online = e['onlineMeeting'] as Json;
    assert.match(online['joinUrl'] as string, /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\/19%3ameeting_[A-Za-z0-9]+%40thread\.v2\/0\?context=/);
    assert.match(online['conferenceId'] as string, /^\d+$/);
    assert.equal(typeof online['tollNumber'], 'string');
    assert.ok((body['content'] as string).includes(online['joinUrl'] as string), 'the body carries the join link');

    // The documented way from an event's joinUrl to the meeting coordinates.
    const lookup = await call('GET', byJoinUrl(MEGAN_BOWEN.id, online['joinUrl'] as string));
    assert.equal(lookup.status, 200, JSON.stringify(lookup.json));
    assert.equal(lookup.json['@odata.context'], `${currentSandbox().url}/v1.0/$metadata#users('${MEGAN_BOWEN.id}')/onlineMeetings`);
    const found = lookup.json['value'] as Json[];
    assert.equal(found.length, 1);
    const meeting = found[0] as Json;
    assert.equal(meeting['joinWebUrl'], online['joinUrl']);
    assert.equal(meeting['subject'], 'INC-1042 Checkout latency');
    assert.equal(meeting['startDateTime'], '2030-03-01T17:00:00.0000000Z'); // 09:00 PST
    assert.equal(meeting['endDateTime'], '2030-03-01T18:00:00.0000000Z');
    const chatInfo = meeting['chatInfo'] as Json;
    assert.match(chatInfo['threadId'] as string, /^19:meeting_[A-Za-z0-9]+@thread\.v2$/);
    assert.equal(chatInfo['messageId'], '0');
    assert.equal((meeting['audioConferencing'] as Json)['conferenceId'], online['conferenceId']);
    const participants = meeting['participants'] as { organizer: Json; attendees: Json[] };
    assert.equal(((participants.organizer['identity'] as Json)['user'] as Json)['id'], MEGAN_BOWEN.id);
    assert.deepEqual(
      participants.attendees.map((a) => a['upn']),
      [ALEX_WILBER.userPrincipalName],
      'directory attendees become meeting attendees; external addresses stay on the invitation only',
    );

    // The control surface links event and meeting; the meeting is a regular sandbox meeting.
    const [view] = currentSandbox().control.events();
    assert.ok(view);
    assert.equal(view.userId, MEGAN_BOWEN.id);
    assert.equal(view.id, e['id']);
    assert.equal(view.onlineMeetingId, meeting['id']);
    assert.deepEqual(currentSandbox().control.meetings().map((m) => m.meeting.id), [meeting['id']]);

    // …and its call can be joined with the coordinates from the lookup (delivery to the https callback fails, harmlessly).
    const joined = await call('POST', '/v1.0/communications/calls', {
      '@odata.type': '#microsoft.graph.call',
      callbackUri: 'https://127.0.0.1:1/api/calls',
      requestedModalities: ['audio'],
      mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
      chatInfo: { '@odata.type': '#microsoft.graph.chatInfo', threadId: chatInfo['threadId'], messageId: chatInfo['messageId'] },
      meetingInfo: {
        '@odata.type': '#microsoft.graph.organizerMeetingInfo',
        organizer: { '@odata.type': '#microsoft.graph.identitySet', user: { id: MEGAN_BOWEN.id, tenantId: SANDBOX_TENANT_ID } },
        allowConversationWithoutHost: true,
      },
      tenantId: SANDBOX_TENANT_ID,
    });
    assert.equal(joined.status, 201, JSON.stringify(joined.json));
  });

  test('GET /users/{id}/events/{id}: UTC by default, Prefer: outlook.timezone honoured; 404 / 400 for unknown / malformed ids', async () => {
    const created = await call('POST', eventsPath(MEGAN_BOWEN.id), incidentEvent());
    const id = created.json['id'] as string;
    const got = await call('GET', `${eventsPath(MEGAN_BOWEN.id)}/${encodeURIComponent(id)}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.json['start'], { dateTime: '2030-03-01T17:00:00.0000000', timeZone: 'UTC' });
    assert.deepEqual(got.json['onlineMeeting'], created.json['onlineMeeting']);
    assert.equal(got.json['iCalUId'], created.json['iCalUId']);

    const tokyo = await call('GET', `${eventsPath(MEGAN_BOWEN.userPrincipalName)}/${encodeURIComponent(id)}`, undefined, {
      Prefer: 'outlook.timezone="Tokyo Standard Time"',
    });
    assert.equal(tokyo.status, 200);
    assert.equal(tokyo.headers.get('preference-applied'), 'outlook.timezone="Tokyo Standard Time"');
    assert.deepEqual(tokyo.json['start'], { dateTime: '2030-03-02T02:00:00.0000000', timeZone: 'Tokyo Standard Time' });

    const otherMailbox = await call('GET', `${eventsPath(ADELE_VANCE.id)}/${encodeURIComponent(id)}`);
    assert.equal(otherMailbox.status, 404);
    assert.equal(errorOf(otherMailbox.json).code, 'ErrorItemNotFound');
    assert.equal(errorOf(otherMailbox.json).message, 'The specified object was not found in the store.');
    const malformed = await call('GET', `${eventsPath(MEGAN_BOWEN.id)}/not-an-id`);
    assert.equal(malformed.status, 400);
    assert.equal(errorOf(malformed.json).code, 'ErrorInvalidIdMalformed');
  });

  test('transactionId: a retried POST answers 201 with the same event and creates nothing', async () => {
    const body = incidentEvent({ transactionId: '5a2c3b9e-incident-1042' });
    const first = await call('POST', eventsPath(MEGAN_BOWEN.id), body);
    const retry = await call('POST', eventsPath(MEGAN_BOWEN.userPrincipalName), body);
    assert.equal(first.status, 201);
    assert.equal(retry.status, 201);
    assert.equal(retry.json['id'], first.json['id']);
    assert.equal(retry.json['iCalUId'], first.json['iCalUId']);
    assert.deepEqual(retry.json['onlineMeeting'], first.json['onlineMeeting']);
    assert.equal(currentSandbox().control.events().length, 1);
    assert.equal(currentSandbox().control.meetings().length, 1, 'no second Teams meeting either');

    // Another transactionId, no transactionId, or another mailbox: new events.
    const other = await call('POST', eventsPath(MEGAN_BOWEN.id), incidentEvent({ transactionId: 'incident-1043' }));
    const none1 = await call('POST', eventsPath(MEGAN_BOWEN.id), incidentEvent());
    const none2 = await call('POST', eventsPath(MEGAN_BOWEN.id), incidentEvent());
    const elsewhere = await call('POST', eventsPath(ADELE_VANCE.id), body);
    const ids = new Set([first, other, none1, none2, elsewhere].map((r) => r.json['id']));
    assert.equal(ids.size, 5);
    assert.equal(currentSandbox().control.events().length, 5);
    assert.equal('transactionId' in none1.json, false, 'transactionId is only returned when the app set it');
  });

  test('validation: end before start, bad time zone, wrong shapes → 400; unknown mailbox → 404', async () => {
    const endBeforeStart = await call(
      'POST',
      eventsPath(MEGAN_BOWEN.id),
      incidentEvent({ end: { dateTime: '2030-03-01T08:00:00', timeZone: 'Pacific Standard Time' } }),
    );
    assert.equal(endBeforeStart.status, 400);
    assert.deepEqual(
      { code: errorOf(endBeforeStart.json).code, message: errorOf(endBeforeStart.json).message },
      { code: 'ErrorPropertyValidationFailure', message: 'At least one property failed validation.' },
    );
    // The comparison is between instants: 08:00 in New York is 05:00 in Los Angeles.
    const crossZone = await call(
      'POST',
      eventsPath(MEGAN_BOWEN.id),
      incidentEvent({ end: { dateTime: '2030-03-01T10:00:00', timeZone: 'Eastern Standard Time' } }),
    );
    assert.equal(crossZone.status, 400);

    const badZone = await call('POST', eventsPath(MEGAN_BOWEN.id), incidentEvent({ start: { dateTime: '2030-03-01T09:00:00', timeZone: 'Mars/Olympus' } }));
    assert.equal(badZone.status, 400);
    assert.equal(errorOf(badZone.json).code, 'TimeZoneNotSupportedException');
    assert.equal(
      errorOf(badZone.json).message,
      "A valid TimeZone value must be specified. The following TimeZone value is not supported: 'Mars/Olympus'.",
    );

    const cases: Json[] = [
      incidentEvent({ start: '2030-03-01T09:00:00Z' }),
      incidentEvent({ start: { dateTime: 'tomorrow', timeZone: 'UTC' } }),
      incidentEvent({ colour: 'red' }),
      incidentEvent({ attendees: [{ type: 'required' }] }),
      incidentEvent({ attendees: [{ emailAddress: { address: 'a@b.c' }, type: 'mandatory' }] }),
      incidentEvent({ onlineMeetingProvider: 'zoom' }),
      incidentEvent({ isAllDay: true }),
    ];
    for (const body of cases) {
      const res = await call('POST', eventsPath(MEGAN_BOWEN.id), body);
      assert.equal(res.status, 400, JSON.stringify(body));
      errorOf(res.json);
    }
    const notMidnight = await call('POST', eventsPath(MEGAN_BOWEN.id), incidentEvent({ isAllDay: true }));
    assert.equal(errorOf(notMidnight.json).code, 'ErrorPropertyValidationFailure');
    const unknownProperty = await call('POST', eventsPath(MEGAN_BOWEN.id), incidentEvent({ colour: 'red' }));
    assert.match(errorOf(unknownProperty.json).message, /The property 'colour' does not exist on type 'microsoft\.graph\.event'/);

    const unknownUser = await call('POST', eventsPath('nobody@contoso.com'), incidentEvent());
    assert.equal(unknownUser.status, 404);
    assert.equal(errorOf(unknownUser.json).code, 'ErrorInvalidUser');
    assert.equal(errorOf(unknownUser.json).message, "The requested user 'nobody@contoso.com' is invalid.");

    assert.equal(currentSandbox().control.events().length, 0);
    assert.equal(currentSandbox().control.meetings().length, 0, 'a rejected event leaves no meeting behind');
  });

  test('start/end are not required: the calendar fills in start = now and end = start + 30 min (inferred)', async () => {
    const before = Date.now();
    const res = await call('POST', eventsPath(MEGAN_BOWEN.id), incidentEvent({ start: undefined, end: undefined }));
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const start = res.json['start'] as { dateTime: string; timeZone: string };
    const end = res.json['end'] as { dateTime: string; timeZone: string };
    assert.equal(start.timeZone, 'UTC');
    const startMs = Date.parse(`${start.dateTime.slice(0, 23)}Z`);
    assert.ok(startMs >= before - 1000 && startMs <= Date.now() + 1000);
    assert.equal(Date.parse(`${end.dateTime.slice(0, 23)}Z`) - startMs, 30 * 60_000);
  });

  test('an event without isOnlineMeeting has no Teams meeting; events work inside $batch', async () => {
    const res = await call('POST', '/v1.0/$batch', {
      requests: [
        {
          id: '1',
          method: 'POST',
          url: `/users/${MEGAN_BOWEN.id}/events`,
          headers: { 'Content-Type': 'application/json' },
          body: incidentEvent({ isOnlineMeeting: false, onlineMeetingProvider: undefined }),
        },
        { id: '2', method: 'POST', url: `/users/${LEE_GU.id}/events`, headers: { 'Content-Type': 'application/json' }, body: incidentEvent() },
      ],
    });
    assert.equal(res.status, 200);
    const responses = res.json['responses'] as Json[];
    const byId = new Map(responses.map((r) => [r['id'], r]));
    const plain = byId.get('1')?.['body'] as Json;
    assert.equal(byId.get('1')?.['status'], 201);
    assert.equal(plain['isOnlineMeeting'], false);
    assert.equal(plain['onlineMeeting'], null);
    assert.equal(byId.get('2')?.['status'], 201);
    assert.equal(currentSandbox().control.meetings().length, 1);
    assert.equal(currentSandbox().control.events().length, 2);
  });
});

describe('meeting options: PATCH /users/{organizerId}/onlineMeetings/{id}', () => {
  async function newMeeting(organizerId = MEGAN_BOWEN.id): Promise<Json> {
    const res = await call('POST', `${meetingsPath(organizerId)}/createOrGet`, {
      externalId: `incident-${Math.random()}`,
      subject: 'INC-7',
      startDateTime: '2030-02-06T01:00:00Z',
      endDateTime: '2030-02-06T02:00:00Z',
    });
    assert.equal(res.status, 201);
    return res.json;
  }

  test('round trip: lobby, presenters, recording, subject, times, attendees', async () => {
    const m = await newMeeting();
    const path = `${meetingsPath(MEGAN_BOWEN.id)}/${encodeURIComponent(m['id'] as string)}`;
    const patched = await call('PATCH', path, {
      lobbyBypassSettings: { scope: 'organizer', isDialInBypassEnabled: true },
      allowedPresenters: 'organizer',
      recordAutomatically: true,
      subject: 'INC-7 Payments down (SEV1)',
      startDateTime: '2030-02-06T03:00:00-08:00',
      endDateTime: '2030-02-06T05:30:00-08:00',
      participants: { attendees: [{ identity: { user: { id: ADELE_VANCE.id } }, upn: ADELE_VANCE.userPrincipalName, role: 'presenter' }] },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.json));
    assert.equal(patched.json['@odata.context'], `${currentSandbox().url}/v1.0/$metadata#users('${MEGAN_BOWEN.id}')/onlineMeetings/$entity`);
    assert.deepEqual(patched.json['lobbyBypassSettings'], { scope: 'organizer', isDialInBypassEnabled: true });
    assert.equal(patched.json['allowedPresenters'], 'organizer');
    assert.equal(patched.json['recordAutomatically'], true);
    assert.equal(patched.json['subject'], 'INC-7 Payments down (SEV1)');
    assert.equal(patched.json['startDateTime'], '2030-02-06T11:00:00.0000000Z');
    assert.equal(patched.json['endDateTime'], '2030-02-06T13:30:00.0000000Z');
    const participants = patched.json['participants'] as { organizer: Json; attendees: Json[] };
    assert.equal(participants.attendees.length, 1);
    assert.equal(participants.attendees[0]?.['role'], 'presenter');
    assert.equal(((participants.organizer['identity'] as Json)['user'] as Json)['id'], MEGAN_BOWEN.id, 'the organizer cannot change');
    // Untouched properties survive; identifiers never change.
    for (const key of ['id', 'joinWebUrl', 'chatInfo', 'joinMeetingIdSettings', 'externalId', 'creationDateTime', 'audioConferencing']) {
      assert.deepEqual(patched.json[key], m[key], key);
    }

    // A partial lobbyBypassSettings keeps the scope (the docs' example 2).
    const partial = await call('PATCH', path, { lobbyBypassSettings: { isDialInBypassEnabled: false } });
    assert.deepEqual(partial.json['lobbyBypassSettings'], { scope: 'organizer', isDialInBypassEnabled: false });

    const got = await call('GET', path);
    assert.deepEqual(got.json, partial.json);
    const stored = currentSandbox().control.meetings().find((s) => s.meeting.id === m['id']);
    assert.equal(stored?.meeting['recordAutomatically'], true);
  });

  test('invited / organizationExcludingGuests are evolvable-enum members: unknownFutureValue unless Prefer: include-unknown-enum-members', async () => {
    const m = await newMeeting();
    const path = `${meetingsPath(MEGAN_BOWEN.id)}/${encodeURIComponent(m['id'] as string)}`;
    for (const scope of ['invited', 'organizationExcludingGuests']) {
      // Sending a member after the sentinel needs the preference (Graph API guidelines: 400 otherwise).
      const refused = await call('PATCH', path, { lobbyBypassSettings: { scope } });
      assert.equal(refused.status, 400, scope);
      const set = await call('PATCH', path, { lobbyBypassSettings: { scope } }, PREFER_UNKNOWN_ENUM_MEMBERS);
      assert.equal(set.status, 200, JSON.stringify(set.json));
      assert.equal(set.headers.get('preference-applied'), 'include-unknown-enum-members');
      assert.equal((set.json['lobbyBypassSettings'] as Json)['scope'], scope);
      const plain = await call('GET', path);
      assert.equal((plain.json['lobbyBypassSettings'] as Json)['scope'], 'unknownFutureValue');
      assert.equal(plain.headers.get('preference-applied'), null);
      const opted = await call('GET', path, undefined, { Prefer: 'return=minimal, include-unknown-enum-members' });
      assert.equal((opted.json['lobbyBypassSettings'] as Json)['scope'], scope);
      const listed = await call('GET', byJoinUrl(MEGAN_BOWEN.id, m['joinWebUrl'] as string));
      assert.equal((((listed.json['value'] as Json[])[0] as Json)['lobbyBypassSettings'] as Json)['scope'], 'unknownFutureValue');
    }
    // Members before the sentinel are shown to everyone.
    const everyone = await call('PATCH', path, { lobbyBypassSettings: { scope: 'everyone' } });
    assert.equal((everyone.json['lobbyBypassSettings'] as Json)['scope'], 'everyone');
  });

  test('every documented lobby scope and presenter value is accepted; bad enum values → 400 as OData words it', async () => {
    const m = await newMeeting();
    const path = `${meetingsPath(MEGAN_BOWEN.id)}/${encodeURIComponent(m['id'] as string)}`;
    for (const scope of ['organizer', 'organization', 'organizationAndFederated', 'everyone', 'invited', 'organizationExcludingGuests']) {
      const res = await call('PATCH', path, { lobbyBypassSettings: { scope } }, PREFER_UNKNOWN_ENUM_MEMBERS);
      assert.equal(res.status, 200, scope);
      assert.equal((res.json['lobbyBypassSettings'] as Json)['scope'], scope);
    }
    for (const presenters of ['everyone', 'organization', 'roleIsPresenter', 'organizer']) {
      const res = await call('PATCH', path, { allowedPresenters: presenters });
      assert.equal(res.status, 200, presenters);
      assert.equal(res.json['allowedPresenters'], presenters);
    }
    const badScope = await call('PATCH', path, { lobbyBypassSettings: { scope: 'nobody' } });
    assert.equal(badScope.status, 400);
    assert.equal(errorOf(badScope.json).code, 'BadRequest');
    assert.equal(errorOf(badScope.json).message, "Cannot convert the literal 'nobody' to the expected type 'microsoft.graph.lobbyBypassScope'.");
    const badPresenters = await call('PATCH', path, { allowedPresenters: 'anyone' });
    assert.equal(badPresenters.status, 400);
    assert.equal(
      errorOf(badPresenters.json).message,
      "Cannot convert the literal 'anyone' to the expected type 'microsoft.graph.onlineMeetingPresenters'.",
    );
    const badBool = await call('PATCH', path, { recordAutomatically: 'yes' });
    assert.equal(badBool.status, 400);
    const unknown = await call('PATCH', path, { colour: 'red' });
    assert.equal(unknown.status, 400);
    const onlyStart = await call('PATCH', path, { startDateTime: '2030-02-06T03:00:00Z' });
    assert.equal(onlyStart.status, 400, 'changing the time needs both startDateTime and endDateTime');
    const backwards = await call('PATCH', path, { startDateTime: '2030-02-06T03:00:00Z', endDateTime: '2030-02-06T02:00:00Z' });
    assert.equal(backwards.status, 400);
    // Nothing of the rejected PATCHes stuck.
    const got = await call('GET', path);
    assert.equal(got.json['allowedPresenters'], 'organizer');
    assert.equal(got.json['startDateTime'], '2030-02-06T01:00:00.0000000Z');
  });

  test('unknown meeting → 404, corrupted id → 400, denied organizer → 403; createOrGet still rejects options', async () => {
    const adeles = await newMeeting(ADELE_VANCE.id);
    const notMegans = await call('PATCH', `${meetingsPath(MEGAN_BOWEN.id)}/${encodeURIComponent(adeles['id'] as string)}`, { subject: 'x' });
    assert.equal(notMegans.status, 404);
    assert.equal(errorOf(notMegans.json).code, 'NotFound');
    const deleted = await newMeeting();
    const deletedPath = `${meetingsPath(MEGAN_BOWEN.id)}/${encodeURIComponent(deleted['id'] as string)}`;
    assert.equal((await call('DELETE', deletedPath)).status, 204);
    assert.equal((await call('PATCH', deletedPath, { subject: 'x' })).status, 404);
    assert.equal((await call('PATCH', `${meetingsPath(MEGAN_BOWEN.id)}/corrupted!`, { subject: 'x' })).status, 400);

    const m = await newMeeting();
    currentSandbox().control.denyAccessPolicy(MEGAN_BOWEN.id);
    const denied = await call('PATCH', `${meetingsPath(MEGAN_BOWEN.id)}/${encodeURIComponent(m['id'] as string)}`, { allowedPresenters: 'organizer' });
    assert.equal(denied.status, 403);
    assert.equal(errorOf(denied.json).code, 'Forbidden');
    assert.equal(errorOf(denied.json).message, 'No Application Access Policy found for this app');
    currentSandbox().control.allowAccessPolicy(MEGAN_BOWEN.id);
    assert.equal(currentSandbox().control.meetings().find((s) => s.meeting.id === m['id'])?.meeting['allowedPresenters'], 'everyone');

    const createOrGet = await call('POST', `${meetingsPath(MEGAN_BOWEN.id)}/createOrGet`, {
      externalId: 'with-options',
      lobbyBypassSettings: { scope: 'everyone' },
      allowedPresenters: 'organizer',
    });
    assert.equal(createOrGet.status, 400);
    assert.match(errorOf(createOrGet.json).message, /not a valid parameter for the operation 'createOrGet'/);
  });

  test('the meeting behind a calendar event takes options too, also as a $batch item', async () => {
    const event = await call('POST', eventsPath(MEGAN_BOWEN.id), incidentEvent());
    const meetingId = currentSandbox().control.events()[0]?.onlineMeetingId;
    assert.ok(meetingId);
    const res = await call('POST', '/v1.0/$batch', {
      requests: [
        {
          id: 'lobby',
          method: 'PATCH',
          url: `/users/${MEGAN_BOWEN.id}/onlineMeetings/${encodeURIComponent(meetingId)}`,
          headers: { 'Content-Type': 'application/json' },
          body: { lobbyBypassSettings: { scope: 'everyone', isDialInBypassEnabled: true } },
        },
      ],
    });
    const [item] = res.json['responses'] as Json[];
    assert.equal(item?.['status'], 200, JSON.stringify(item));
    assert.deepEqual(((item?.['body'] ?? {}) as Json)['lobbyBypassSettings'], { scope: 'everyone', isDialInBypassEnabled: true });
    const lookup = await call('GET', byJoinUrl(MEGAN_BOWEN.id, (event.json['onlineMeeting'] as Json)['joinUrl'] as string));
    assert.deepEqual(((lookup.json['value'] as Json[])[0] as Json)['lobbyBypassSettings'], { scope: 'everyone', isDialInBypassEnabled: true });
  });
});

describe('groups: checkMemberGroups for the admin check', () => {
  const commanders = INCIDENT_COMMANDERS.id;
  const check = (user: string, groupIds: unknown): ReturnType<typeof call> =>
    call('POST', `/v1.0/users/${encodeURIComponent(user)}/checkMemberGroups`, { groupIds });

  test('member → [groupId], non-member → [], by object id or UPN', async () => {
    const alex = await check(ALEX_WILBER.id, [commanders]);
    assert.equal(alex.status, 200);
    assert.deepEqual(alex.json, { '@odata.context': `${currentSandbox().url}/v1.0/$metadata#Collection(Edm.String)`, value: [commanders] });
    const megan = await check(MEGAN_BOWEN.userPrincipalName, [commanders, '11111111-2222-3333-4444-555555555555']);
    assert.deepEqual(megan.json['value'], [commanders]);
    const adele = await check(ADELE_VANCE.userPrincipalName, [commanders]);
    assert.equal(adele.status, 200);
    assert.deepEqual(adele.json['value'], []);
  });

  test('unknown user → 404; more than 20 ids, a non-GUID or a missing groupIds → 400', async () => {
    const unknown = await check('nobody@contoso.com', [commanders]);
    assert.equal(unknown.status, 404);
    assert.equal(errorOf(unknown.json).code, 'Request_ResourceNotFound');

    const twenty = Array.from({ length: 20 }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`);
    const atLimit = await check(ALEX_WILBER.id, [...twenty.slice(1), commanders]);
    assert.equal(atLimit.status, 200);
    assert.deepEqual(atLimit.json['value'], [commanders]);
    const tooMany = await check(ALEX_WILBER.id, [...twenty, commanders]);
    assert.equal(tooMany.status, 400);
    assert.equal(errorOf(tooMany.json).code, 'Request_BadRequest');

    assert.equal((await check(ALEX_WILBER.id, ['incident-commanders'])).status, 400);
    assert.equal((await check(ALEX_WILBER.id, commanders)).status, 400);
    assert.equal((await call('POST', `/v1.0/users/${ALEX_WILBER.id}/checkMemberGroups`, {})).status, 400);
    assert.equal((await call('POST', `/v1.0/users/${ALEX_WILBER.id}/checkMemberGroups`, { groupIds: [], extra: 1 })).status, 400);
  });

  test('control.addGroupMember / removeGroupMember change the answer; reset() restores the seed', async () => {
    currentSandbox().control.addGroupMember(commanders, ADELE_VANCE.userPrincipalName);
    currentSandbox().control.removeGroupMember(commanders, MEGAN_BOWEN.id);
    assert.deepEqual((await check(ADELE_VANCE.id, [commanders])).json['value'], [commanders]);
    assert.deepEqual((await check(MEGAN_BOWEN.id, [commanders])).json['value'], []);
    assert.throws(() => currentSandbox().control.addGroupMember('00000000-0000-0000-0000-000000000000', ADELE_VANCE.id), RangeError);
    assert.throws(() => currentSandbox().control.addGroupMember(commanders, 'nobody@contoso.com'), RangeError);
    currentSandbox().control.reset();
    assert.deepEqual((await check(ADELE_VANCE.id, [commanders])).json['value'], []);
    assert.deepEqual((await check(MEGAN_BOWEN.id, [commanders])).json['value'], [commanders]);
  });

  test('GET /groups/{id}: the security group; unknown → 404, malformed → 400; $batch', async () => {
    const g = await call('GET', `/v1.0/groups/${commanders}`);
    assert.equal(g.status, 200);
    assert.equal(g.json['@odata.context'], `${currentSandbox().url}/v1.0/$metadata#groups/$entity`);
    assert.equal(g.json['displayName'], 'Incident Commanders');
    assert.equal(g.json['securityEnabled'], true);
    assert.equal(g.json['mailEnabled'], false);
    assert.deepEqual(g.json['groupTypes'], []);
    const selected = await call('GET', `/v1.0/groups/${commanders}?$select=id,displayName`);
    assert.deepEqual(selected.json, {
      '@odata.context': `${currentSandbox().url}/v1.0/$metadata#groups(id,displayName)/$entity`,
      id: commanders,
      displayName: 'Incident Commanders',
    });
    assert.equal((await call('GET', '/v1.0/groups/11111111-2222-3333-4444-555555555555')).status, 404);
    assert.equal((await call('GET', '/v1.0/groups/incident-commanders')).status, 400);

    const batch = await call('POST', '/v1.0/$batch', {
      requests: [
        { id: 'a', method: 'POST', url: `/users/${ALEX_WILBER.id}/checkMemberGroups`, headers: { 'Content-Type': 'application/json' }, body: { groupIds: [commanders] } },
        { id: 'b', method: 'POST', url: `/users/${LEE_GU.id}/checkMemberGroups`, headers: { 'Content-Type': 'application/json' }, body: { groupIds: [commanders] } },
      ],
    });
    const byId = new Map((batch.json['responses'] as Json[]).map((r) => [r['id'], r]));
    assert.deepEqual(((byId.get('a')?.['body'] ?? {}) as Json)['value'], [commanders]);
    assert.deepEqual(((byId.get('b')?.['body'] ?? {}) as Json)['value'], []);
  });
});

describe('with @microsoft/microsoft-graph-client', () => {
  test('event → joinUrl → onlineMeeting via .filter(), PATCH options, and the admin check', async () => {
    const client = sandboxGraphClient(currentSandbox());
    const event = (await client.api(`/users/${MEGAN_BOWEN.userPrincipalName}/events`).post(incidentEvent({ transactionId: 'sdk-1' }))) as Json;
    const joinUrl = (event['onlineMeeting'] as Json)['joinUrl'] as string;
    // The client puts $filter into the URL as given: the joinWebUrl must be URL-encoded by the caller (as the docs say).
    const found = (await client
      .api(`/users/${MEGAN_BOWEN.id}/onlineMeetings`)
      .filter(`JoinWebUrl eq '${encodeURIComponent(joinUrl)}'`)
      .get()) as { value: Json[] };
    assert.equal(found.value.length, 1);
    const meeting = found.value[0] as Json;
    assert.equal(meeting['joinWebUrl'], joinUrl);
    assert.ok((meeting['chatInfo'] as Json)['threadId']);

    const patched = (await client
      .api(`/users/${MEGAN_BOWEN.id}/onlineMeetings/${encodeURIComponent(meeting['id'] as string)}`)
      .patch({ lobbyBypassSettings: { scope: 'organization', isDialInBypassEnabled: true }, allowedPresenters: 'organizer' })) as Json;
    assert.equal(patched['allowedPresenters'], 'organizer');

    const membership = (await client.api(`/users/${ALEX_WILBER.id}/checkMemberGroups`).post({ groupIds: [INCIDENT_COMMANDERS.id] })) as Json;
    assert.deepEqual(membership['value'], [INCIDENT_COMMANDERS.id]);

    await assert.rejects(
      client.api(`/users/${MEGAN_BOWEN.id}/onlineMeetings/${encodeURIComponent(meeting['id'] as string)}`).patch({ allowedPresenters: 'anyone' }),
      (e: unknown) => {
        assert.ok(e instanceof ClientGraphError);
        assert.equal(e.statusCode, 400);
        assert.equal(e.code, 'BadRequest');
        return true;
      },
    );
  });
});
