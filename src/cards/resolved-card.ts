/**
 * A resolved incident, frozen into its summary: duration, severity, commander, who was invited and who joined the
 * call, the review facts (durations, attendance, recordings: ./review-section), the timeline and the resolver's summary. No join link (the bridge is over) and one button: Reopen.
 */
import { between, durationText } from '../incidents/duration-text';
import type { Incident } from '../incidents/incident';
import { whoJoined } from '../calls/who-joined';
import type { AdaptiveCard, CardAction, CardElement } from './adaptive-card';
import { card, plain } from './adaptive-card';
import type { CardActionData } from './card-actions';
import { SEVERITY_LABEL, time, timelineBlock, userText, when } from './card-format';
import { listText } from './card-size';
import { LIMITS } from './limits';
import { reviewSection } from './review-section';

/** Enough to tell the story on the card; "export" gives the whole timeline. */
const TIMELINE_ENTRIES = 15;

export function resolvedCard(incident: Incident): AdaptiveCard {
  const resolvedAt = incident.resolvedAt ?? incident.timeline.at(-1)?.at ?? incident.createdAt;
  const header: CardElement = {
    type: 'Container',
    style: 'good',
    bleed: true,
    items: [
      { type: 'TextBlock', text: `Resolved · ${SEVERITY_LABEL[incident.severity]} · ${incident.id}`, weight: 'Bolder', size: 'Small', wrap: true },
      { type: 'TextBlock', text: userText(incident.title, LIMITS.titleLength), weight: 'Bolder', size: 'Large', wrap: true, spacing: 'Small' },
    ],
  };
  const facts: { title: string; value: string }[] = [
    { title: 'State', value: 'Resolved' },
    { title: 'Severity', value: SEVERITY_LABEL[incident.severity] },
    { title: 'Commander', value: incident.commander ? plain(incident.commander.displayName) : 'nobody' },
    { title: 'Started by', value: plain(incident.requestedBy.displayName) },
    { title: 'Started', value: when(incident.createdAt) },
    { title: 'Resolved', value: `${when(resolvedAt)}${incident.resolvedBy ? ` by ${plain(incident.resolvedBy.displayName)}` : ''}` },
    { title: 'Duration', value: durationText(between(incident.createdAt, resolvedAt)) },
  ];
  const invited = incident.attendees.map((a) => userText(a.displayName, LIMITS.nameLength));
  const joined = whoJoined(incident).map((n) => userText(n, LIMITS.nameLength));
  const body: CardElement[] = [
    header,
    { type: 'FactSet', facts },
    { type: 'TextBlock', wrap: true, text: `**Invited:** ${invited.length > 0 ? listText(invited, LIMITS.listItems, incident.id) : 'nobody'}` },
    { type: 'TextBlock', wrap: true, spacing: 'Small', text: `**Joined the call:** ${joined.length > 0 ? listText(joined, LIMITS.listItems, incident.id) : 'nobody the bot saw'}` },
    {
      type: 'Container',
      spacing: 'Medium',
      style: 'emphasis',
      items: [
        { type: 'TextBlock', text: 'Summary', weight: 'Bolder', size: 'Small' },
        { type: 'TextBlock', wrap: true, text: incident.summary ? userText(incident.summary, LIMITS.summaryLength) : 'No summary given.', isSubtle: incident.summary === undefined },
      ],
    },
  ];
  body.push(reviewSection(incident));
  body.push(timelineBlock(incident.id, incident.timeline, TIMELINE_ENTRIES, between(incident.createdAt, resolvedAt) > 20 * 3_600_000 ? when : time));
  const data: CardActionData = { incidentId: incident.id };
  const actions: CardAction[] = [{ type: 'Action.Execute', title: 'Reopen', verb: 'reopen', data }];
  return card(body, actions);
}
