/**
 * Runs the effects decideAlert returns, over the incident core: open a bridge (same start, same card as a chat
 * `start`, posted proactively into the subscribed conversation, then the bot joins the call and pages the
 * subscription's people), add a timeline line, resolve, or tell the conversation about rate limiting.
 */
import { hasLiveCall, type CallService } from '../calls/call-service';
import type { AdaptiveCard } from '../cards/adaptive-card';
import { alertNoticeCard } from '../cards/alert-subscription-card';
import { incidentCard } from '../cards/incident-card';
import type { Incident, Person } from '../incidents/incident';
import type { IncidentRepository } from '../incidents/incident-repository';
import type { IncidentService } from '../incidents/incident-service';
import type { CardNotifier, Clock } from '../incidents/ports';
import { startFromAlert } from '../incidents/start-from-alert';
import { addTimeline } from '../incidents/timeline';
import type { Logger } from '../log';
import type { Alert } from './alert';
import { SOURCE_NAMES, type AlertDecision, type OpenIncidentFromAlert } from './decide';

export type ConversationRef = Readonly<Record<string, unknown>>;

export interface AlertEffectDeps {
  readonly incidents: IncidentService;
  readonly repository: IncidentRepository;
  readonly calls: CallService;
  readonly cards: CardNotifier;
  /** Posts a new activity with the card into the conversation; returns its id. */
  readonly post: (conversationReference: ConversationRef, card: AdaptiveCard) => Promise<string>;
  readonly clock: Clock;
  readonly meetingDurationMinutes: number;
  readonly log: Logger;
}

/** Who the timeline says acted: "Alertmanager alert asked the bot to join", "… paged Megan Bowen". */
function actor(alert: Alert): Person {
  return { displayName: `${SOURCE_NAMES[alert.source]} alert` };
}

export class AlertEffects {
  constructor(private readonly deps: AlertEffectDeps) {}

  /** Opens (or, after a crash, finishes opening) the incident; returns it. */
  async open(request: OpenIncidentFromAlert<ConversationRef>, alert: Alert): Promise<Incident> {
    const { incidents, clock } = this.deps;
    const { incident, replay } = await startFromAlert(incidents, {
      tenantId: request.tenantId,
      conversationId: request.conversationId,
      ...(request.teamId ? { teamId: request.teamId } : {}),
      sourceActivityId: request.sourceActivityId,
      requester: request.requestedBy,
      severity: request.severity,
      title: request.title,
      attendees: request.attendees,
      source: {
        kind: 'alert',
        name: alert.source === 'generic' ? 'Alert source' : SOURCE_NAMES[alert.source],
        ...(request.link ? { link: request.link } : {}),
        ...(request.description ? { description: request.description } : {}),
        ...(alert.sourceSeverity ? { sourceSeverity: alert.sourceSeverity } : {}),
        labels: request.labels,
        status: 'firing',
      },
      durationMinutes: this.deps.meetingDurationMinutes,
      now: clock.now(),
    });
    if (replay) {
      this.deps.log.info({ incidentId: incident.id, hasCard: incident.card !== undefined }, 'alert incident already started (redelivery or restart)');
      return incident;
    }
    const withLine = await this.deps.repository.update(incident.id, (cur) => addTimeline(cur, clock.now(), request.timelineText));
    return this.postAndPage(withLine, request.conversationReference, alert);
  }

  /** Card into the conversation, then bot into the call and the subscription's people paged. */
  async postAndPage(incident: Incident, conversationReference: ConversationRef, alert: Alert): Promise<Incident> {
    const log = this.deps.log.child({ incidentId: incident.id });
    const activityId = await this.deps.post(conversationReference, incidentCard(incident));
    let after = await this.deps.incidents.recordCard(incident.id, { activityId, conversationReference });
    log.info({ state: after.state }, 'alert incident card posted');
    if (!after.meeting) return after;
    const people = after.attendees.filter((a) => a.requestedAs !== 'requester').map((a) => ({ aadObjectId: a.aadObjectId, displayName: a.displayName }));
    try {
      after = people.length > 0 ? await this.deps.calls.page(after.id, people, actor(alert)) : (await this.deps.calls.join(after.id, actor(alert))).incident;
    } catch (e: unknown) {
      log.warn({ err: e }, 'the bot could not join or page for an alert incident');
      after = (await this.deps.incidents.get(after.id)) ?? after;
    }
    await this.deps.cards.update(after);
    return after;
  }

  /** A timeline line; the card's alert block follows what the source said last. */
  async timeline(incidentId: string, text: string, outcome: AlertDecision<ConversationRef>['outcome']): Promise<Incident> {
    const status = outcome === 'sourceResolved' ? 'resolved' : outcome === 'firedAgain' ? 'firing' : undefined;
    const after = await this.deps.repository.update(incidentId, (cur) => addTimeline({
      ...cur,
      ...(cur.source && status ? { source: { ...cur.source, status } } : {}),
    }, this.deps.clock.now(), text));
    await this.deps.cards.update(after);
    return after;
  }

  /** Resolves as the subscriber (who is the incident's requester, so allowed) and takes the bot out of the call. */
  async resolve(incidentId: string, summary: string, by: Person): Promise<void> {
    const resolved = await this.deps.incidents.resolve(incidentId, by, { summary });
    let after = resolved;
    if (hasLiveCall(resolved)) {
      try {
        after = await this.deps.calls.leave(incidentId, by);
      } catch (e: unknown) {
        this.deps.log.warn({ err: e, incidentId }, 'resolved from an alert, but the bot could not leave the call');
      }
    }
    await this.deps.cards.update(after);
  }

  async tell(conversationReference: ConversationRef, text: string): Promise<void> {
    await this.deps.post(conversationReference, alertNoticeCard(text));
  }
}
