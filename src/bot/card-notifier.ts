/**
 * CardNotifier over the Bot Connector: updates the incident's card in place (PUT …/activities/{id}) through a
 * stored conversation reference. Updates to one card are serialised and coalesced: whatever happens in between,
 * the last PUT shows the latest stored incident, never an older one.
 */
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import { incidentCard } from '../cards/incident-card';
import type { Incident } from '../incidents/incident';
import type { CardNotifier } from '../incidents/ports';
import type { Logger } from '../log';
import { cardActivity } from './turn-command-context';

export class ConnectorCardNotifier implements CardNotifier {
  private readonly running = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly load: (incidentId: string) => Promise<Incident | undefined>,
    private readonly log: Logger,
  ) {}

  update(incident: Incident): Promise<void> {
    if (!incident.card) return Promise.resolve();
    this.dirty.add(incident.id);
    let run = this.running.get(incident.id);
    if (!run) {
      run = this.drain(incident.id);
      this.running.set(incident.id, run);
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
          await this.adapter.continueConversationAsync(this.appId, conversationReference as Partial<ConversationReference>, async (context) => {
            await context.updateActivity({ ...cardActivity(incidentCard(latest)), id: activityId });
          });
        } catch (e: unknown) {
          this.log.warn({ err: e, incidentId: id }, 'could not update the incident card');
        }
        await this.updateExtraCards(latest);
      }
    } finally {
      // Same tick as the loop's last check: an update() after this starts a new drain.
      this.running.delete(id);
    }
  }
}
