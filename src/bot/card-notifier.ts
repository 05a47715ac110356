/**
 * CardNotifier over the Bot Connector: updates the incident's card in place (PUT …/activities/{id}) through a
 * stored conversation reference. Updates to one card are serialised and coalesced: whatever happens in between,
 * the last PUT shows the latest stored incident, never an older one.
 *
 * When the Connector refuses an update (after the HTTP client's own retries), the card is reconciled later: a
 * timer re-runs the update with the then-latest incident, with growing delays, until one succeeds or the delays
 * are used up. Any update() in between does the same at once (and a success ends the reconciling).
 */
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import { incidentCard } from '../cards/incident-card';
import type { Incident } from '../incidents/incident';
import type { CardNotifier } from '../incidents/ports';
import type { Logger } from '../log';
import { cardActivity } from './turn-command-context';

/** Delays before each reconcile attempt after a refused update: a few seconds, then minutes (about 12 min in all). */
const DEFAULT_RECONCILE_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000, 120_000, 600_000];

export class ConnectorCardNotifier implements CardNotifier {
  private readonly running = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  /** Incidents whose card is behind after a refused update: how many reconcile attempts were made, and the timer. */
  private readonly behind = new Map<string, { attempts: number; timer?: NodeJS.Timeout }>();

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly load: (incidentId: string) => Promise<Incident | undefined>,
    private readonly log: Logger,
    private readonly reconcileDelaysMs: readonly number[] = DEFAULT_RECONCILE_DELAYS_MS,
  ) {}

  update(incident: Incident): Promise<void> {
    if (!incident.card) return Promise.resolve();
    return this.schedule(incident.id);
  }

  private schedule(id: string): Promise<void> {
    this.dirty.add(id);
    let run = this.running.get(id);
    if (!run) {
      run = this.drain(id);
      this.running.set(id, run);
    }
    return run;
  }

  /** The other copies of the card (the meeting chat's, issue #14): each updated like the original, failures logged. */
  private async updateExtraCards(latest: Incident): Promise<void> {
    for (const extra of latest.extraCards ?? []) {
      try {
        await this.adapter.continueConversationAsync(this.appId, extra.conversationReference as Partial<ConversationReference>, async (context) => {
          await context.updateActivity({ ...cardActivity(incidentCard(latest)), id: extra.activityId });
        });
      } catch (e: unknown) {
        this.log.warn({ err: e, incidentId: latest.id }, 'could not update a copy of the incident card');
      }
    }
  }

  /** Sends until nothing is dirty; forgets itself in the same tick as its last check, so no update slips between. */
  private async drain(id: string): Promise<void> {
    try {
      while (this.dirty.delete(id)) {
        const latest = await this.load(id);
        if (!latest?.card) continue;
        const { activityId, conversationReference } = latest.card;
        try {
          // The failure is caught inside the turn: thrown out of it, the adapter's onTurnError would swallow it
          // (and post an error card into the chat for an update nobody asked for).
          let refused: { readonly error: unknown } | undefined;
          await this.adapter.continueConversationAsync(this.appId, conversationReference as Partial<ConversationReference>, async (context) => {
            try {
              await context.updateActivity({ ...cardActivity(incidentCard(latest)), id: activityId });
            } catch (e: unknown) {
              refused = { error: e };
            }
          });
          if (refused) throw refused.error;
          this.caughtUp(id);
        } catch (e: unknown) {
          this.fellBehind(id, e);
        }
        await this.updateExtraCards(latest);
      }
    } finally {
      // Same tick as the loop's last check: an update() after this starts a new drain.
      this.running.delete(id);
    }
  }

  private caughtUp(id: string): void {
    const entry = this.behind.get(id);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    this.behind.delete(id);
    this.log.info({ incidentId: id, attempts: entry.attempts }, 'incident card reconciled');
  }

  /** Schedules the next reconcile attempt, unless one is already scheduled or the delays are used up. */
  private fellBehind(id: string, e: unknown): void {
    const entry = this.behind.get(id) ?? { attempts: 0 };
    this.behind.set(id, entry);
    if (entry.timer) return; // an attempt is already due; it will send the latest state
    const delay = this.reconcileDelaysMs[entry.attempts];
    if (delay === undefined) {
      this.behind.delete(id);
      this.log.error({ err: e, incidentId: id, attempts: entry.attempts }, 'could not update the incident card; gave up reconciling (the next change updates it)');
      return;
    }
    this.log.warn({ err: e, incidentId: id, retryInMs: delay, attempt: entry.attempts + 1 }, 'could not update the incident card; will reconcile it');
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      entry.attempts += 1;
      this.schedule(id).catch((err: unknown) => this.log.error({ err, incidentId: id }, 'card reconcile failed'));
    }, delay);
    entry.timer.unref();
  }
}
