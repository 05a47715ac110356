/**
 * An incident as a Markdown document (for post-mortems): title, id, severity, commander, start and resolve times
 * (UTC, ISO 8601), duration, attendees, who joined the call, the timeline, the summary and the review facts
 * (durations, attendance table, recordings/transcripts: ./export-review). Pure: the caller passes
 * "now" for incidents that are still open. Uses only Markdown that Teams renders in a text message (bold, lists).
 */
import type { Incident } from './incident';
import { between, durationText } from './duration-text';
import { whoJoined } from '../calls/who-joined';
import { reviewMarkdown } from './export-review';

/** Teams text messages are limited to about 28 KB; stay well below it. */
const EXPORT_MAX_CHARS = 24_000;

/** Text typed by people, shown literally in Markdown. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/([\\`*_[\]#|<>~])/g, '\\$1')
    .replace(/^(\s*)-/, '$1\\-')
    .replace(/^(\s*\d+)\./, '$1\\.');
}

function utc(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z') : iso;
}

function list(names: readonly string[]): string {
  return names.length === 0 ? 'none' : names.map(escapeMarkdown).join(', ');
}

export function exportMarkdown(incident: Incident, now: Date, maxChars = EXPORT_MAX_CHARS): string {
  let omitted = 0;
  for (;;) {
    const text = render(incident, now, omitted);
    if (text.length <= maxChars || omitted >= incident.timeline.length) return text;
    omitted = Math.min(incident.timeline.length, omitted + Math.max(1, Math.ceil((text.length - maxChars) / 80)));
  }
}

function render(incident: Incident, now: Date, omitted: number): string {
  const resolvedAt = incident.state === 'resolved' ? incident.resolvedAt : undefined;
  const resolved = resolvedAt !== undefined;
  const end = resolvedAt ?? now;
  const duration = durationText(between(incident.createdAt, end));
  const lines: string[] = [
    `**${escapeMarkdown(`[${incident.severity.toUpperCase()}] ${incident.title}`)}**`,
    '',
    `- **Incident:** ${incident.id}`,
    `- **Severity:** ${incident.severity.toUpperCase()}`,
    `- **State:** ${resolved ? 'resolved' : 'open'}`,
    `- **Commander:** ${incident.commander ? escapeMarkdown(incident.commander.displayName) : 'none'}`,
    `- **Started by:** ${escapeMarkdown(incident.requestedBy.displayName)}`,
    `- **Started (UTC):** ${utc(incident.createdAt)}`,
    `- **Resolved (UTC):** ${resolved ? utc(resolvedAt) : 'not resolved'}`,
    ...(resolved && incident.resolvedBy ? [`- **Resolved by:** ${escapeMarkdown(incident.resolvedBy.displayName)}`] : []),
    `- **Duration:** ${resolved ? duration : `${duration} so far`}`,
    `- **Attendees:** ${list(incident.attendees.map((a) => a.displayName))}`,
    `- **Joined the call:** ${list(whoJoined(incident))}`,
    '',
    '**Timeline (UTC)**',
    '',
  ];
  if (omitted > 0) lines.push(`- (${omitted} earlier ${omitted === 1 ? 'entry' : 'entries'} left out to fit one message)`);
  for (const entry of incident.timeline.slice(omitted)) lines.push(`- ${utc(entry.at)} ${escapeMarkdown(entry.text)}`);
  lines.push(...reviewMarkdown(incident, escapeMarkdown));
  lines.push('', '**Summary**', '', incident.summary ? escapeMarkdown(incident.summary) : '_No summary given._');
  return lines.join('\n');
}
