/**
 * Every card the bot can post, built by the real card builders from fixture incidents: the unit test
 * (test/unit/card-gallery.test.ts) validates each with the `adaptivecards` renderer, and `npm run cards`
 * (scripts/render-cards.ts) renders each to docs/cards/<name>.png.
 *
 * Imports only src/cards/*, src/errors/* and the incident model's types, so moves elsewhere in src/ leave it alone.
 * The forms that live inside other cards (Start, Page, Resolve) are taken from those cards' Action.ShowCard.
 */
import type { AdaptiveCard, CardAction } from '../../src/cards/adaptive-card';
import { ALERT_SOURCES, type AlertSource } from '../../src/alerts/alert';
import type { AlertSubscription } from '../../src/alerts/subscription';
import { webhookUrl } from '../../src/alerts/webhook-auth';
import { alertNoticeCard, alertSubscriptionCard, alertSubscriptionListCard } from '../../src/cards/alert-subscription-card';
import { errorCard } from '../../src/cards/error-card';
import { helpCard } from '../../src/cards/help-card';
import { incidentCard } from '../../src/cards/incident-card';
import { incidentListCard } from '../../src/cards/incident-list-card';
import { resolvedCard } from '../../src/cards/resolved-card';
import { startForm } from '../../src/cards/start-form';
import { AppError, type ErrorCode } from '../../src/errors/app-error';
import { incidentNotFound, incidentResolved } from '../../src/incidents/incident-errors';
import type { CallEnd, CallInfo, Incident, IncidentFailure, ResolvedAttendee, TimelineEntry } from '../../src/incidents/incident';
import { incident, MEETING } from './incident-fixtures';

export interface GalleryCard {
  /** File-name safe: docs/cards/<name>.png. */
  readonly name: string;
  /** One line for the README. */
  readonly caption: string;
  readonly card: AdaptiveCard;
}

const NOW = new Date('2026-11-24T11:30:00.000Z');
const MEGAN = { displayName: 'Megan Bowen', aadObjectId: 'ce728733-9298-45dc-96b5-7c46b030fc18' };
const ADELE = { displayName: 'Adele Vance', aadObjectId: '8b209ac8-08ff-4ef1-896d-3b9fde0bbf04' };
const ORGANIZER = MEETING.organizer.id;

const CALL: CallInfo = {
  callId: '491f0b00-ffff-4bc9-a43e-b226498ec22a',
  state: 'established',
  requestedAt: '2026-11-24T10:03:00.000Z',
  connectedAt: '2026-11-24T10:03:01.000Z',
  members: [{ participantId: 'p1', displayName: 'Megan Bowen', aadObjectId: MEGAN.aadObjectId }, { participantId: 'p2', displayName: 'Adele Vance', aadObjectId: ADELE.aadObjectId }],
  everJoined: ['Megan Bowen', 'Adele Vance'],
};

const TIMELINE: TimelineEntry[] = [
  { at: '2026-11-24T10:02:11.193Z', text: 'Incident started by Alex Wilber' },
  { at: '2026-11-24T10:02:13.402Z', text: 'Meeting created' },
  { at: '2026-11-24T10:03:01.000Z', text: 'Bot joined the call' },
  { at: '2026-11-24T10:04:40.000Z', text: 'Megan Bowen joined the call' },
];

function attendee(i: number): ResolvedAttendee {
  const first = ['Adele', 'Alex', 'Diego', 'Grady', 'Henrietta', 'Isaiah', 'Johanna', 'Joni', 'Lee', 'Lidia', 'Lynne', 'Megan', 'Miriam', 'Nestor', 'Patti', 'Pradeep'][i % 16]!;
  const last = ['Vance', 'Wilber', 'Siciliani', 'Archie', 'Mueller', 'Langer', 'Lorenz', 'Sherman', 'Gu', 'Holloway', 'Robbins', 'Bowen', 'Graham', 'Wilke', 'Fernandez', 'Gupta'][(i * 7) % 16]!;
  const hex = i.toString(16).padStart(12, '0');
  return { aadObjectId: `0c0ffee0-0000-4000-8000-${hex}`, displayName: `${first} ${last}`, upn: `${first.toLowerCase()}.${last.toLowerCase()}${i}@contoso.com`, requestedAs: `${first} ${last}` };
}

/** The sentences and codes the bot really produces (graph-errors.ts, incident-lifecycle.ts, …), one per ErrorCode. */
const ERRORS: Readonly<Record<ErrorCode, AppError>> = {
  COMMAND_INVALID: new AppError('COMMAND_INVALID', '"tomorrow-ish" is not a time.', { hint: 'Pick a time like 15:30, or leave it empty to start now.' }),
  TITLE_MISSING: new AppError('TITLE_MISSING', 'The incident needs a title.', { hint: 'Say what is broken, e.g. "Checkout API returning 500s".' }),
  ORGANIZER_UNKNOWN: new AppError('ORGANIZER_UNKNOWN', `The meeting organizer ${ORGANIZER} was not found in the tenant.`, {
    hint: 'Start the incident as a user of the bot\'s tenant, or set MEETING_ORGANIZER_ID to an existing user.',
  }),
  ACCESS_POLICY_MISSING: new AppError('ACCESS_POLICY_MISSING', `The bot is not allowed to create meetings on behalf of organizer ${ORGANIZER}: no application access policy grants it.`, {
    hint: 'A Teams admin must run these PowerShell commands (it can take up to 30 minutes to apply), then try again:',
    details: [
      'Connect-MicrosoftTeams',
      'New-CsApplicationAccessPolicy -Identity IncidentBridge-Policy -AppIds "00000000-0000-0000-0000-000000000000" -Description "incident-bridge creates meetings"',
      `Grant-CsApplicationAccessPolicy -PolicyName IncidentBridge-Policy -Identity "${ORGANIZER}"`,
      '# or, for every user in the tenant: Grant-CsApplicationAccessPolicy -PolicyName IncidentBridge-Policy -Global',
    ],
  }),
  GRAPH_PERMISSION_MISSING: new AppError('GRAPH_PERMISSION_MISSING', 'Microsoft Graph refused to create the online meeting (403 Forbidden).', {
    hint: 'An admin must grant the bot\'s app registration the Graph application permissions listed in the README (e.g. OnlineMeetings.ReadWrite.All, User.Read.All) and give admin consent.',
  }),
  GRAPH_THROTTLED: new AppError('GRAPH_THROTTLED', 'Microsoft Graph is throttling requests, so the bot could not create the online meeting.', { hint: 'Try again in 30 seconds.' }),
  GRAPH_UNAVAILABLE: new AppError('GRAPH_UNAVAILABLE', 'Microsoft Graph could not be reached to create the online meeting.', { hint: 'This is usually temporary: try again in a minute.' }),
  GRAPH_BAD_REQUEST: new AppError('GRAPH_BAD_REQUEST', 'Microsoft Graph rejected the request to create the online meeting: Invalid startDateTime.'),
  GRAPH_FAILED: new AppError('GRAPH_FAILED', 'Microsoft Graph failed to create the online meeting (409 Conflict).'),
  RATE_LIMITED: new AppError('RATE_LIMITED', 'Too many starts: you may start at most 10 times in 10 minutes.', { hint: 'Try again in 4 minutes (at 10:14 UTC).' }),
  INCIDENT_NOT_FOUND: incidentNotFound('INC-7F3A2QK'),
  INCIDENT_RESOLVED: incidentResolved('INC-ABCDEFG'),
  NOT_ALLOWED: new AppError('NOT_ALLOWED', 'Sorry, only the person who started INC-ABCDEFG (Alex Wilber), its commander (Megan Bowen) or an incident admin can resolve it.', {
    hint: 'Ask Alex Wilber or Megan Bowen to resolve it. If you are running the incident now, take command first ("commander me" or the "I\'m commander" button).',
  }),
  STORAGE_CONFLICT: new AppError('STORAGE_CONFLICT', 'Someone else changed INC-ABCDEFG at the same moment.', { hint: 'Try again.' }),
  CONFIG_INVALID: new AppError('CONFIG_INVALID', 'MEETING_ORGANIZER_ID: must be an Azure AD object id (a GUID).'),
  INTERNAL: new AppError('INTERNAL', 'Something went wrong on our side.', { hint: 'Try again in a moment. If it keeps happening, ask your Teams admin to check the bot logs.' }),
};

/** Codes an online-meeting creation can fail with (graph-errors.ts meetingError): each shows on the card. */
const MEETING_FAILURES: readonly ErrorCode[] = ['ACCESS_POLICY_MISSING', 'ORGANIZER_UNKNOWN', 'GRAPH_PERMISSION_MISSING', 'GRAPH_THROTTLED', 'GRAPH_UNAVAILABLE', 'GRAPH_BAD_REQUEST', 'GRAPH_FAILED'];

function failureOf(e: AppError): IncidentFailure {
  return { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}), ...(e.details ? { details: e.details } : {}) };
}

/** Call outcomes (call-outcomes.ts): Graph resultInfo code/subcode and the card's sentence. */
const CALL_ENDS: readonly { slug: string; end: CallEnd }[] = [
  { slug: 'bot-left', end: { code: 200, subcode: 7000, explanation: 'The bot left the call.', isFailure: false } },
  { slug: 'call-ended', end: { code: 200, subcode: 5001, explanation: 'The call ended.', isFailure: false } },
  { slug: 'everyone-left', end: { code: 200, subcode: 5002, explanation: 'Everyone left, so the call ended. Join again to start a new call in the same meeting.', isFailure: false } },
  { slug: 'removed', end: { code: 200, subcode: 5000, explanation: 'Another participant removed the bot from the call. Bring it back in with Join.', isFailure: false } },
  { slug: 'keepalive-lost', end: { code: 500, subcode: 8537, explanation: 'The call was dropped because the bot stopped sending keep-alives. Bring it back in with Join.', isFailure: true } },
  { slug: 'media-lost', end: { code: 500, subcode: 1005, explanation: 'The call was dropped because of a media connectivity problem on the service side. Try joining again.', isFailure: true } },
  { slug: 'no-consent', end: { code: 403, subcode: 7504, explanation: 'The bot is not allowed to join calls in this meeting\'s tenant: an admin of that tenant must grant admin consent to the bot\'s Calls.JoinGroupCall.All permission.', isFailure: true } },
  { slug: 'tenant-mismatch', end: { code: 403, subcode: 7505, explanation: 'Tenant mismatch: the meeting belongs to another tenant than the one the bot asked for. Check GRAPH_TENANT_ID and that the meeting organizer is in that tenant.', isFailure: true } },
  { slug: 'not-registered', end: { code: 403, subcode: 7503, explanation: 'The bot is not registered for calling: an admin must enable calling on the Azure Bot\'s Microsoft Teams channel and set its webhook to this bot\'s /api/calls URL.', isFailure: true } },
  { slug: 'meeting-not-found', end: { code: 404, subcode: 2203, explanation: 'Teams could not find the meeting the bot tried to join (wrong thread, message or organizer). Start a new incident to get a fresh meeting.', isFailure: true } },
  { slug: 'refused-403', end: { code: 403, subcode: 9999, explanation: 'Microsoft Graph refused the call (403/9999). An admin must check the bot\'s calling permissions (Calls.JoinGroupCall.All) and admin consent.', isFailure: true } },
];

/** As apply-call-event.ts leaves the incident when the bot's call terminates. */
function callEnded(end: CallEnd, connected: boolean): Incident {
  const call: CallInfo = {
    ...CALL,
    state: 'terminated',
    ...(connected ? {} : { connectedAt: undefined }),
    endedAt: '2026-11-24T10:41:07.000Z',
    end,
    members: [],
    everJoined: connected ? CALL.everJoined : [],
  };
  const callFailure: IncidentFailure | undefined = end.isFailure
    ? { code: `CALL_${end.subcode}`, message: connected ? 'The bot was dropped from the call.' : 'The bot could not join the call.', hint: end.explanation }
    : undefined;
  return incident({
    state: 'callEnded',
    call,
    ...(callFailure ? { callFailure } : {}),
    timeline: [...TIMELINE.slice(0, connected ? 4 : 2), { at: '2026-11-24T10:41:07.000Z', text: connected || !end.isFailure ? `Call ended: ${end.explanation}` : `Bot could not join: ${end.explanation}` }],
  });
}

/** The Action.ShowCard form titled `title` on `card`. */
function showCard(card: AdaptiveCard, title: string): AdaptiveCard {
  const a = (card.actions ?? []).find((x: CardAction) => x.type === 'Action.ShowCard' && x.title === title);
  if (a?.type !== 'Action.ShowCard') throw new Error(`no "${title}" form on the card`);
  return a.card;
}

function build(): GalleryCard[] {
  const cards: GalleryCard[] = [];
  const add = (name: string, caption: string, card: AdaptiveCard): void => {
    cards.push({ name, caption, card });
  };

  // The live incident card, state by state.
  add('incident-creating', 'Incident card while the meeting is being created', incidentCard(incident({ state: 'creating', meeting: undefined, timeline: TIMELINE.slice(0, 1) })));
  add('incident-meeting-ready', 'Meeting ready: join link, meeting id, passcode, dial-in', incidentCard(incident({ timeline: TIMELINE.slice(0, 2) })));
  for (const code of MEETING_FAILURES) {
    add(`incident-meeting-failed-${code.toLowerCase().replace(/_/g, '-')}`, `Meeting could not be created: ${code}`,
      incidentCard(incident({ state: 'meetingFailed', meeting: undefined, failure: failureOf(ERRORS[code]), timeline: [...TIMELINE.slice(0, 1), { at: '2026-11-24T10:02:12.870Z', text: `Meeting failed: ${code}` }] })));
  }
  add('incident-bot-joining', 'Bot joining the call', incidentCard(incident({ state: 'botJoining', call: { ...CALL, state: 'establishing', connectedAt: undefined, members: [], everJoined: [] }, timeline: TIMELINE.slice(0, 2) })));
  add('incident-bot-connected', 'Bot connected, with who is in the call', incidentCard(incident({ state: 'botConnected', call: CALL, attendees: [attendee(11), attendee(0)], timeline: TIMELINE })));
  add('incident-bot-connected-alone', 'Bot connected, nobody else in the call yet', incidentCard(incident({ state: 'botConnected', call: { ...CALL, members: [], everJoined: [] }, timeline: TIMELINE.slice(0, 3) })));
  add('incident-bot-leaving', 'Bot leaving the call', incidentCard(incident({ state: 'botConnected', call: { ...CALL, state: 'terminating' }, timeline: TIMELINE })));
  add('incident-join-refused', 'Bring-bot-into-call refused (GRAPH_PERMISSION_MISSING)', incidentCard(incident({
    state: 'meetingReady',
    callFailure: { code: 'GRAPH_PERMISSION_MISSING', message: 'Microsoft Graph refused to let the bot join the call (403 Forbidden).', hint: 'An admin must grant the app Calls.JoinGroupCall.All (application) with admin consent, and enable calling on the Azure Bot\'s Teams channel.' },
    timeline: TIMELINE.slice(0, 2),
  })));
  for (const { slug, end } of CALL_ENDS) {
    const connected = !['no-consent', 'tenant-mismatch', 'not-registered', 'meeting-not-found', 'refused-403'].includes(slug);
    add(`incident-call-ended-${slug}`, `Call ended: ${end.code}/${end.subcode}${end.isFailure ? ' (failure)' : ''}`, incidentCard(callEnded(end, connected)));
  }
  add('incident-scheduled', 'Scheduled bridge (start in two hours, as Graph returns the meeting)', incidentCard(incident({
    window: { start: '2026-11-24T12:00:00.000Z', end: '2026-11-24T13:00:00.000Z' },
    // Graph answers with seven fractional digits (wire-notes §1).
    meeting: { ...MEETING, startDateTime: '2026-11-24T12:00:00.0000000Z', endDateTime: '2026-11-24T13:00:00.0000000Z' },
  })));
  add('incident-scheduled-calendar', 'Scheduled with Outlook invitations and meeting options', incidentCard(incident({
    window: { start: '2026-11-24T12:00:00.000Z', end: '2026-11-24T13:00:00.000Z' },
    calendar: true,
    meeting: { ...MEETING, startDateTime: '2026-11-24T12:00:00Z', endDateTime: '2026-11-24T13:00:00Z', calendarEventId: 'AAMkAGI2TG93AAA=', options: { lobbyBypass: 'organization', allowedPresenters: 'everyone', recordAutomatically: true } },
  })));
  add('incident-with-commander', 'With a commander', incidentCard(incident({ state: 'botConnected', commander: MEGAN, call: CALL, timeline: [...TIMELINE, { at: '2026-11-24T10:05:02.000Z', text: 'Megan Bowen took command' }] })));
  add('incident-no-dial-in', 'Organizer without an Audio Conferencing licence', incidentCard(incident({ meeting: { ...MEETING, dialIn: undefined } })));
  add('incident-many-attendees', '40 attendees and some people who could not be found', incidentCard(incident({
    severity: 'sev1',
    attendees: Array.from({ length: 40 }, (_, i) => attendee(i)),
    unresolved: [
      { requestedAs: 'nobody@contoso.com', reason: 'not found in the directory' },
      { requestedAs: 'Pat (guest)', reason: 'guests cannot be invited by id' },
      { requestedAs: 'ops-oncall@contoso.com', reason: 'a group, not a person' },
    ],
    timeline: TIMELINE,
  })));
  add('incident-long-timeline', 'Long timeline: the latest entries and a pointer to export', incidentCard(incident({
    state: 'botConnected',
    severity: 'sev3',
    commander: MEGAN,
    call: CALL,
    timeline: Array.from({ length: 60 }, (_, i) => ({ at: new Date(Date.parse('2026-11-24T10:02:11.193Z') + i * 97_000).toISOString(), text: `Note ${i + 1}: rolled ${i % 2 === 0 ? 'back' : 'forward'} checkout-api to build 2026.11.${i}` })),
  })));
  add('incident-markdown-title', 'User text with Markdown shown literally', incidentCard(incident({ severity: 'sev4', title: '*bold* _x_ [link](http://evil) # 1. not a list', attendees: [] })));
  add('status', 'What "status" posts: the incident card again', incidentCard(incident({ state: 'botConnected', commander: MEGAN, call: CALL, timeline: TIMELINE })));

  // Resolved.
  const resolved = incident({
    state: 'resolved',
    commander: MEGAN,
    resolvedAt: '2026-11-24T11:27:41.500Z',
    resolvedBy: { displayName: 'Alex Wilber' },
    summary: 'Bad config pushed to EU; reverted',
    call: { ...CALL, state: 'terminated', members: [], endedAt: '2026-11-24T11:27:42.000Z', end: { code: 200, subcode: 7000, explanation: 'The bot left the call.', isFailure: false } },
    attendees: [attendee(11), attendee(0)],
    timeline: [...TIMELINE, { at: '2026-11-24T11:27:41.500Z', text: 'Resolved by Alex Wilber' }],
  });
  add('resolved', 'Resolved: duration, commander, who joined, summary, timeline', resolvedCard(resolved));
  add('resolved-minimal', 'Resolved with no summary, call or commander', resolvedCard(incident({ state: 'resolved' })));
  add('resolved-multi-day', 'Resolved after two days: a long timeline with dates', resolvedCard(incident({
    state: 'resolved',
    resolvedAt: '2026-11-26T09:00:00.000Z',
    resolvedBy: MEGAN,
    summary: 'Certificate rotated on all front doors.',
    timeline: Array.from({ length: 40 }, (_, i) => ({ at: new Date(Date.parse('2026-11-24T10:02:11.193Z') + i * 4_000_000).toISOString(), text: `Update ${i + 1}` })),
  })));

  add('resolved-review', 'Resolved with the review facts: attendance, recordings, durations', resolvedCard({
    ...resolved,
    review: {
      fetchedAt: '2026-11-24T11:28:10.000Z',
      attendance: [
        { name: 'Megan Bowen', email: 'meganb@contoso.com', role: 'Attendee', totalSeconds: 4_980, spans: [{ joinedAt: '2026-11-24T10:04:00.000Z', leftAt: '2026-11-24T11:27:00.000Z', seconds: 4_980 }] },
        { name: 'Adele Vance', email: 'adelev@contoso.com', role: 'Attendee', totalSeconds: 1_500, spans: [{ joinedAt: '2026-11-24T10:10:00.000Z', leftAt: '2026-11-24T10:20:00.000Z', seconds: 600 }, { joinedAt: '2026-11-24T11:00:00.000Z', leftAt: '2026-11-24T11:15:00.000Z', seconds: 900 }] },
      ],
      links: [{ kind: 'recording', url: 'https://contoso-my.sharepoint.com/recording.mp4', createdAt: '2026-11-24T11:27:50.000Z' }],
      problems: [{ part: 'transcripts', code: 'GRAPH_PERMISSION_MISSING', message: 'Microsoft Graph refused to list the transcripts (403).', hint: 'An admin must grant OnlineMeetingTranscript.Read.All (application) with admin consent.' }],
    },
  }));
  add('incident-from-alert', 'Opened by an alert webhook: the source, its link, labels and description', incidentCard(incident({
    source: { kind: 'alert', name: 'Alertmanager', link: 'https://prometheus.contoso.com/graph?g0.expr=probe_success', description: 'Probe of https://checkout.contoso.com failed for 5 minutes.', labels: { service: 'checkout', severity: 'critical' }, sourceSeverity: 'critical', status: 'firing' },
  })));
  add('incident-meeting-chat-unavailable', 'The meeting chat has no card, and why', incidentCard(incident({
    meetingChat: { status: 'unavailable', code: 'GRAPH_PERMISSION_MISSING', message: 'Microsoft Graph refused to add the bot to the meeting chat (403).', hint: 'An admin must grant TeamsAppInstallation.ReadWriteSelfForChat.All (application) with admin consent.' },
  })));

  // Alert subscriptions.
  const subscription: AlertSubscription = {
    id: 'al_3xY8qLr2VbN0', tenantId: 't', conversationReference: {}, conversationId: '19:ops@thread.tacv2', minSeverity: 'sev2',
    labelFilter: { service: 'checkout' }, page: [{ kind: 'directoryUser', aadObjectId: MEGAN.aadObjectId }], pageNames: ['Megan Bowen', 'Adele Vance'],
    autoresolve: false, secretHash: '0'.repeat(64), createdBy: { displayName: 'Alex Wilber' }, createdAt: '2026-11-24T09:00:00Z',
  };
  const urls = Object.fromEntries(ALERT_SOURCES.map((source) => [source, webhookUrl('https://bridge.contoso.com', source, subscription.id, 'S'.repeat(43))])) as Record<AlertSource, string>;
  add('alerts-subscription', '"alerts here …": the webhook URL of each source, filter, people, test button', alertSubscriptionCard(subscription, urls));
  add('alerts-list', '"alerts": this conversation\'s subscriptions (no secrets)', alertSubscriptionListCard([subscription]));
  add('alerts-rate-limited', 'A burst of alerts told once', alertNoticeCard('Too many alerts at once for al_3xY8qLr2VbN0: 3 bridges opened in the last 10 minutes; further alerts wait.'));

  // List.
  add('list-empty', '"list" with no active incidents', incidentListCard([], NOW, 'conversation'));
  add('list-team', '"list" in a channel: the team\'s incidents', incidentListCard([
    incident({ id: 'INC-2222222', severity: 'sev1', title: 'Payments down', createdAt: '2026-11-24T11:00:00.000Z', commander: MEGAN, state: 'botConnected', call: CALL }),
    incident({ id: 'INC-1111111', severity: 'sev3', title: 'Search latency over SLO', createdAt: '2026-11-24T08:15:00.000Z' }),
    incident({ id: 'INC-3333333', severity: 'sev2', state: 'meetingFailed', meeting: undefined }),
  ], NOW, 'team'));
  add('list-many', '"list" with more incidents than fit: the newest 15 and a count', incidentListCard(
    Array.from({ length: 22 }, (_, i) => incident({ id: `INC-${String(i).padStart(7, '0')}`, severity: (['sev1', 'sev2', 'sev3', 'sev4'] as const)[i % 4]!, title: `Incident number ${i + 1} with a fairly long descriptive title`, createdAt: new Date(Date.parse('2026-11-24T11:00:00.000Z') - i * 600_000).toISOString() })),
    NOW, 'conversation'));

  // Errors: one card per AppError code.
  for (const [code, error] of Object.entries(ERRORS)) add(`error-${code.toLowerCase().replace(/_/g, '-')}`, `Error card: ${code}`, errorCard(error));

  // Help and forms.
  add('help', 'Help (and welcome) card', helpCard());
  add('help-unrecognised', 'Help after text the bot did not understand', helpCard('make it stop'));
  add('start-form', 'Start form (on the help card)', startForm());
  const live = incidentCard(incident({ state: 'botConnected', call: { ...CALL, members: [CALL.members[0]!] }, attendees: [attendee(11), attendee(0), attendee(3)] }));
  add('page-form', 'Page form: invited people not in the call, or e-mails', showCard(live, 'Page people'));
  add('resolve-form', 'Resolve form: optional summary', showCard(live, 'Resolve'));
  return cards;
}

export const GALLERY: readonly GalleryCard[] = build();
