/** The incident card: what the responder sees in the chat, updated in place as the incident changes. */
import { isLeaving, isLive } from '../calls/call-state';
import type { Incident, IncidentState } from '../incidents/incident';
import type { LobbyBypassScope } from '../incidents/meeting-options';
import type { AdaptiveCard, CardAction, CardElement } from './adaptive-card';
import { card, plain } from './adaptive-card';
import type { CardActionData, CardVerb } from './card-actions';
import { PAGE_INPUTS, RESOLVE_INPUTS } from './card-actions';
import { failureContainer } from './error-card';
import { SEVERITY_LABEL, SEVERITY_STYLE, timelineBlock, userText, when } from './card-format';
import { listText } from './card-size';
import { LIMITS } from './limits';
import { meetingChatNotice } from './meeting-chat-notice';
import { resolvedCard } from './resolved-card';
import { alertSourceBlock } from './alert-source-block';

const TIMELINE_ENTRIES = 6;

const LOBBY_TEXT: Readonly<Record<LobbyBypassScope, string>> = {
  organizer: 'everyone waits except the organizer',
  organization: 'people in the organisation join directly',
  organizationAndFederated: 'the organisation and federated people join directly',
  organizationExcludingGuests: 'the organisation (not guests) joins directly',
  invited: 'invited people join directly',
  everyone: 'everyone joins directly',
};

const STATE_TEXT: Record<IncidentState, string> = {
  creating: 'Creating the meeting…',
  meetingReady: 'Meeting ready',
  meetingFailed: 'Meeting could not be created',
  botJoining: 'Bot joining the call…',
  botConnected: 'Bot connected',
  callEnded: 'Call ended',
  resolved: 'Resolved',
};

function execute(title: string, verb: CardVerb, incidentId: string, style?: 'positive' | 'destructive'): CardAction {
  const data: CardActionData = { incidentId };
  return { type: 'Action.Execute', title, verb, data, ...(style ? { style } : {}) };
}

/** The live card; a resolved incident is frozen into its summary (resolved-card.ts). */
export function incidentCard(incident: Incident): AdaptiveCard {
  if (incident.state === 'resolved') return resolvedCard(incident);
  const m = incident.meeting;
  const header: CardElement = {
    type: 'Container',
    style: SEVERITY_STYLE[incident.severity],
    bleed: true,
    items: [
      { type: 'TextBlock', text: `${SEVERITY_LABEL[incident.severity]} · ${incident.id}`, weight: 'Bolder', size: 'Small', wrap: true },
      { type: 'TextBlock', text: userText(incident.title, LIMITS.titleLength), weight: 'Bolder', size: 'Large', wrap: true, spacing: 'Small' },
    ],
  };

  const facts: { title: string; value: string }[] = [
    { title: 'State', value: STATE_TEXT[incident.state] },
    { title: 'Commander', value: incident.commander ? plain(incident.commander.displayName) : 'nobody yet' },
    { title: 'Started by', value: plain(incident.requestedBy.displayName) },
    { title: 'Started', value: when(incident.createdAt) },
  ];
  if (m) {
    if (Date.parse(m.startDateTime) - Date.parse(incident.createdAt) > 5 * 60_000) facts.push({ title: 'Scheduled', value: when(m.startDateTime) });
    if (m.joinMeetingId) facts.push({ title: 'Meeting ID', value: spaced(m.joinMeetingId) });
    if (m.passcode) facts.push({ title: 'Passcode', value: plain(m.passcode) });
    if (m.dialIn?.tollNumber || m.dialIn?.tollFreeNumber) {
      facts.push({ title: 'Dial-in', value: [m.dialIn.tollNumber, m.dialIn.tollFreeNumber].filter(Boolean).join(' / ') });
      if (m.dialIn.conferenceId) facts.push({ title: 'Conference ID', value: `${m.dialIn.conferenceId}#` });
    } else {
      facts.push({ title: 'Dial-in', value: 'none (the organizer has no Audio Conferencing licence)' });
    }
    if (m.options) facts.push({ title: 'Lobby', value: LOBBY_TEXT[m.options.lobbyBypass] + (m.options.recordAutomatically ? ' · recording' : '') });
    if (m.calendarEventId) facts.push({ title: 'Calendar', value: 'invitations sent to the attendees\' Outlook calendars' });
  }

  const body: CardElement[] = [header, { type: 'FactSet', facts }];
  if (incident.source) body.push(alertSourceBlock(incident.source));

  const names = incident.attendees.map((a) => userText(a.displayName, LIMITS.nameLength));
  body.push({
    type: 'TextBlock',
    wrap: true,
    text: names.length > 0 ? `**Attendees:** ${listText(names, LIMITS.listItems, incident.id)}` : '**Attendees:** none invited yet',
  });
  const unknown = incident.unresolved.map((u) => `${userText(u.requestedAs, LIMITS.nameLength)} (${userText(u.reason, LIMITS.nameLength)})`);
  if (unknown.length > 0) body.push({ type: 'TextBlock', wrap: true, color: 'Warning', spacing: 'Small', text: `unknown: ${listText(unknown, LIMITS.listItems, incident.id)}` });

  if (incident.state === 'meetingFailed' && incident.failure) body.push(failureContainer(incident.failure));

  const call = incident.call;
  // Shown (and not joinable) while the bot is in the call, getting in, or leaving.
  const live = call !== undefined && (isLive(call.state) || isLeaving(call.state));
  if (call && live) {
    const names = call.members.map((x) => userText(x.displayName, LIMITS.nameLength));
    body.push({
      type: 'TextBlock',
      wrap: true,
      color: call.state === 'established' ? 'Good' : 'Default',
      text: call.state === 'established'
        ? `**In the call:** ${names.length > 0 ? listText(names, LIMITS.listItems, incident.id) : 'only the bot so far'}`
        : isLeaving(call.state) ? 'The bot is leaving the call…' : 'The bot is joining the call…',
    });
  } else if (call?.end && !incident.callFailure) {
    body.push({ type: 'TextBlock', wrap: true, isSubtle: true, text: plain(call.end.explanation) });
  }
  if (incident.callFailure) body.push(failureContainer(incident.callFailure));

  const chatNotice = meetingChatNotice(incident);
  if (chatNotice) body.push(chatNotice);
  if (incident.timeline.length > 1) body.push(timelineBlock(incident.id, incident.timeline, TIMELINE_ENTRIES));

  const actions: CardAction[] = [];
  if (m) actions.push({ type: 'Action.OpenUrl', title: 'Join', url: m.joinWebUrl, style: 'positive' });
  // With a meeting there is nothing to retry (and Adaptive Cards allow at most 5 actions).
  if (incident.state === 'meetingFailed' && !m) actions.push(execute('Try again', 'retryMeeting', incident.id));
  if (m) {
    // While the bot is leaving (terminating) neither button applies: the next update brings "Bring bot into call" back.
    if (live && !isLeaving(call.state)) actions.push(execute('Remove bot', 'leaveCall', incident.id, 'destructive'));
    else if (!live && incident.state !== 'botJoining') actions.push(execute('Bring bot into call', 'joinCall', incident.id));
    actions.push({ type: 'Action.ShowCard', title: 'Page people', card: pageForm(incident) });
    actions.push(execute("I'm commander", 'takeCommand', incident.id));
    actions.push({ type: 'Action.ShowCard', title: 'Resolve', card: resolveForm(incident) });
  }
  return card(body, actions);
}

/** The Resolve form: an optional summary, then the button that resolves (requester, commander or admin only). */
function resolveForm(incident: Incident): AdaptiveCard {
  const body: CardElement[] = [
    { type: 'Input.Text', id: RESOLVE_INPUTS.summary, label: 'Summary (optional)', placeholder: 'Bad config pushed to EU; reverted', isMultiline: true, maxLength: LIMITS.summaryLength },
    { type: 'TextBlock', wrap: true, isSubtle: true, size: 'Small', text: 'Only the person who started the incident, its commander or an incident admin can resolve it. The bot leaves the call.' },
  ];
  const data: CardActionData = { incidentId: incident.id };
  return { ...card(body, [{ type: 'Action.Execute', title: 'Resolve incident', verb: 'resolve', data, associatedInputs: 'auto', style: 'positive' }]), msteams: undefined };
}

/** The Page form: pick people who were invited (or type e-mails) and ring them into the call. */
function pageForm(incident: Incident): AdaptiveCard {
  const inCall = new Set(incident.call?.members.map((x) => x.aadObjectId) ?? []);
  const candidates = incident.attendees.filter((a) => !inCall.has(a.aadObjectId));
  const body: CardElement[] = [];
  if (candidates.length > 0) {
    body.push({
      type: 'Input.ChoiceSet',
      id: PAGE_INPUTS.people,
      label: 'Invited people not in the call',
      isMultiSelect: true,
      choices: candidates.map((a) => ({ title: a.displayName, value: a.aadObjectId })),
    });
  }
  body.push({ type: 'Input.Text', id: PAGE_INPUTS.emails, label: 'Others (e-mail addresses, separated by spaces or commas)', placeholder: 'isaiahl@contoso.com, patti@contoso.com' });
  const data: CardActionData = { incidentId: incident.id };
  return { ...card(body, [{ type: 'Action.Execute', title: 'Page into the call', verb: 'page', data, associatedInputs: 'auto' }]), msteams: undefined };
}

function spaced(id: string): string {
  return id.replace(/(\d{3})(?=\d)/g, '$1 ');
}
