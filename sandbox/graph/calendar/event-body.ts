/** The HTML body Outlook gives a Teams-meeting event (the join block) and its bodyPreview. */
import type { EventRequest } from './event-request';

export interface OnlineMeetingInfo {
  readonly joinUrl: string;
  readonly conferenceId: string | null;
  readonly tollNumber: string | null;
  readonly joinMeetingId: string | null;
  readonly passcode: string | null;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function teamsBlock(meeting: OnlineMeetingInfo): string {
  const id = meeting.joinMeetingId === null ? '' : meeting.joinMeetingId.replace(/(\d{3})(?=\d)/g, '$1 ');
  const codes =
    meeting.joinMeetingId === null
      ? ''
      : `<div style="margin-bottom:20px"><span style="font-size:14px;color:#252424">Meeting ID: ${id}</span><br>` +
        (meeting.passcode === null ? '' : `<span style="font-size:14px;color:#252424">Passcode: ${escapeHtml(meeting.passcode)}</span>`) +
        '</div>';
  const dialIn =
    meeting.tollNumber === null || meeting.conferenceId === null
      ? ''
      : `<div style="margin-bottom:20px"><span style="font-size:14px;color:#252424">Dial in by phone</span><br>` +
        `<span style="font-size:14px;color:#252424">${escapeHtml(meeting.tollNumber)},,${meeting.conferenceId}# United States, Seattle</span><br>` +
        `<span style="font-size:14px;color:#252424">Phone conference ID: ${meeting.conferenceId}#</span></div>`;
  return (
    '<div style="width:100%"><span style="white-space:nowrap;color:#5F5F5F;opacity:.36">________________________________________________________________________________</span></div>' +
    '<div class="me-email-text" lang="en-US" style="color:#252424;font-family:\'Segoe UI\',\'Helvetica Neue\',Helvetica,Arial,sans-serif">' +
    '<div style="margin-top:24px;margin-bottom:20px"><span style="font-size:24px;color:#252424">Microsoft Teams meeting</span></div>' +
    '<div style="margin-bottom:20px"><div style="margin-top:0px;margin-bottom:0px;font-weight:bold"><span style="font-size:14px;color:#252424">Join on your computer, mobile app or room device</span></div>' +
    `<a class="me-email-headline" href="${escapeHtml(meeting.joinUrl)}" target="_blank" rel="noreferrer noopener" style="font-size:14px;font-family:'Segoe UI Semibold','Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif;text-decoration:underline;color:#6264a7">Click here to join the meeting</a></div>` +
    codes +
    dialIn +
    '</div>'
  );
}

export function htmlBody(request: EventRequest, meeting: OnlineMeetingInfo | null): string {
  const own = request.body.contentType === 'html' ? request.body.content : escapeHtml(request.body.content).replace(/\r?\n/g, '<br>');
  const inner = /<body[^>]*>([\s\S]*)<\/body>/i.exec(own)?.[1] ?? own;
  return (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>' +
    inner +
    (meeting === null ? '' : `<br>${teamsBlock(meeting)}`) +
    '</body></html>'
  );
}

export function preview(html: string): string {
  const text = html
    .replace(/<head[\s\S]*?<\/head>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(div|p)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  const lines = text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l.length > 0);
  return lines.join('\r\n').slice(0, 255);
}
