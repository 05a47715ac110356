/**
 * Accepted alerts → incidents. `accept` stores the alert in the inbox (the webhook answers 202 only after that) and
 * queues it; `resume` re-queues whatever a previous process left in the inbox. Alerts of one subscription are
 * processed one at a time in this process, in arrival order: a redelivery racing the first firing sees its link,
 * and the rate-limit state (saved only after the effects ran) is never read by two alerts at once. Link writes
 * are eTag-guarded against other processes (a conflict retries the whole alert); the rate state is not.
 * An alert leaves the inbox only once its effects ran; a failure retries with back-off, and an alert that keeps
 * failing is given up after MAX_ATTEMPTS (logged with its ids, never its text).
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../incidents/ports';
import type { Logger } from '../log';
import type { Alert } from './alert';
import { decideAlert, type AlertDecision } from './decide';
import type { AlertEffects, ConversationRef } from './alert-effects';
import type { AlertInboxStore, PendingAlert } from './alert-ports';
import type { RateLimitPolicy } from './rate-limit';
import type { AlertSubscription } from './subscription';
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
    const { store, effects, clock } = this.deps;
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
    const decision: AlertDecision<ConversationRef> = decideAlert({
      alert, subscription, ...(existing ? { existing } : {}), rate: await store.rate(subscription.id), ...(this.deps.policy ? { policy: this.deps.policy } : {}), now: clock.now(),
    });

    for (const effect of decision.effects) {
      switch (effect.kind) {
        case 'openIncident': {
          const opened = await effects.open(effect.request, alert);
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
          await effects.tell(effect.conversationReference, effect.text);
          break;
      }
    }
    if (decision.link) await store.saveLink(decision.link, link?.eTag);
    // Only once the effects ran: a failed open that is retried must not use up the subscription's bridges.
    if (decision.rate) await store.saveRate(subscription.id, decision.rate);
    if (decision.outcome === 'ignored') log.info({ reason: decision.reason }, 'alert opened nothing');
    await store.removePending(id);
  }
}
