/**
 * MeetingGateway on Graph. Plain bridges: POST /users/{organizer}/onlineMeetings/createOrGet (idempotent by
 * externalId). `+calendar` bridges: POST /users/{organizer}/events with a Teams meeting (idempotent by
 * transactionId), then the meeting's coordinates looked up by its join URL. Options Graph does not accept on
 * createOrGet (lobby, presenters, recording) are PATCHed afterwards, only when they differ.
 */
import { createHash } from 'node:crypto';
import type { Client, GraphRequest } from '@microsoft/microsoft-graph-client';
import { AppError } from '../errors/app-error';
import type { MeetingCoordinates, MeetingOptions } from '../incidents/incident';
import { ALLOWED_PRESENTERS, LOBBY_BYPASS_SCOPES } from '../incidents/meeting-options';
import type { MeetingAttendee, MeetingGateway, MeetingRequest } from '../incidents/ports';
import { commonGraphError, graphFailureOf, grantPermissionSteps, meetingError } from './graph-errors';
import { defaultTiming, withGraphRetry, type RetryTiming } from './graph-retry';

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
  lobbyBypassSettings?: { scope?: string | null } | null;
  allowedPresenters?: string | null;
  recordAutomatically?: boolean | null;
}

const INCLUDE_UNKNOWN_ENUM_MEMBERS = 'include-unknown-enum-members';

interface EventResource {
  id: string;
  onlineMeeting?: { joinUrl?: string | null } | null;
}

export class GraphMeetingGateway implements MeetingGateway {
  constructor(private readonly client: Client, private readonly appId?: string, private readonly timing: RetryTiming = defaultTiming) {}

  async createOrGet(req: MeetingRequest): Promise<MeetingCoordinates> {
    const organizer = encodeURIComponent(req.organizerId);
    let meeting: OnlineMeetingResource;
    let calendarEventId: string | undefined;
    try {
      if (req.calendar) {
        ({ meeting, eventId: calendarEventId } = await this.createWithCalendar(req));
      } else {
        meeting = (await withGraphRetry(() => this.meetings(`/users/${organizer}/onlineMeetings/createOrGet`).post({
          externalId: req.externalId,
          subject: req.subject,
          startDateTime: req.startDateTime,
          endDateTime: req.endDateTime,
          participants: {
            attendees: req.attendees.map(attendeeInfo),
          },
        }), this.timing)) as OnlineMeetingResource;
      }
      if (req.options && !hasOptions(meeting, req.options)) {
        const id = meeting.id;
        const options = req.options;
        meeting = (await withGraphRetry(() => this.meetings(`/users/${organizer}/onlineMeetings/${encodeURIComponent(id)}`).patch({
          lobbyBypassSettings: { scope: options.lobbyBypass, isDialInBypassEnabled: true },
          allowedPresenters: options.allowedPresenters,
          recordAutomatically: options.recordAutomatically,
        }), this.timing)) as OnlineMeetingResource;
      }
    } catch (e: unknown) {
      if (e instanceof AppError) throw e;
      throw meetingError(e, { organizerId: req.organizerId, appId: this.appId });
    }
    return { ...toCoordinates(meeting, req), ...(calendarEventId ? { calendarEventId } : {}) };
  }

  /**
   * An onlineMeeting request. lobbyBypassScope's `invited` / `organizationExcludingGuests` (and the roles
   * producer / coorganizer) are evolvable-enum members: Graph shows them, and accepts them, only with
   * `Prefer: include-unknown-enum-members` (otherwise `unknownFutureValue`; resources/lobbybypasssettings.md).
   */
  private meetings(path: string): GraphRequest {
    return this.client.api(path).header('Prefer', INCLUDE_UNKNOWN_ENUM_MEMBERS);
  }

  /**
   * PATCH /users/{organizer}/onlineMeetings/{id} with `participants.attendees`: Graph replaces the attendees with
   * the list sent (onlinemeeting-update.md: participants, attendees only). Idempotent, retried like every PATCH.
   */
  async updateAttendees(req: { readonly organizerId: string; readonly meetingId: string; readonly attendees: readonly MeetingAttendee[] }): Promise<void> {
    const path = `/users/${encodeURIComponent(req.organizerId)}/onlineMeetings/${encodeURIComponent(req.meetingId)}`;
    try {
      await withGraphRetry(() => this.meetings(path).patch({ participants: { attendees: req.attendees.map(attendeeInfo) } }), this.timing);
    } catch (e: unknown) {
      if (e instanceof AppError) throw e;
      throw meetingError(e, { organizerId: req.organizerId, appId: this.appId });
    }
  }

  private async createWithCalendar(req: MeetingRequest): Promise<{ meeting: OnlineMeetingResource; eventId: string }> {
    const organizer = encodeURIComponent(req.organizerId);
    const withAddress = req.attendees.filter((a) => a.upn);
    let event: EventResource;
    try {
      event = (await withGraphRetry(() => this.client.api(`/users/${organizer}/events`).post({
        subject: req.subject,
        body: { contentType: 'text', content: `Incident bridge opened by incident-bridge. ${req.subject}` },
        start: { dateTime: req.startDateTime.replace(/Z$/, ''), timeZone: 'UTC' },
        end: { dateTime: req.endDateTime.replace(/Z$/, ''), timeZone: 'UTC' },
        attendees: withAddress.map((a) => ({ emailAddress: { address: a.upn, ...(a.displayName ? { name: a.displayName } : {}) }, type: 'required' })),
        isOnlineMeeting: true,
        onlineMeetingProvider: 'teamsForBusiness',
        allowNewTimeProposals: false,
        // Graph de-duplicates event creation by transactionId: a retried command makes no second event.
        transactionId: transactionIdFor(req.externalId),
      }), this.timing)) as EventResource;
    } catch (e: unknown) {
      const f = graphFailureOf(e);
      if (f.statusCode === 403) {
        throw new AppError('GRAPH_PERMISSION_MISSING', 'The bot may not create calendar events for the organizer (403): the app lacks the Calendars.ReadWrite permission.', {
          hint: 'An admin must grant the app the Calendars.ReadWrite application permission (with admin consent), or start the incident without +calendar:',
          details: grantPermissionSteps('Calendars.ReadWrite'),
          cause: e,
        });
      }
      throw commonGraphError(e, f, 'create the calendar event');
    }
    const joinUrl = event.onlineMeeting?.joinUrl;
    if (!joinUrl) throw new AppError('GRAPH_FAILED', 'Graph created the calendar event without a Teams meeting.', { hint: 'Check that Teams meetings are allowed for the organizer\'s mailbox, or start without +calendar.' });
    // joinWebUrl must be URL-encoded inside the filter (Graph docs: Get onlineMeeting by joinWebUrl).
    const found = (await withGraphRetry(() => this.meetings(`/users/${organizer}/onlineMeetings`).filter(`JoinWebUrl eq '${encodeURIComponent(joinUrl)}'`).get(), this.timing)) as { value?: OnlineMeetingResource[] };
    const meeting = found.value?.[0];
    if (!meeting) throw new AppError('GRAPH_FAILED', 'The calendar event\'s Teams meeting could not be found.', { hint: 'Try again in a minute; if it persists start without +calendar.' });
    return { meeting, eventId: event.id };
  }
}

/** meetingParticipantInfo: the directory identity when known, the address (`upn`) alone otherwise. */
function attendeeInfo(a: MeetingAttendee): Record<string, unknown> {
  return { ...(a.aadObjectId ? { identity: { user: { id: a.aadObjectId, ...(a.displayName ? { displayName: a.displayName } : {}) } } } : {}), ...(a.upn ? { upn: a.upn } : {}), role: 'attendee' };
}

function hasOptions(m: OnlineMeetingResource, o: MeetingOptions): boolean {
  return m.lobbyBypassSettings?.scope === o.lobbyBypass && m.allowedPresenters === o.allowedPresenters && (m.recordAutomatically ?? false) === o.recordAutomatically;
}

/** Graph wants a GUID-like transactionId; derive one from the externalId so retries reuse it. */
function transactionIdFor(externalId: string): string {
  const h = createHash('sha256').update(externalId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function orUndefined(v: string | null | undefined): string | undefined {
  return v === null || v === undefined || v === '' ? undefined : v;
}

const LOBBY = new Set<MeetingOptions['lobbyBypass']>(LOBBY_BYPASS_SCOPES);
const PRESENTERS = new Set<MeetingOptions['allowedPresenters']>(ALLOWED_PRESENTERS);

function optionsOf(m: OnlineMeetingResource): MeetingOptions | undefined {
  const scope = m.lobbyBypassSettings?.scope as MeetingOptions['lobbyBypass'] | undefined;
  const presenters = m.allowedPresenters as MeetingOptions['allowedPresenters'] | undefined;
  if (!scope || !LOBBY.has(scope) || !presenters || !PRESENTERS.has(presenters)) return undefined;
  return { lobbyBypass: scope, allowedPresenters: presenters, recordAutomatically: m.recordAutomatically ?? false };
}

function toCoordinates(m: OnlineMeetingResource, req: MeetingRequest): MeetingCoordinates {
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
  const options = optionsOf(m);
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
    ...(options ? { options } : {}),
  };
}
