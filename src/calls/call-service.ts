/**
 * The bot in the incident's meeting call: join (once, however many clicks), leave, page people, and apply
 * Graph's call notifications to the incident, keeping its card current.
 */
import { randomUUID } from 'node:crypto';
import { AppError, toAppError } from '../errors/app-error';
import { applyCallEvent, type CallEffect } from './apply-call-event';
import { sameCall } from './call-id';
import { CallEventQueue } from './call-event-queue';
import { CallLinkCache } from './call-links';
import type { CallEvent } from './call-events';
import { type CallState, isLive } from './call-state';
import type { Incident, Person } from '../incidents/incident';
import { incidentNotFound } from '../incidents/incident-errors';
import { assertNotResolved } from '../incidents/incident-lifecycle';
import type { IncidentRepository } from '../incidents/incident-repository';
import type { CallGateway, CardNotifier, Clock, MediaPrompt } from '../incidents/ports';
import { addTimeline } from '../incidents/timeline';

/**
 * A join claim older than this is considered abandoned (the instance died between claim and call). Longer than the
 * Graph client's retries of a throttled POST /communications/calls, so a slow join is not duplicated.
 */
const CLAIM_TTL_MS = 5 * 60_000;
/** Notifications can overtake the bot's own record of a new call: wait this long for the link to appear. */
const LINK_WAIT_MS = [50, 100, 200, 400, 800, 1600];

export interface CallServiceDeps {
  readonly repository: IncidentRepository;
  readonly calls: CallGateway;
  readonly cards: CardNotifier;
  readonly clock: Clock;
  readonly callbackUri: string;
  readonly prompt?: MediaPrompt;
  readonly onError: (e: unknown, context: Record<string, string>) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

export type JoinOutcome = { readonly incident: Incident; readonly started: boolean };

/** The tenant a call of the incident is placed in: its meeting organizer's as Graph gave it, else the incident's. */
function callTenant(incident: Incident): string {
  return incident.meeting?.organizer.tenantId ?? incident.tenantId;
}

/** The incident's bot is in its meeting's call or getting in (see isLive). */
export function hasLiveCall(incident: Incident): boolean {
  return incident.call !== undefined && isLive(incident.call.state);
}

export class CallService {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly queue: CallEventQueue;
  private readonly links = new CallLinkCache();

  constructor(private readonly deps: CallServiceDeps) {
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.queue = new CallEventQueue((callId, events) => this.applyBatch(callId, events), deps.onError);
  }

  /** Brings the bot into the incident's meeting call. Concurrent or repeated requests start one call. */
  async join(incidentId: string, by: Person): Promise<JoinOutcome> {
    const { repository, clock } = this.deps;
    const token = randomUUID();
    const claimed = await repository.update(incidentId, (cur) => {
      assertNotResolved(cur);
      if (!cur.meeting) throw new AppError('COMMAND_INVALID', `Incident ${cur.id} has no meeting yet.`, { hint: 'Press "Try again" on its card to create the meeting first.' });
      if (hasLiveCall(cur)) return cur;
      if (cur.joinClaim && clock.now().getTime() - Date.parse(cur.joinClaim.at) < CLAIM_TTL_MS) return cur;
      return addTimeline({ ...cur, state: 'botJoining', joinClaim: { at: clock.now().toISOString(), token, by: by.displayName }, callFailure: undefined }, clock.now(), `${by.displayName} asked the bot to join`);
    });
    if (claimed.joinClaim?.token !== token) return { incident: claimed, started: false };

    const meeting = claimed.meeting;
    if (!meeting) return { incident: claimed, started: false }; // the update above refuses an incident without one
    let callId: string;
    let state: CallState;
    try {
      ({ callId, state } = await this.deps.calls.join({
        meeting,
        tenantId: callTenant(claimed),
        callbackUri: this.deps.callbackUri,
        prompt: this.deps.prompt,
      }));
    } catch (e: unknown) {
      const err = toAppError(e);
      const failed = await repository.update(incidentId, (cur) =>
        addTimeline({
          ...cur,
          state: cur.call ? 'callEnded' : 'meetingReady',
          joinClaim: undefined,
          callFailure: { code: err.code, message: 'The bot could not join the call.', hint: err.message + (err.hint ? ` ${err.hint}` : '') },
        }, clock.now(), `Bot could not join (${err.code})`));
      return { incident: failed, started: false };
    }
    // Record the call on the incident before linking it: a notification that finds the link must also find the call.
    const incident = await repository.update(incidentId, (cur) => ({
      ...cur,
      call: cur.call && sameCall(cur.call.callId, callId) ? cur.call : {
        callId,
        state,
        requestedAt: clock.now().toISOString(),
        members: [],
        everJoined: [],
      },
    }));
    await repository.linkCall(callId, incidentId);
    this.links.remember(callId, incidentId, callTenant(incident));
    if (incident.state === 'resolved') {
      // Resolved while the join was in flight: the bot must not stay in the call of a resolved incident.
      await this.deps.calls.hangUp(callId);
    }
    return { incident, started: true };
  }

  /** Hangs the bot up (the meeting and everyone else stay). */
  async leave(incidentId: string, by: Person): Promise<Incident> {
    const current = await this.deps.repository.get(incidentId);
    if (!current) throw incidentNotFound(incidentId);
    if (!current.call || !hasLiveCall(current)) {
      throw new AppError('COMMAND_INVALID', 'The bot is not in the call.', { hint: 'Use "join" (or the "Bring bot into call" button) to bring it in.' });
    }
    const { callId } = current.call;
    await this.deps.calls.hangUp(callId);
    return this.deps.repository.update(incidentId, (cur) =>
      cur.call?.callId === callId && cur.call.state !== 'terminated'
        ? addTimeline({ ...cur, call: { ...cur.call, state: 'terminating' } }, this.deps.clock.now(), `${by.displayName} removed the bot from the call`)
        : cur);
  }

  /**
   * Invites people into the call. When the bot is not in the call yet it joins first and the invitations are
   * sent as soon as the call is established.
   */
  async page(incidentId: string, people: readonly { readonly aadObjectId: string; readonly displayName: string }[], by: Person): Promise<Incident> {
    const { repository, clock } = this.deps;
    const names = people.map((p) => p.displayName).join(', ');
    const current = await repository.get(incidentId);
    if (!current) throw incidentNotFound(incidentId);
    if (!hasLiveCall(current)) await this.join(incidentId, by);

    const ids = people.map((p) => p.aadObjectId);
    let sendNow: string | undefined;
    const updated = await repository.update(incidentId, (cur) => {
      const withEntry = addTimeline(cur, clock.now(), `${by.displayName} paged ${names}`);
      if (cur.call && cur.call.state === 'established') {
        sendNow = cur.call.callId;
        return withEntry;
      }
      sendNow = undefined;
      if (!hasLiveCall(cur) && !(cur.state === 'botJoining' && cur.joinClaim)) {
        throw new AppError('COMMAND_INVALID', 'The bot could not get into the call to page people.', { hint: cur.callFailure?.hint ?? 'Try "join" first.' });
      }
      return { ...withEntry, pendingInvites: [...new Set([...(cur.pendingInvites ?? []), ...ids])] };
    });
    if (sendNow) await this.deps.calls.invite(sendNow, people.map((p) => ({ aadObjectId: p.aadObjectId, tenantId: updated.tenantId })), `invite:${names}`);
    return updated;
  }

  /**
   * Applies notifications (already validated and parsed). Events of one call are applied in arrival order (per
   * instance), coalesced: what arrives while a call's previous batch is applied is applied together, in one
   * read-modify-write and at most one card update. Different calls proceed in parallel. Unknown calls are ignored.
   */
  async handle(events: readonly CallEvent[], tenantId?: string): Promise<void> {
    await Promise.all(events.map(async (event) => {
      // The route checked the tenant before the 202, but the call may have been linked since (a notification racing
      // the join): a token of another tenant never changes this incident.
      if (tenantId !== undefined) {
        const owner = await this.tenantOfCall(event.callId);
        if (owner !== undefined && owner.toLowerCase() !== tenantId.toLowerCase()) {
          this.deps.onError(new Error('call notification token is of another tenant than the incident'), { callId: event.callId, event: event.kind });
          return;
        }
      }
      await this.queue.enqueue(event);
    }));
  }

  /**
   * The tenant the call was placed in (the meeting organizer's tenant as Graph gave it, which the join request names;
   * else the incident's), or undefined for a call not (yet) linked. The calls route refuses a notification whose
   * token names another tenant (403) before acknowledging it.
   */
  async tenantOfCall(callId: string): Promise<string | undefined> {
    const incidentId = await this.incidentFor(callId);
    if (incidentId === undefined) return undefined;
    const known = this.links.tenantOf(callId);
    if (known !== undefined) return known;
    // Read once per call: the meeting (and so its organizer's tenant) exists before the call and never changes.
    const incident = await this.deps.repository.get(incidentId);
    if (incident === undefined) return undefined;
    const tenantId = callTenant(incident);
    if (incident.meeting !== undefined) this.links.remember(callId, incidentId, tenantId);
    return tenantId;
  }

  private async applyBatch(callId: string, events: readonly CallEvent[]): Promise<void> {
    const { repository, clock } = this.deps;
    const incidentId = await this.incidentFor(callId);
    if (!incidentId) return;
    let effects: CallEffect[] = [];
    let changed = false;
    let loud = false;
    const incident = await repository.update(incidentId, (cur) => {
      effects = [];
      changed = false;
      loud = false;
      let next = cur;
      for (const event of events) {
        const r = applyCallEvent(next, event, clock.now());
        if (!r.changed) continue;
        changed = true;
        loud ||= r.quiet !== true;
        effects.push(...r.effects);
        next = r.incident;
      }
      return next; // unchanged: the same object, so the repository writes nothing
    });
    if (!changed) return;
    if (incident.call?.state === 'terminated') await repository.forgetLiveCall(incident.call.callId);
    await Promise.all([...(loud ? [this.deps.cards.update(incident)] : []), ...effects.map((fx) => this.run(fx, incident))]);
  }

  private async run(effect: CallEffect, incident: Incident): Promise<void> {
    try {
      if (effect.kind === 'playPrompt') {
        if (this.deps.prompt) await this.deps.calls.playPrompt(effect.callId, this.deps.prompt, `prompt:${incident.id}`);
        return;
      }
      const names = effect.aadObjectIds.map((id) => incident.attendees.find((a) => a.aadObjectId === id)?.displayName ?? id).join(', ');
      await this.deps.calls.invite(effect.callId, effect.aadObjectIds.map((aadObjectId) => ({ aadObjectId, tenantId: incident.tenantId })), `invite:${names}`);
    } catch (e: unknown) {
      this.deps.onError(e, { callId: effect.callId, incidentId: incident.id, effect: effect.kind });
    }
  }

  private async incidentFor(callId: string): Promise<string | undefined> {
    const cached = this.links.get(callId);
    if (cached === 'unknown') return undefined;
    if (cached !== undefined) return cached;
    for (const wait of [0, ...LINK_WAIT_MS]) {
      if (wait > 0) await this.sleep(wait);
      const id = await this.deps.repository.incidentIdForCall(callId);
      if (id) {
        this.links.remember(callId, id);
        return id;
      }
    }
    this.links.rememberUnknown(callId);
    return undefined;
  }

  /** Keeps every live call alive (Graph drops idle calls after 45 minutes without keepAlive). */
  async keepAliveAll(): Promise<void> {
    const live = await this.deps.repository.liveCalls();
    await Promise.all([...live].map(async ([callId, incidentId]) => {
      try {
        const r = await this.deps.calls.keepAlive(callId);
        if (r === 'gone') await this.handle([{ kind: 'callState', callId, state: 'terminated', deleted: true, resultInfo: { code: 404, subcode: 0, message: 'The call no longer exists.' } }]);
        else await this.deps.repository.update(incidentId, (cur) => (cur.call?.callId === callId ? { ...cur, call: { ...cur.call, lastKeepAliveAt: this.deps.clock.now().toISOString() } } : cur));
        if (r === 'gone') await this.deps.repository.forgetLiveCall(callId);
      } catch (e: unknown) {
        this.deps.onError(e, { callId, incidentId, effect: 'keepAlive' });
      }
    }));
  }
}
