/** MeetingGateway on Graph: POST /users/{organizer}/onlineMeetings/createOrGet. */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { MeetingCoordinates } from '../incidents/incident';
import type { MeetingGateway, MeetingRequest } from '../incidents/ports';
import { meetingError } from './graph-errors';

/** The parts of Graph's onlineMeeting resource we read. */
interface OnlineMeetingResource {
  id: string;
  joinWebUrl: string;
  subject?: string | null;
  startDateTime: string;
  endDateTime: string;
  externalId?: string | null;
  joinMeetingIdSettings?: { joinMeetingId?: string | null; passcode?: string | null } | null;
  audioConferencing?: { tollNumber?: string | null; tollFreeNumber?: string | null; conferenceId?: string | null; dialinUrl?: string | null } | null;
  chatInfo: { threadId: string; messageId: string; replyChainMessageId?: string | null };
  participants?: { organizer?: { upn?: string | null; identity?: { user?: { id?: string | null; tenantId?: string | null } | null } | null } | null } | null;
}

export class GraphMeetingGateway implements MeetingGateway {
  constructor(private readonly client: Client, private readonly appId?: string) {}

  async createOrGet(req: MeetingRequest): Promise<MeetingCoordinates> {
    const body = {
      externalId: req.externalId,
      subject: req.subject,
      startDateTime: req.startDateTime,
      endDateTime: req.endDateTime,
      participants: {
        attendees: req.attendees.map((a) => ({
          identity: { user: { id: a.aadObjectId } },
          ...(a.upn ? { upn: a.upn } : {}),
          role: 'attendee',
        })),
      },
    };
    let m: OnlineMeetingResource;
    try {
      m = (await this.client.api(`/users/${encodeURIComponent(req.organizerId)}/onlineMeetings/createOrGet`).post(body)) as OnlineMeetingResource;
    } catch (e: unknown) {
      throw meetingError(e, { organizerId: req.organizerId, appId: this.appId });
    }
    return toCoordinates(m, req);
  }
}

function orUndefined(v: string | null | undefined): string | undefined {
  return v === null || v === undefined || v === '' ? undefined : v;
}

export function toCoordinates(m: OnlineMeetingResource, req: MeetingRequest): MeetingCoordinates {
  const ac = m.audioConferencing;
  const dialIn = ac && (ac.tollNumber || ac.tollFreeNumber || ac.conferenceId)
    ? {
        tollNumber: orUndefined(ac.tollNumber),
        tollFreeNumber: orUndefined(ac.tollFreeNumber),
        conferenceId: orUndefined(ac.conferenceId),
        dialinUrl: orUndefined(ac.dialinUrl),
      }
    : undefined;
  const organizer = m.participants?.organizer;
  return {
    id: m.id,
    joinWebUrl: m.joinWebUrl,
    subject: m.subject ?? req.subject,
    startDateTime: m.startDateTime,
    endDateTime: m.endDateTime,
    externalId: m.externalId ?? req.externalId,
    joinMeetingId: orUndefined(m.joinMeetingIdSettings?.joinMeetingId),
    passcode: orUndefined(m.joinMeetingIdSettings?.passcode),
    dialIn,
    chatInfo: { threadId: m.chatInfo.threadId, messageId: m.chatInfo.messageId, replyChainMessageId: m.chatInfo.replyChainMessageId ?? null },
    organizer: {
      id: organizer?.identity?.user?.id ?? req.organizerId,
      tenantId: orUndefined(organizer?.identity?.user?.tenantId),
      upn: orUndefined(organizer?.upn),
    },
  };
}
