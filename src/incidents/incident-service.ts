/**
 * The incident core: starts incidents and keeps their record. Depends only on the ports it defines.
 */
import { AppError, toAppError } from '../errors/app-error';
import type { CardLocation, Incident, MeetingOptions, Person, Severity } from './incident';
import { DEFAULT_MEETING_OPTIONS, subjectFor } from './incident';
import { incidentNotFound } from './incident-errors';
import { externalIdFor, incidentIdFor } from './incident-id';
import { addNote, changeSeverity, reopenIncident, resolveIncident, setCommander, type Change } from './incident-lifecycle';
import { needsAdminCheck } from './incident-permissions';
import type { ConversationScope, IncidentRepository } from './incident-repository';
import type { AdminCheck, CardNotifier, Clock, MeetingGateway, UserDirectory } from './ports';
import type { MeetingArtifactsGateway } from './artifact-ports';
import { collectReviewFacts } from './collect-review';
import { IncidentStarter, type StartIncidentRequest } from './start-incident';
import { addTimeline } from './timeline';

export type { StartIncidentRequest } from './start-incident';

export interface StartIncidentOutcome {
  readonly incident: Incident;
  /**
   * true when this request repeats one already handled or being handled (redelivery): the card exists already
   * (incident.card) or another delivery is posting it.
   */
  readonly replay: boolean;
}

export interface IncidentServiceDeps {
  readonly repository: IncidentRepository;
  readonly meetings: MeetingGateway;
  readonly directory: UserDirectory;
  readonly clock: Clock;
  /** A fixed organizer (service account) instead of the requester. */
  readonly fixedOrganizerId?: string;
  /** Meeting options used when a command does not set them. */
  readonly meetingDefaults?: MeetingOptions;
  /** Shares the card into the meeting's chat once it is recorded (issue #14); absent: no meeting-chat card. */
  readonly meetingChat?: { share(incident: Incident): Promise<Incident> };
  /** Finds the incident a meeting chat belongs to (commands typed there name no id). */
  readonly meetingChatIndex?: { incidentFor(chatId: string): Promise<string | undefined> };
  /** Attendance reports, recordings, transcripts (issue #14); absent: no review facts are read. */
  readonly artifacts?: MeetingArtifactsGateway;
  /** Updates a card in place when people are resolved after it was posted. */
  readonly cards?: CardNotifier;
  /** See StartDeps.foreignClaimGraceMs (0: one process per store). */
  readonly foreignClaimGraceMs?: number;
  readonly onError?: (e: unknown, context: Record<string, string>) => void;
}

export class IncidentService {
  private readonly starter: IncidentStarter;

  constructor(private readonly deps: IncidentServiceDeps) {
    this.starter = new IncidentStarter({
      ...deps,
      fail: (id, error) => this.fail(id, error),
      organizerUnknown,
    });
  }

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
      ...(req.source ? { source: req.source } : {}),
      // The claim goes in with the record: a first delivery needs no second write to own the start.
      startClaim: this.starter.newClaim(),
    });
    let claimed: Incident | undefined = stored;
    if (!created) {
      if (stored.card) return { incident: stored, replay: true };
      // Two deliveries of the same message at once (Teams retries slow bots): an eTag-guarded claim lets one of
      // them make the meeting and post the card. A claim left by a process that died is taken over at once.
      claimed = await this.starter.claim(id);
      if (!claimed) return { incident: (await repository.get(id)) ?? stored, replay: true };
    }
    return { incident: await this.starter.run(claimed, req), replay: false };
  }

  /** Tries the meeting again for an incident whose meeting could not be created (e.g. after an admin fixed a policy). */
  async retryMeeting(id: string): Promise<Incident> {
    const current = await this.deps.repository.get(id);
    if (!current) throw incidentNotFound(id);
    if (current.meeting) return current;
    return this.createMeeting(id);
  }

  private async createMeeting(id: string): Promise<Incident> {
    const { repository, clock } = this.deps;
    const inc = await repository.get(id);
    if (!inc) throw incidentNotFound(id);
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
    const stored = await this.deps.repository.update(id, (cur) => ({ ...cur, card }));
    this.starter.cardStored(id);
    return this.shareInMeetingChat(stored);
  }

  /** Resolves once every start's late-attendee work (meeting PATCH, card update) has finished. */
  async idle(): Promise<void> {
    await this.starter.idle();
  }

  /** The card goes into the meeting's own chat too (never fails the caller: the sharing records what went wrong). */
  private async shareInMeetingChat(incident: Incident): Promise<Incident> {
    return this.deps.meetingChat ? this.deps.meetingChat.share(incident) : incident;
  }

  /** The active incident whose meeting chat this conversation is, if it is one. */
  private async meetingChatIncident(scope: ConversationScope): Promise<Incident | undefined> {
    const id = await this.deps.meetingChatIndex?.incidentFor(scope.conversationId);
    const found = id ? await this.deps.repository.get(id) : undefined;
    return found && found.state !== 'resolved' && found.tenantId === scope.tenantId ? found : undefined;
  }

  /** The most recent incident of a conversation that is not resolved. */
  async latestActive(scope: ConversationScope): Promise<Incident | undefined> {
    return (await this.deps.repository.latest(scope.conversationId, 'active', scope.tenantId)) ?? this.meetingChatIncident(scope);
  }

  async get(id: string): Promise<Incident | undefined> {
    return this.deps.repository.get(id);
  }

  /** The most recent incident of a conversation, whatever its state. */
  async latest(scope: ConversationScope): Promise<Incident | undefined> {
    const here = await this.deps.repository.latest(scope.conversationId, 'any', scope.tenantId);
    if (here) return here;
    const id = await this.deps.meetingChatIndex?.incidentFor(scope.conversationId);
    const found = id ? await this.deps.repository.get(id) : undefined;
    return found && found.tenantId === scope.tenantId ? found : undefined;
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
    const resolved = await this.deps.repository.update(id, (cur) => resolveIncident(cur, { by, now: this.deps.clock.now(), isAdmin, summary: opts.summary }));
    return this.refreshReview(resolved);
  }

  /**
   * Reads the meeting's review facts (attendance, recordings, transcripts) and keeps them on the incident. Called on
   * resolve and by export; an incident without a meeting, or without the artifacts port, is returned as it is.
   */
  async refreshReview(incident: Incident): Promise<Incident> {
    const gateway = this.deps.artifacts;
    if (!gateway || !incident.meeting) return incident;
    const review = await collectReviewFacts(incident, gateway, this.deps.clock.now());
    return review ? this.deps.repository.update(incident.id, (cur) => ({ ...cur, review })) : incident;
  }

  /** Reopens a resolved incident: only its requester, its commander or an admin may. */
  async reopen(id: string, by: Person, opts: { readonly admins?: AdminCheck } = {}): Promise<Incident> {
    const isAdmin = await this.isAdmin(id, by, opts.admins);
    return this.deps.repository.update(id, (cur) => reopenIncident(cur, { by, now: this.deps.clock.now(), isAdmin }));
  }

  /** Asks the admin check only when it matters (not for the requester or the commander). */
  private async isAdmin(id: string, by: Person, admins: AdminCheck | undefined): Promise<boolean> {
    const current = await this.deps.repository.get(id);
    if (!current) throw incidentNotFound(id);
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
