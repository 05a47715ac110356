/** The onlineMeeting resource Graph answers with, built from a validated request and the meeting's coordinates. */
import type { MeetingCoordinates } from './meeting-coordinates';
import type { OnlineMeetingResource } from './meeting-store';
import type { MeetingRequest } from './online-meeting-resource';
import type { SandboxUser } from '../users/directory';
import { graphDateTime } from '../graph-context';

// --- the resource -------------------------------------------------------------------------------

export interface MeetingContext {
  readonly tenantId: string;
  readonly organizer: SandboxUser;
  readonly coordinates: MeetingCoordinates;
  /** False when the organizer has no audio-conferencing licence: audioConferencing is null. */
  readonly audioConferencing: boolean;
  /** Per-tenant dial-in page id (dialinUrl = https://dialin.teams.microsoft.com/<id>?id=<conferenceId>). */
  readonly dialinId: string;
}

function joinInformation(joinUrl: string): Record<string, unknown> {
  const html =
    '<div style="width:100%;height: 20px;"><span style="white-space:nowrap;color:gray;opacity:.36;">________________________________________________________________________________</span></div>' +
    `<div class="me-email-text"><div style="margin-top: 24px; margin-bottom: 10px;"><a class="me-email-headline" href="${joinUrl}" target="_blank" rel="noreferrer noopener">Join Microsoft Teams Meeting</a></div></div>`;
  return { content: `data:text/html,${encodeURIComponent(html)}`, contentType: 'html' };
}

export function buildOnlineMeeting(request: MeetingRequest, ctx: MeetingContext): OnlineMeetingResource {
  const c = ctx.coordinates;
  const s = request.settings;
  // application-post-onlinemeetings.md example 4: "When isPasscodeRequired is set to false or when
  // joinMeetingIdSettings is not specified in the request, the generated online meeting will not have a passcode."
  const passcodeRequired = s['isPasscodeRequired'] === true;
  return {
    id: c.id,
    creationDateTime: graphDateTime(new Date()),
    startDateTime: request.startDateTime,
    endDateTime: request.endDateTime,
    joinWebUrl: c.joinWebUrl,
    subject: request.subject,
    isBroadcast: s['isBroadcast'] ?? false,
    autoAdmittedUsers: 'EveryoneInCompany',
    isEntryExitAnnounced: s['isEntryExitAnnounced'] ?? true,
    allowedPresenters: s['allowedPresenters'] ?? 'everyone',
    allowMeetingChat: s['allowMeetingChat'] ?? 'enabled',
    shareMeetingChatHistoryDefault: s['shareMeetingChatHistoryDefault'] ?? null,
    allowTeamworkReactions: s['allowTeamworkReactions'] ?? true,
    allowAttendeeToEnableMic: s['allowAttendeeToEnableMic'] ?? true,
    allowAttendeeToEnableCamera: s['allowAttendeeToEnableCamera'] ?? true,
    allowParticipantsToChangeName: s['allowParticipantsToChangeName'] ?? false,
    recordAutomatically: s['recordAutomatically'] ?? false,
    videoTeleconferenceId: c.videoTeleconferenceId,
    externalId: request.externalId,
    broadcastSettings: null,
    watermarkProtection: null,
    audioConferencing: ctx.audioConferencing
      ? {
          conferenceId: c.conferenceId,
          tollNumber: '+1 425-555-0100',
          tollFreeNumber: '+1 800-555-0100',
          tollNumbers: ['+1 425-555-0100'],
          tollFreeNumbers: ['+1 800-555-0100'],
          dialinUrl: `https://dialin.teams.microsoft.com/${ctx.dialinId}?id=${c.conferenceId}`,
        }
      : null,
    chatInfo: { threadId: c.threadId, messageId: '0', replyChainMessageId: null },
    joinMeetingIdSettings: {
      isPasscodeRequired: passcodeRequired,
      joinMeetingId: c.joinMeetingId,
      passcode: passcodeRequired ? c.passcode : null,
    },
    lobbyBypassSettings: s['lobbyBypassSettings'] ?? { scope: 'organization', isDialInBypassEnabled: false },
    participants: {
      organizer: {
        upn: ctx.organizer.userPrincipalName,
        role: 'presenter',
        identity: {
          user: { id: ctx.organizer.id, displayName: null, tenantId: ctx.tenantId, identityProvider: 'AAD' },
        },
      },
      attendees: request.attendees,
      producers: [],
      contributors: [],
    },
    joinInformation: joinInformation(c.joinWebUrl),
  };
}
