/**
 * The identifiers a Teams meeting gets, built the way Graph's look:
 *  - chat thread `19:meeting_<base64 of a GUID string>@thread.v2`
 *  - meeting id = base64("1*<organizerObjectId>*0**<threadId>"), e.g.
 *    `MSpkYzE3Njc0Yy04MWQ5LTRhZGItYmZiMi04ZjZhNDQyNjc5ZGMqMCoqMTk6bWVldGluZ19OMk5…`
 *  - joinWebUrl `https://teams.microsoft.com/l/meetup-join/19%3ameeting_<…>%40thread.v2/0?context=%7b%22Tid%22%3a%22<tenant>%22%2c%22Oid%22%3a%22<organizer>%22%7d`
 *    (lower-case percent escapes, as Teams writes them)
 *  - joinMeetingId: 12 digits; passcode: 6 characters; conference id: digits.
 */
import { randomInt, randomUUID } from 'node:crypto';

export interface MeetingCoordinates {
  readonly id: string;
  readonly threadId: string;
  readonly joinWebUrl: string;
  readonly joinMeetingId: string;
  readonly passcode: string;
  readonly conferenceId: string;
  readonly videoTeleconferenceId: string;
}

function digits(n: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < n) out += String(randomInt(0, 10));
  return out;
}

const PASSCODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

function passcode(): string {
  let out = '';
  for (let i = 0; i < 6; i++) out += PASSCODE_ALPHABET.charAt(randomInt(0, PASSCODE_ALPHABET.length));
  return out;
}

function meetingThreadId(): string {
  return `19:meeting_${Buffer.from(randomUUID()).toString('base64')}@thread.v2`;
}

function meetingId(organizerId: string, threadId: string): string {
  return Buffer.from(`1*${organizerId}*0**${threadId}`).toString('base64');
}

/** Inverse of meetingId(); undefined when the id is not of that form ("Meeting Id is corrupted"). */
export function parseMeetingId(id: string): { organizerId: string; threadId: string } | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(id)) return undefined;
  const text = Buffer.from(id, 'base64').toString('utf8');
  const m = /^1\*([^*]+)\*0\*\*(19:meeting_[^@]+@thread\.v2)$/.exec(text);
  if (m?.[1] === undefined || m[2] === undefined) return undefined;
  return { organizerId: m[1], threadId: m[2] };
}

function teamsEscape(s: string): string {
  return encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
}

function joinWebUrl(threadId: string, tenantId: string, organizerId: string): string {
  const context = `{"Tid":"${tenantId}","Oid":"${organizerId}"}`;
  return `https://teams.microsoft.com/l/meetup-join/${teamsEscape(threadId)}/0?context=${teamsEscape(context)}`;
}

export function newMeetingCoordinates(tenantId: string, organizerId: string): MeetingCoordinates {
  const threadId = meetingThreadId();
  return {
    id: meetingId(organizerId, threadId),
    threadId,
    joinWebUrl: joinWebUrl(threadId, tenantId, organizerId),
    joinMeetingId: digits(12),
    passcode: passcode(),
    conferenceId: digits(9),
    videoTeleconferenceId: digits(10),
  };
}
