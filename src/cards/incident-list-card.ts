/**
 * The answer to "list": the active incidents of a conversation (in a channel: of the whole team), newest first,
 * each with severity, title, age, commander, whether the bot is in the call, and its join link.
 */
import { isLive } from '../calls/call-state';
import { between, durationText } from '../incidents/duration-text';
import type { Incident } from '../incidents/incident';
import type { AdaptiveCard, CardElement } from './adaptive-card';
import { card, plain } from './adaptive-card';
import { SEVERITY_LABEL, SEVERITY_STYLE, userText } from './card-format';
import { LIMITS } from './limits';

/** A card holds about 28 KB; each entry with its join link takes about 1 KB. */
export const LIST_MAX_ENTRIES = 15;

export type ListScope = 'conversation' | 'team';

function botInCallText(incident: Incident): string {
  const call = incident.call;
  if (call && isLive(call.state)) {
    if (call.state !== 'established') return 'Bot joining the call';
    const n = call.members.length;
    return `Bot in the call · ${n === 0 ? 'nobody else yet' : `${n} ${n === 1 ? 'person' : 'people'}`}`;
  }
  if (incident.state === 'botJoining') return 'Bot joining the call';
  if (!incident.meeting) return incident.state === 'meetingFailed' ? 'No meeting: it could not be created' : 'Meeting being created';
  return 'Bot not in the call';
}

function entry(incident: Incident, now: Date): CardElement {
  const items: CardElement[] = [
    { type: 'TextBlock', wrap: true, weight: 'Bolder', text: `${SEVERITY_LABEL[incident.severity]} · ${userText(incident.title, LIMITS.titleLength)}` },
    {
      type: 'TextBlock',
      wrap: true,
      spacing: 'None',
      size: 'Small',
      text: `${incident.id} · ${durationText(between(incident.createdAt, now))} old · commander: ${incident.commander ? plain(incident.commander.displayName) : 'nobody yet'}`,
    },
    { type: 'TextBlock', wrap: true, spacing: 'None', size: 'Small', isSubtle: true, text: botInCallText(incident) },
  ];
  if (incident.meeting) {
    items.push({ type: 'ActionSet', spacing: 'Small', actions: [{ type: 'Action.OpenUrl', title: 'Join', url: incident.meeting.joinWebUrl }] });
  }
  return { type: 'Container', style: SEVERITY_STYLE[incident.severity], spacing: 'Medium', items };
}

export function incidentListCard(incidents: readonly Incident[], now: Date, scope: ListScope): AdaptiveCard {
  const shown = incidents.slice(0, LIST_MAX_ENTRIES);
  const where = scope === 'team' ? 'in this team' : 'here';
  const body: CardElement[] = [
    { type: 'TextBlock', wrap: true, weight: 'Bolder', size: 'Medium', text: `${incidents.length} active ${incidents.length === 1 ? 'incident' : 'incidents'} ${where}` },
    ...shown.map((i) => entry(i, now)),
  ];
  if (incidents.length > shown.length) {
    body.push({ type: 'TextBlock', wrap: true, isSubtle: true, size: 'Small', text: `…and ${incidents.length - shown.length} older ones.` });
  }
  body.push({ type: 'TextBlock', wrap: true, isSubtle: true, size: 'Small', spacing: 'Medium', text: 'Type "status <id>" to bring an incident\'s card here.' });
  return card(body);
}
