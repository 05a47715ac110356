/**
 * Accepted alerts → incidents. `accept` stores the alert in the inbox (the webhook answers 202 only after that) and
 * queues it; `resume` re-queues whatever a previous process left in the inbox. Alerts of one subscription are
 * processed one at a time in this process, in arrival order: a redelivery racing the first firing sees its link,
 * and the rate-limit state is never read by two alerts at once. Link and rate writes are eTag-guarded against other
 * processes: a link conflict retries the whole alert; the rate token is claimed (retried on a conflict) before the
 * effects run, and given back when the open it paid for fails.
 * An alert leaves the inbox only once its effects ran; a failure retries with back-off, and an alert that keeps
 * failing is given up after MAX_ATTEMPTS (logged with its ids, never its text).
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../incidents/ports';
import type { Logger } from '../log';
import type { Alert } from './alert';
import { decideAlert, type AlertDecision } from './decide';
import type { AlertEffects, ConversationRef } from './alert-effects';
import type { AlertIncidentLink, AlertInboxStore, PendingAlert, Stored } from './alert-ports';
import { DEFAULT_RATE_LIMIT, refundToken, type RateLimitPolicy, type RateLimitState } from './rate-limit';
import type { AlertSubscription } from './subscription';
import type { Incident } from '../incidents/incident';
import type { IncidentRepository } from '../incidents/incident-repository';

const MAX_ATTEMPTS = 5;
const RETRY_DELAYS_MS = [500, 2_000, 10_000, 30_000];

export interface AlertProcessorDeps {
  readonly store: AlertInboxStore<ConversationRef>;
  readonly effects: Pick<AlertEffects, 'open' | 'postAndPage' | 'timeline' | 'resolve' | 'tell'>;
  readonly repository: Pick<IncidentRepository, 'get'>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly policy?: RateLimitPolicy;
  /** Back-off between attempts (tests make it short). */
  readonly retryDelaysMs?: readonly number[];
}

interface EffectContext {
  readonly alert: Alert;
  readonly subscription: AlertSubscription<ConversationRef>;
  readonly link: Stored<AlertIncidentLink> | undefined;
  readonly incident: Incident | undefined;
  readonly log: Logger;
}

export class AlertProcessor {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly deps: AlertProcessorDeps) {}

  /** Stores the alert, then queues it. Resolves once stored. */
  async accept(alert: Alert, subscription: AlertSubscription<ConversationRef>): Promise<void> {
    const pending: PendingAlert = {
      id: `${this.deps.clock.now().getTime().toString(36)}-${randomBytes(6).toString('hex')}`,
      subscriptionId: subscription.id,
      alert,
      receivedAt: this.deps.clock.now().toISOString(),
      attempts: 0,
    };
    await this.deps.store.addPending(pending);
    this.schedule(pending);
  }

  /** Queues every alert a previous run accepted but did not finish. */
  async resume(): Promise<number> {
    const ids = await this.deps.store.pendingIds();
    for (const id of ids) {
      const pending = await this.deps.store.getPending(id);
      if (pending) this.schedule(pending);
      else await this.deps.store.removePending(id);
    }
    if (ids.length > 0) this.deps.log.info({ count: ids.length }, 'resuming accepted alerts');
    return ids.length;
  }

  /** Resolves when every queued alert has been processed (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  private schedule(pending: PendingAlert, delayMs = 0): void {
    const key = pending.subscriptionId;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const wait = delayMs > 0 ? new Promise<void>((r) => setTimeout(r, delayMs).unref()) : Promise.resolve();
    const next = previous.then(() => wait).then(() => this.run(pending.id));
    this.chains.set(key, next);
    void next.then(() => { if (this.chains.get(key) === next) this.chains.delete(key); });
  }

  /** Never rejects: failures are counted and retried. */
  private async run(id: string): Promise<void> {
    const log = this.deps.log.child({ pendingAlert: id });
    try {
      await this.process(id, log);
    } catch (e: unknown) {
      try {
        const counted = await this.deps.store.countAttempt(id);
        if (!counted) return;
        if (counted.attempts >= MAX_ATTEMPTS) {
          log.error({ err: e, subscriptionId: counted.subscriptionId, attempts: counted.attempts }, 'alert given up after repeated failures');
          await this.deps.store.removePending(id);
          return;
        }
        log.warn({ err: e, attempts: counted.attempts }, 'alert processing failed; retrying');
        const delays = this.deps.retryDelaysMs ?? RETRY_DELAYS_MS;
        this.schedule(counted, delays[Math.min(counted.attempts, delays.length) - 1] ?? 0);
      } catch (again: unknown) {
        log.error({ err: again, first: e }, 'alert processing failed and could not be rescheduled (a restart resumes it)');
      }
    }
  }

  private async process(id: string, parent: Logger): Promise<void> {
    const { store, clock } = this.deps;
    const pending = await store.getPending(id);
    if (!pending) return;
    const { alert } = pending;
    const log = parent.child({ subscriptionId: pending.subscriptionId, source: alert.source });
    const stored = await store.get(pending.subscriptionId);
    if (!stored) {
      log.info('alert dropped: its subscription was removed');
      await store.removePending(id);
      return;
    }
    const subscription = stored.value;
    const link = await store.getLink(subscription.id, alert.dedupKey);
    const incident = link ? await this.deps.repository.get(link.value.incidentId) : undefined;
    const existing = link && incident ? { link: link.value, incident } : undefined;
    // The token is claimed before the effects run, eTag-guarded: two instances never both spend the last one.
    let decision: AlertDecision<ConversationRef> | undefined;
    await store.updateRate(subscription.id, (rate) => {
      decision = decideAlert({ alert, subscription, ...(existing ? { existing } : {}), rate, policy: this.policy, now: clock.now() });
      return decision.rate;
    });
    if (!decision) throw new Error('the alert decision did not run'); // updateRate always calls change at least once
    await this.runEffects(decision, { alert, subscription, link, incident, log });
    if (decision.outcome === 'ignored') log.info({ reason: decision.reason }, 'alert opened nothing');
    await store.removePending(id);
  }

  private get policy(): RateLimitPolicy {
    return this.deps.policy ?? DEFAULT_RATE_LIMIT;
  }

  /** Runs an effect whose rate-state change was already written; when it fails, writes `undo` of the state and rethrows. */
  private async undoneOnFailure<T>(effect: () => Promise<T>, subscriptionId: string, undo: (rate: RateLimitState) => RateLimitState): Promise<T> {
    try {
      return await effect();
    } catch (e: unknown) {
      await this.deps.store.updateRate(subscriptionId, (rate) => (rate ? undo(rate) : undefined));
      throw e;
    }
  }

  private async runEffects(decision: AlertDecision<ConversationRef>, at: EffectContext): Promise<void> {
    const { store, effects } = this.deps;
    const { alert, subscription, link, incident, log } = at;
    for (const effect of decision.effects) {
      switch (effect.kind) {
        case 'openIncident': {
          // A failed open is retried and claims again: give this claim back so retries never use up the bridges.
          const opened = await this.undoneOnFailure(() => effects.open(effect.request, alert), subscription.id, (rate) => refundToken(rate, this.policy, this.deps.clock.now()));
          if (decision.pendingLink) await store.saveLink({ ...decision.pendingLink, incidentId: opened.id }, link?.eTag);
          log.info({ incidentId: opened.id }, 'alert opened an incident');
          break;
        }
        case 'addTimeline':
          if (incident && !incident.card && incident.state !== 'resolved') {
            // A previous run stopped between the incident and its card: finish that first.
            await effects.postAndPage(incident, subscription.conversationReference, alert);
          }
          await effects.timeline(effect.incidentId, effect.text, decision.outcome);
          break;
        case 'resolveIncident':
          await effects.resolve(effect.incidentId, effect.summary, subscription.createdBy);
          break;
        case 'tellRateLimited':
          // Not told after all: the retry tells.
          await this.undoneOnFailure(() => effects.tell(effect.conversationReference, effect.text), subscription.id, ({ toldAt: _told, ...rate }) => rate);
          break;
      }
    }
    if (decision.link) await store.saveLink(decision.link, link?.eTag);
  }
}
