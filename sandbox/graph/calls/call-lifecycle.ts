/**
 * A leg's life as the service notifies it (application-post-calls.md, call-delete.md): establishing →
 * established (+ the roster) or → terminated with an asynchronous join failure; terminating →
 * terminated when it ends.
 */
import type { TimerSet } from '../../http/timers';
import { RESULT_INFO, type ResultInfo } from './call-resources';
import { isLive, type CallLeg, type CallTimings, type SandboxCallState } from './call-model';
import { callResource, type BotIdentity } from './call-views';
import type { NotificationDelivery } from './notification-delivery';

/** What the lifecycle needs from the calls around it. */
export interface LifecycleHooks {
  /** The leg's participants as its roster notification carries them. */
  readonly roster: (call: CallLeg) => Record<string, unknown>[];
  readonly onEstablished: (call: CallLeg) => void;
  readonly onTerminated: (call: CallLeg) => void;
}

export class CallLifecycle {
  constructor(
    private readonly timers: TimerSet,
    private readonly timings: Required<CallTimings>,
    private readonly delivery: NotificationDelivery,
    private readonly bot: BotIdentity,
    private readonly hooks: LifecycleHooks,
  ) {}

  /**
   * call-keepalive.md: "At least one successful request must be made within 45 minutes of the previous
   * request, or the start of the call"; a call without one "is considered inactive and will subsequently end"
   * — with 408/8537 "Keep Alive timeout, cleaned up inactive call." (call-delete.md). Armed at creation and
   * re-armed by every keepAlive. The service ends it without a `terminating` step (inferred).
   */
  armKeepAlive(call: CallLeg): void {
    if (call.keepAliveTimer !== undefined) {
      this.timers.cancel(call.keepAliveTimer);
      call.timers.delete(call.keepAliveTimer);
    }
    call.keepAliveTimer = this.timers.after(this.timings.keepAliveTimeoutMs, () => this.end(call, RESULT_INFO.keepAliveTimeout, false), call.timers);
  }

  /** establishing (notified) → established + roster, or → terminated with the join failure. */
  establish(call: CallLeg): void {
    const t = this.timings;
    this.timers.after(
      t.establishingMs,
      () => {
        if (!this.delivery.reverseOrder || call.failure !== null) this.sendState(call, 'establishing', 'updated');
        this.timers.after(
          t.establishedMs,
          () => {
            if (call.state !== 'establishing') return;
            if (call.failure !== null) {
              this.end(call, call.failure, false);
              return;
            }
            call.state = 'established';
            call.activeModalities = call.request.requestedModalities.filter((m) => m === 'audio');
            this.sendState(call, 'established', 'updated');
            if (this.delivery.reverseOrder) this.sendState(call, 'establishing', 'updated');
            this.sendRoster(call);
            this.hooks.onEstablished(call);
          },
          call.timers,
        );
      },
      call.timers,
    );
  }

  /** Ends a leg: optionally `terminating` first (app hang-up, service drop), then `terminated` (deleted). */
  end(call: CallLeg, info: ResultInfo, withTerminating: boolean): void {
    if (!isLive(call)) return;
    this.timers.cancelGroup(call.timers);
    const finish = (): void => {
      call.state = 'terminated';
      call.resultInfo = info;
      call.terminatedAt = Date.now();
      this.sendState(call, 'terminated', 'deleted');
      this.hooks.onTerminated(call);
    };
    if (!withTerminating) {
      finish();
      return;
    }
    call.state = 'terminating';
    this.timers.after(this.timings.terminatingMs, () => {
      this.sendState(call, 'terminating', 'updated');
      this.timers.after(this.timings.terminatingMs, finish);
    });
  }

  sendRoster(call: CallLeg): void {
    const roster = this.hooks.roster(call);
    if (roster.length > 1) call.sawOthers = true;
    this.delivery.enqueue(call, 'roster', 'updated', `/calls/${call.id}/participants`, roster);
  }

  private sendState(call: CallLeg, state: SandboxCallState, changeType: 'updated' | 'deleted'): void {
    const data = callResource(call, this.bot);
    data['state'] = state;
    if (state !== 'terminated') data['resultInfo'] = null;
    if (state === 'establishing') {
      data['activeModalities'] = [];
      data['mediaState'] = null;
    }
    this.delivery.enqueue(call, `call:${state}`, changeType, `/calls/${call.id}`, data);
  }
}
