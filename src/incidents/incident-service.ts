/**
 * The incident core: starts incidents and keeps their record. Depends only on the ports it defines.
 */
import { randomUUID } from 'node:crypto';
import { AppError, toAppError } from '../errors/app-error';
import type { AttendeeRequest, CardLocation, Incident, MeetingOptions, Person, Severity } from './incident';
import { DEFAULT_MEETING_OPTIONS, subjectFor } from './incident';
import { externalIdFor, incidentIdFor } from './incident-id';
import { addNote, changeSeverity, reopenIncident, resolveIncident, setCommander, type Change } from './incident-lifecycle';
import { needsAdminCheck } from './incident-permissions';
import type { ConversationScope, IncidentRepository } from './incident-repository';
import type { AdminCheck, Clock, MeetingGateway, MemberLookup, UserDirectory } from './ports';
import { resolveAttendees } from './resolve-attendees';
import { addTimeline } from './timeline';

export interface StartIncidentRequest {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly teamId?: string;
  readonly sourceActivityId: string;
  readonly requester: Person;
  readonly severity: Severity;
  readonly title: string;
  readonly attendees: readonly AttendeeRequest[];
  /** Words after "with" that were neither a mention nor an address: shown as unresolved. */
  readonly ignored?: readonly string[];
  readonly start: Date;
  readonly end: Date;
  /** Options typed as flags; the rest come from the configured defaults. */
  readonly options?: Partial<MeetingOptions>;
  readonly calendar?: boolean;
  /** Resolves Teams mentions in this conversation. */
  readonly members: MemberLookup;
}

export interface StartIncidentOutcome {
  readonly incident: Incident;
  /**
   * true when this request repeats one already handled or being handled (redelivery): the card exists already
   * (incident.card) or another delivery is posting it.
   */
  readonly replay: boolean;
}

/** How long a start in progress holds its claim before a redelivery may take over. */
const START_CLAIM_TTL_MS = 2 * 60_000;

export interface IncidentServiceDeps {
  readonly repository: IncidentRepository;
  readonly meetings: MeetingGateway;
  readonly directory: UserDirectory;
  readonly clock: Clock;
  /** A fixed organizer (service account) instead of the requester. */
  readonly fixedOrganizerId?: string;
  /** Meeting options used when a command does not set them. */
  readonly meetingDefaults?: MeetingOptions;
}

export class IncidentService {
  constructor(private readonly deps: IncidentServiceDeps) {}

  async start(req: StartIncidentRequest): Promise<StartIncidentOutcome> {
    const { repository, clock } = this.deps;
    const id = incidentIdFor(req.tenantId, req.conversationId, req.sourceActivityId);
    const organizerId = this.deps.fixedOrganizerId ?? req.requester.aadObjectId;
    const now = clock.now().toISOString();

    const { incident: stored, created } = await repository.createIfAbsent({
      id,
      tenantId: req.tenantId,
      conversationId: req.conversationId,
      teamId: req.teamId,
      severity: req.severity,
      title: req.title,
      requestedBy: req.requester,
      organizerId: organizerId ?? '',
      createdAt: now,
      window: { start: req.start.toISOString(), end: req.end.toISOString() },
      meetingOptions: { ...DEFAULT_MEETING_OPTIONS, ...this.deps.meetingDefaults, ...definedOnly(req.options) },
      ...(req.calendar ? { calendar: true } : {}),
      state: 'creating',
      attendees: [],
      unresolved: [],
      timeline: [{ at: now, text: `Incident started by ${req.requester.displayName}` }],
      sourceActivityId: req.sourceActivityId,
    });
    if (!created && stored.card) return { incident: stored, replay: true };
    // Two deliveries of the same message at once (Teams retries slow bots) both get here: an eTag-guarded claim
    // lets one of them make the meeting and post the card. A claim left by a crashed attempt expires.
    const token = randomUUID();
    const claimed = await repository.update(id, (cur) =>
      cur.card || (cur.startClaim && clock.now().getTime() - Date.parse(cur.startClaim.at) < START_CLAIM_TTL_MS)
        ? cur
        : { ...cur, startClaim: { token, at: clock.now().toISOString() } });
    if (claimed.startClaim?.token !== token) return { incident: claimed, replay: true };

    if (!organizerId) {
      return { incident: await this.fail(id, organizerUnknown()), replay: false };
    }

    const { resolved, unresolved } = await resolveAttendees(req.attendees, { members: req.members, directory: this.deps.directory });
    const attendees = resolved.filter((a) => a.aadObjectId !== organizerId);
    if (this.deps.fixedOrganizerId && req.requester.aadObjectId && !attendees.some((a) => a.aadObjectId === req.requester.aadObjectId)) {
      attendees.unshift({ ...req.requester, aadObjectId: req.requester.aadObjectId, requestedAs: 'requester' });
    }
    const notPeople = (req.ignored ?? []).map((t) => ({ requestedAs: t, reason: 'not an @mention or e-mail address' }));
    await repository.update(id, (cur) => ({ ...cur, attendees, unresolved: [...unresolved, ...notPeople] }));

    return { incident: await this.createMeeting(id), replay: false };
  }

  /** Tries the meeting again for an incident whose meeting could not be created (e.g. after an admin fixed a policy). */
  async retryMeeting(id: string): Promise<Incident> {
    const current = await this.deps.repository.get(id);
    if (!current) throw new AppError('INCIDENT_NOT_FOUND', `Incident ${id} was not found.`);
    if (current.meeting) return current;
    return this.createMeeting(id);
  }

  private async createMeeting(id: string): Promise<Incident> {
    const { repository, clock } = this.deps;
    const inc = await repository.get(id);
    if (!inc) throw new AppError('INCIDENT_NOT_FOUND', `Incident ${id} was not found.`);
    if (!inc.organizerId) return this.fail(id, organizerUnknown());
    try {
      const meeting = await this.deps.meetings.createOrGet({
        organizerId: inc.organizerId,
        externalId: externalIdFor(id, inc.tenantId),
        subject: subjectFor(inc.severity, inc.title),
        startDateTime: inc.window.start,
        endDateTime: inc.window.end,
        attendees: inc.attendees.map((a) => ({ aadObjectId: a.aadObjectId, upn: a.upn, displayName: a.displayName })),
        ...(inc.meetingOptions ? { options: inc.meetingOptions } : {}),
        ...(inc.calendar ? { calendar: true } : {}),
      });
      return await repository.update(id, (cur) =>
        addTimeline({ ...cur, meeting, state: cur.state === 'creating' || cur.state === 'meetingFailed' ? 'meetingReady' : cur.state, failure: undefined },
          clock.now(), 'Meeting ready'));
    } catch (e: unknown) {
      return this.fail(id, toAppError(e));
    }
  }

  /** Remembers where the incident's card was posted, so later changes update it in place. */
  async recordCard(id: string, card: CardLocation): Promise<Incident> {
    return this.deps.repository.update(id, (cur) => ({ ...cur, card }));
  }

  /** The most recent incident of a conversation that is not resolved. */
  async latestActive(scope: ConversationScope): Promise<Incident | undefined> {
    return this.deps.repository.latest(scope.conversationId, 'active', scope.tenantId);
  }

  async get(id: string): Promise<Incident | undefined> {
    return this.deps.repository.get(id);
  }

  /** The most recent incident of a conversation, whatever its state. */
  async latest(scope: ConversationScope): Promise<Incident | undefined> {
    return this.deps.repository.latest(scope.conversationId, 'any', scope.tenantId);
  }

  /** The most recent resolved incident of a conversation (what "reopen" without an id means). */
  async latestResolved(scope: ConversationScope): Promise<Incident | undefined> {
    return this.deps.repository.latest(scope.conversationId, 'resolved', scope.tenantId);
  }

  /** Incidents not resolved, newest first: of a team when a team id is given (every channel), else of the conversation. */
  async listActive(scope: ConversationScope & { readonly teamId?: string }): Promise<readonly Incident[]> {
    const all = scope.teamId ? await this.deps.repository.listByTeam(scope.teamId, scope.tenantId) : await this.deps.repository.listByConversation(scope.conversationId, scope.tenantId);
    return all.filter((i) => i.state !== 'resolved').sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  }

  /** Names the incident commander (anyone may). Naming the current commander again changes nothing. */
  async setCommander(id: string, commander: Person, by: Person): Promise<Change> {
    return this.change(id, (cur) => setCommander(cur, commander, { by, now: this.deps.clock.now() }));
  }

  /** Changes the severity (anyone may). */
  async changeSeverity(id: string, severity: Severity, by: Person): Promise<Change> {
    return this.change(id, (cur) => changeSeverity(cur, severity, { by, now: this.deps.clock.now() }));
  }

  /** Adds a note to the timeline (anyone may). */
  async addNote(id: string, text: string, by: Person): Promise<Incident> {
    return this.deps.repository.update(id, (cur) => addNote(cur, text, { by, now: this.deps.clock.now() }));
  }

  /**
   * Resolves the incident: only its requester, its commander or an admin may. The bot's call is not touched here
   * (the caller hangs up through CallService).
   */
  async resolve(id: string, by: Person, opts: { readonly summary?: string; readonly admins?: AdminCheck } = {}): Promise<Incident> {
    const isAdmin = await this.isAdmin(id, by, opts.admins);
    return this.deps.repository.update(id, (cur) => resolveIncident(cur, { by, now: this.deps.clock.now(), isAdmin, summary: opts.summary }));
  }

  /** Reopens a resolved incident: only its requester, its commander or an admin may. */
  async reopen(id: string, by: Person, opts: { readonly admins?: AdminCheck } = {}): Promise<Incident> {
    const isAdmin = await this.isAdmin(id, by, opts.admins);
    return this.deps.repository.update(id, (cur) => reopenIncident(cur, { by, now: this.deps.clock.now(), isAdmin }));
  }

  /** Asks the admin check only when it matters (not for the requester or the commander). */
  private async isAdmin(id: string, by: Person, admins: AdminCheck | undefined): Promise<boolean> {
    const current = await this.deps.repository.get(id);
    if (!current) throw new AppError('INCIDENT_NOT_FOUND', `Incident ${id} was not found.`);
    if (!admins || !by.aadObjectId || !needsAdminCheck(current, by)) return false;
    return admins.isAdmin(by.aadObjectId);
  }

  /** A read-modify-write of one transition, reporting whether it changed anything. */
  private async change(id: string, transition: (current: Incident) => Change): Promise<Change> {
    let changed = false;
    const incident = await this.deps.repository.update(id, (cur) => {
      const next = transition(cur);
      changed = next.changed;
      return next.incident;
    });
    return { incident, changed };
  }

  private async fail(id: string, error: AppError): Promise<Incident> {
    return this.deps.repository.update(id, (cur) =>
      addTimeline({
        ...cur,
        state: 'meetingFailed',
        failure: { code: error.code, message: error.message, hint: error.hint, details: error.details },
      }, this.deps.clock.now(), `Meeting could not be created (${error.code})`));
  }
}

function organizerUnknown(): AppError {
  return new AppError('ORGANIZER_UNKNOWN', 'Teams did not tell the bot who you are in Azure AD, so it cannot make you the meeting organizer.', {
    hint: 'Ask your admin to set MEETING_ORGANIZER_ID to a service account that has an application access policy.',
  });
}

function definedOnly(o: Partial<MeetingOptions> | undefined): Partial<MeetingOptions> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<MeetingOptions>;
}
