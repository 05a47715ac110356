import type { Incident, MeetingCoordinates } from '../../src/incidents/incident';

export const MEETING: MeetingCoordinates = {
  id: 'MSpjZTcyODczMy05Mjk4LTQ1ZGMtOTZiNS03YzQ2YjAzMGZjMTgqMCoqMTk6bWVldGluZ19OMk5p',
  joinWebUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_N2Ni%40thread.v2/0?context=%7b%22Tid%22%3a%225f0c%22%2c%22Oid%22%3a%22ce72%22%7d',
  subject: '[SEV2] Checkout API returning 500s',
  startDateTime: '2026-11-24T10:02:11.193Z',
  endDateTime: '2026-11-24T11:02:11.193Z',
  externalId: 'incident-bridge:t:INC-1',
  joinMeetingId: '123456789012',
  passcode: 'Ab3dEf',
  dialIn: { tollNumber: '+1 425-555-0100', tollFreeNumber: '+1 800-555-0199', conferenceId: '987654321', dialinUrl: 'https://dialin.teams.microsoft.com/x' },
  chatInfo: { threadId: '19:meeting_N2Ni@thread.v2', messageId: '0', replyChainMessageId: null },
  organizer: { id: '170c7d5a-a64e-43f2-b171-5cf0bdf2966b', tenantId: '5f0c1e2a-8b7d-4c39-a6e4-2d9f3b1c7a58' },
};

export function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-ABCDEFG',
    tenantId: '5f0c1e2a-8b7d-4c39-a6e4-2d9f3b1c7a58',
    conversationId: '19:c3e7@thread.v2',
    severity: 'sev2',
    title: 'Checkout API returning 500s',
    requestedBy: { displayName: 'Alex Wilber', aadObjectId: '170c7d5a-a64e-43f2-b171-5cf0bdf2966b' },
    organizerId: '170c7d5a-a64e-43f2-b171-5cf0bdf2966b',
    createdAt: '2026-11-24T10:02:11.193Z',
    window: { start: '2026-11-24T10:02:11.193Z', end: '2026-11-24T11:02:11.193Z' },
    state: 'meetingReady',
    attendees: [
      { aadObjectId: 'ce728733-9298-45dc-96b5-7c46b030fc18', displayName: 'Megan Bowen', upn: 'meganb@contoso.com', requestedAs: 'Megan Bowen' },
    ],
    unresolved: [],
    meeting: MEETING,
    timeline: [{ at: '2026-11-24T10:02:11.193Z', text: 'Incident started by Alex Wilber' }],
    sourceActivityId: '1763978531193',
    ...over,
  };
}
