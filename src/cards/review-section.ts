/**
 * The review facts on the resolved card: the durations reviews report, who attended the meeting (from its
 * attendance report: joined–left in UTC, time in the meeting), links to recordings/transcripts, and why the
 * meeting's chat has no card when it has none.
 */
import { meetingChatLine } from '../incidents/export-review';
import type { Incident } from '../incidents/incident';
import { attendanceNote, durationLines, otherProblems, preciseDuration, spanText } from '../incidents/review-text';
import type { CardElement } from './adaptive-card';
import { plain } from './adaptive-card';
import { userText } from './card-format';
import { LIMITS } from './limits';

/** Attendance rows on the card; the export has all of them. */
const CARD_ROWS = 20;

function row(cells: readonly string[], header = false): CardElement {
  return {
    type: 'ColumnSet',
    spacing: 'None',
    columns: cells.map((text, i) => ({ type: 'Column', width: i === 0 ? 'stretch' : 'auto', items: [{ type: 'TextBlock', text, wrap: true, size: 'Small', ...(header ? { weight: 'Bolder' as const } : {}) }] })),
  };
}

/** Markdown link text for a URL we got from Graph (not typed by people): only the characters links break on are encoded. */
function link(title: string, url: string): string {
  return `[${title}](${url.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
}

export function reviewSection(incident: Incident): CardElement {
  const items: CardElement[] = [
    { type: 'TextBlock', text: 'For the review', weight: 'Bolder', size: 'Small' },
    { type: 'FactSet', facts: durationLines(incident).map((d) => ({ title: d.label, value: d.value })) },
  ];
  const chat = meetingChatLine(incident);
  if (chat) items.push({ type: 'TextBlock', wrap: true, size: 'Small', isSubtle: true, text: `Meeting chat: ${userText(chat, LIMITS.textLength)}` });
  items.push({ type: 'TextBlock', text: 'Attendance (UTC)', weight: 'Bolder', size: 'Small', spacing: 'Medium' });
  const note = attendanceNote(incident.review);
  const entries = incident.review?.attendance ?? [];
  if (note) {
    items.push({ type: 'TextBlock', wrap: true, size: 'Small', isSubtle: true, text: plain(note) });
  } else {
    items.push(row(['Name', 'Joined–left', 'In the meeting'], true));
    for (const e of entries.slice(0, CARD_ROWS)) items.push(row([userText(e.name, LIMITS.nameLength), spanText(e), preciseDuration(e.totalSeconds * 1000)]));
    if (entries.length > CARD_ROWS) items.push({ type: 'TextBlock', size: 'Small', isSubtle: true, text: `…and ${entries.length - CARD_ROWS} more: type "export ${incident.id}".` });
  }
  const links = incident.review?.links ?? [];
  if (links.length > 0) {
    items.push({ type: 'TextBlock', wrap: true, size: 'Small', text: links.map((l, i) => link(`${l.kind === 'recording' ? 'Recording' : 'Transcript'} ${i + 1}`, l.url)).join(' · ') });
  }
  for (const p of otherProblems(incident.review)) items.push({ type: 'TextBlock', wrap: true, size: 'Small', isSubtle: true, text: userText(p, LIMITS.textLength) });
  return { type: 'Container', spacing: 'Medium', separator: true, items };
}
