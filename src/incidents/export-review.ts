/**
 * The review part of the Markdown export: the durations reviews report, the attendance table from the meeting's
 * attendance report, recordings and transcripts, and whether the meeting's chat carries the card. Pure.
 */
import type { Incident } from './incident';
import { attendanceNote, durationLines, otherProblems, preciseDuration, spanText } from './review-text';

export function reviewMarkdown(incident: Incident, esc: (text: string) => string): string[] {
  const lines: string[] = ['', '**Review**', ''];
  for (const d of durationLines(incident)) lines.push(`- **${esc(d.label)}:** ${d.value}`);
  const chat = meetingChatLine(incident);
  if (chat) lines.push(`- **Meeting chat:** ${esc(chat)}`);
  lines.push('', '**Attendance (meeting attendance report, UTC)**', '');
  const note = attendanceNote(incident.review);
  const entries = incident.review?.attendance ?? [];
  if (note) {
    lines.push(`_${esc(note)}_`);
  } else {
    // A Markdown table: Teams renders pipe tables in bot messages; elsewhere it stays a readable grid.
    lines.push('| Name | Role | Joined–left | In the meeting |', '|---|---|---|---|');
    for (const e of entries) {
      const name = e.email ? `${e.name} (${e.email})` : e.name;
      lines.push(`| ${esc(name)} | ${esc(e.role)} | ${spanText(e)} | ${preciseDuration(e.totalSeconds * 1000)} |`);
    }
  }
  const links = incident.review?.links ?? [];
  const problems = otherProblems(incident.review);
  if (links.length > 0 || problems.length > 0) {
    lines.push('', '**Recordings and transcripts**', '');
    for (const [i, l] of links.entries()) lines.push(`- [${l.kind === 'recording' ? 'Recording' : 'Transcript'} ${i + 1}](${l.url})${l.createdAt ? ` ${l.createdAt}` : ''}`);
    for (const p of problems) lines.push(`- _${esc(p)}_`);
  }
  return lines;
}

export function meetingChatLine(incident: Incident): string | undefined {
  const c = incident.meetingChat;
  if (!c) return undefined;
  if (c.status === 'posted') return 'the incident card is also in the meeting\'s chat';
  return `no card in the meeting's chat (${c.code}): ${c.message}${c.hint ? ` ${c.hint}` : ''}`;
}
