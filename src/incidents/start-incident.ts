/**
 * Starting an incident, on the critical path to the card:
 *  - the record is stored once, carrying the start claim (its id comes from the message, so a redelivery finds it);
 *  - POST …/onlineMeetings/createOrGet goes out alongside the attendee look-ups, not after them: people already known
 *    (cached member look-ups, picked object ids) go in by id, e-mail addresses as `upn`; the card needs that one
 *    round trip and no other;
 *  - people resolved afterwards are added to the meeting (PATCH participants) and the card is updated in place;
 *  - crash-safe: a start claim names the process that holds it. A redelivery of a start whose process died (the
 *    claim is another process's) resumes it — the meeting (createOrGet is idempotent by externalId), then the card —
 *    instead of waiting for the claim to expire; a start that already has a card only refreshes it.
 */
import { randomUUID } from 'node:crypto';
import { toAppError, type AppError } from '../errors/app-error';
import type { AttendeeRequest, Incident, IncidentAlertSource, MeetingOptions, Person, ResolvedAttendee, Severity, UnresolvedAttendee } from './incident';
import { subjectFor } from './incident';
import { externalIdFor } from './incident-id';
import type { IncidentRepository } from './incident-repository';
import type { CardNotifier, Clock, MeetingAttendee, MeetingGateway, MemberLookup, UserDirectory } from './ports';
import { lookUpAttendees, type AttendeeResolution, type PendingResolution } from './resolve-attendees';
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
  /** The alert that opened it (alert webhooks, src/alerts). */
  readonly source?: IncidentAlertSource;
}

/** How long a start in progress holds its claim before a redelivery may take over (same process). */
const START_CLAIM_TTL_MS = 2 * 60_000;
/** How long the late-attendee follow-up waits for the card to be recorded before giving up on updating it. */
const CARD_WAIT_MS = 60_000;

/** This process: a claim with another owner was left by a process that died, or by another instance. */
const PROCESS_INSTANCE = randomUUID();

export interface StartDeps {
  readonly repository: IncidentRepository;
  readonly meetings: MeetingGateway;
  readonly directory: UserDirectory;
  readonly clock: Clock;
  readonly fixedOrganizerId?: string;
  readonly cards?: CardNotifier;
  /**
   * How long another process's start claim holds before a redelivery here resumes the start. 0 (default) suits
   * one process per store (file, memory: another owner can only be a process that died); shared stores (blob, many
   * instances) should wait longer so a live instance's slow start is not run twice.
   */
  readonly foreignClaimGraceMs?: number;
  readonly instanceId?: string;
  readonly onError?: (e: unknown, context: Record<string, string>) => void;
  readonly fail: (id: string, error: AppError) => Promise<Incident>;
  readonly organizerUnknown: () => AppError;
}

export class IncidentStarter {
  private readonly owner: string;
  private readonly cardWaiters = new Map<string, () => void>();
  private readonly followUps = new Set<Promise<void>>();

  constructor(private readonly deps: StartDeps) {
    this.owner = deps.instanceId ?? PROCESS_INSTANCE;
  }

  /** The claim for a first write: stored with the record, so a fresh start costs no separate claim write. */
  newClaim(): NonNullable<Incident['startClaim']> {
    return { token: randomUUID(), at: this.deps.clock.now().toISOString(), owner: this.owner };
  }

  /** Takes the start over when nobody live holds it; returns the claimed incident, or undefined (someone else has it). */
  async claim(id: string): Promise<Incident | undefined> {
    const mine = this.newClaim();
    const claimed = await this.deps.repository.update(id, (cur) => (cur.card || this.held(cur) ? cur : { ...cur, startClaim: mine }));
    return claimed.startClaim?.token === mine.token ? claimed : undefined;
  }

  private held(cur: Incident): boolean {
    const c = cur.startClaim;
    if (!c) return false;
    const age = this.deps.clock.now().getTime() - Date.parse(c.at);
    const mineOrUnknown = c.owner === undefined || c.owner === this.owner;
    return age < (mineOrUnknown ? START_CLAIM_TTL_MS : Math.min(this.deps.foreignClaimGraceMs ?? 0, START_CLAIM_TTL_MS));
  }

  /** Meeting first (one round trip), attendees completed afterwards. Returns the incident the card shows. */
  async run(inc: Incident, req: StartIncidentRequest): Promise<Incident> {
    if (!inc.organizerId) return this.deps.fail(inc.id, this.deps.organizerUnknown());
    const lookups = lookUpAttendees(req.attendees, { members: req.members, directory: this.deps.directory });
    if (inc.meeting) {
      // Resumed after a crash that came after the meeting: only the attendees may be missing.
      if (inc.lookupsPending) this.followUp(inc, req, lookups, new Set(), new Set());
      return inc;
    }
    if (inc.calendar) return this.withCalendar(inc, req, await lookups.all);

    await nextTurn(); // cached look-ups answer within a turn: their people go into createOrGet too
    const early = this.attendeesOf(inc, req, lookups.now());
    const directoryIds = new Set(req.attendees.flatMap((a) => (a.kind === 'directoryUser' ? [a.aadObjectId.toLowerCase()] : [])));
    const known = new Set(early.attendees.map((a) => a.aadObjectId.toLowerCase()));
    const pendingIds = [...directoryIds].filter((x) => !known.has(x));
    const emails = req.attendees.flatMap((a) => (a.kind === 'email' && !early.unresolved.some((u) => u.requestedAs === a.address) && !early.attendees.some((p) => p.requestedAs === a.address) ? [a.address] : []));
    const sent: MeetingAttendee[] = [
      ...early.attendees.map((a) => ({ aadObjectId: a.aadObjectId, upn: a.upn, displayName: a.displayName })),
      ...pendingIds.map((aadObjectId) => ({ aadObjectId })),
      ...emails.map((upn) => ({ upn })),
    ];
    try {
      const meeting = await this.deps.meetings.createOrGet({ ...this.meetingRequest(inc), attendees: sent });
      // Look-ups that came back while the meeting was being made show on the first card.
      const now = lookups.done() ? await lookups.all : lookups.now();
      const shown = this.attendeesOf(inc, req, now);
      const pending = !lookups.done();
      const stored = await this.deps.repository.update(inc.id, (cur) =>
        addTimeline({
          ...cur,
          attendees: shown.attendees,
          unresolved: shown.unresolved,
          meeting,
          state: cur.state === 'creating' || cur.state === 'meetingFailed' ? 'meetingReady' : cur.state,
          failure: undefined,
          ...(pending ? { lookupsPending: true } : {}),
        }, this.deps.clock.now(), 'Meeting ready'));
      const sentIds = new Set(sent.flatMap((a) => (a.aadObjectId ? [a.aadObjectId.toLowerCase()] : [])));
      const sentUpns = new Set(emails.map((e) => e.toLowerCase()));
      this.followUp(stored, req, lookups, sentIds, sentUpns);
      return stored;
    } catch (e: unknown) {
      // No meeting: the card says why; a retry needs the attendees, so wait for them here.
      const all = this.attendeesOf(inc, req, await lookups.all);
      await this.deps.repository.update(inc.id, (cur) => ({ ...cur, attendees: all.attendees, unresolved: all.unresolved }));
      return this.deps.fail(inc.id, toAppError(e));
    }
  }

  private async withCalendar(inc: Incident, req: StartIncidentRequest, resolution: AttendeeResolution): Promise<Incident> {
    const all = this.attendeesOf(inc, req, resolution);
    await this.deps.repository.update(inc.id, (cur) => ({ ...cur, attendees: all.attendees, unresolved: all.unresolved }));
    try {
      const meeting = await this.deps.meetings.createOrGet({ ...this.meetingRequest(inc), attendees: all.attendees.map((a) => ({ aadObjectId: a.aadObjectId, upn: a.upn, displayName: a.displayName })) });
      return await this.deps.repository.update(inc.id, (cur) =>
        addTimeline({ ...cur, meeting, state: cur.state === 'creating' || cur.state === 'meetingFailed' ? 'meetingReady' : cur.state, failure: undefined }, this.deps.clock.now(), 'Meeting ready'));
    } catch (e: unknown) {
      return this.deps.fail(inc.id, toAppError(e));
    }
  }

  private meetingRequest(inc: Incident) {
    return {
      organizerId: inc.organizerId,
      externalId: externalIdFor(inc.id, inc.tenantId),
      subject: subjectFor(inc.severity, inc.title),
      startDateTime: inc.window.start,
      endDateTime: inc.window.end,
      ...(inc.meetingOptions ? { options: inc.meetingOptions } : {}),
      ...(inc.calendar ? { calendar: true } : {}),
    };
  }

  /** The organizer is not an attendee; a fixed organizer (service account) invites the requester. */
  private attendeesOf(inc: Incident, req: StartIncidentRequest, r: AttendeeResolution): { attendees: ResolvedAttendee[]; unresolved: UnresolvedAttendee[] } {
    const attendees = r.resolved.filter((a) => a.aadObjectId !== inc.organizerId);
    const requesterId = req.requester.aadObjectId;
    if (this.deps.fixedOrganizerId && requesterId && !attendees.some((a) => a.aadObjectId === requesterId)) {
      attendees.unshift({ ...req.requester, aadObjectId: requesterId, requestedAs: 'requester' });
    }
    const notPeople = (req.ignored ?? []).map((t) => ({ requestedAs: t, reason: 'not an @mention or e-mail address' }));
    return { attendees, unresolved: [...r.unresolved, ...notPeople] };
  }

  /** People resolved after the card: into the meeting (when it lacks them), the record, and the card in place. */
  private followUp(inc: Incident, req: StartIncidentRequest, lookups: PendingResolution, sentIds: ReadonlySet<string>, sentUpns: ReadonlySet<string>): void {
    const work = (async () => {
      const final = this.attendeesOf(inc, req, await lookups.all);
      // Addresses went in as `upn` only: the meeting gets everyone by directory id once they are known.
      const missing = final.attendees.some((a) => !sentIds.has(a.aadObjectId.toLowerCase()));
      const stray = final.unresolved.some((u) => sentUpns.has(u.requestedAs.toLowerCase()));
      if ((missing || stray) && inc.meeting && this.deps.meetings.updateAttendees) {
        await this.deps.meetings.updateAttendees({
          organizerId: inc.organizerId,
          meetingId: inc.meeting.id,
          attendees: final.attendees.map((a) => ({ aadObjectId: a.aadObjectId, upn: a.upn, displayName: a.displayName })),
        });
      }
      let changed = false;
      const stored = await this.deps.repository.update(inc.id, (cur) => {
        changed = !sameJson(cur.attendees, final.attendees) || !sameJson(cur.unresolved, final.unresolved);
        return changed || cur.lookupsPending ? { ...cur, attendees: final.attendees, unresolved: final.unresolved, lookupsPending: undefined } : cur;
      });
      if (!changed || !this.deps.cards) return;
      const withCard = stored.card ? stored : await this.cardRecorded(inc.id);
      if (withCard?.card) await this.deps.cards.update(withCard);
    })().catch((e: unknown) => this.deps.onError?.(e, { incidentId: inc.id, step: 'late attendees' }));
    this.followUps.add(work);
    void work.finally(() => this.followUps.delete(work));
  }

  /** Called once the card's reference is stored: a follow-up waiting to update it goes ahead. */
  cardStored(id: string): void {
    this.cardWaiters.get(id)?.();
  }

  private cardRecorded(id: string): Promise<Incident | undefined> {
    return new Promise((resolve) => {
      let done = false;
      const timer = setTimeout(() => finish(), CARD_WAIT_MS);
      timer.unref();
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (this.cardWaiters.get(id) === finish) this.cardWaiters.delete(id);
        this.deps.repository.get(id).then(resolve, () => resolve(undefined));
      };
      this.cardWaiters.set(id, finish);
      // The card may have been recorded after the caller's read and before this waiter existed: look once more.
      this.deps.repository.get(id).then((cur) => { if (cur?.card) finish(); }, (e: unknown) => this.deps.onError?.(e, { incidentId: id, step: 'card wait' }));
    });
  }

  /** Resolves when every late-attendee follow-up has finished (tests, benchmarks, shutdown). */
  async idle(): Promise<void> {
    while (this.followUps.size > 0) await Promise.all([...this.followUps]);
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

