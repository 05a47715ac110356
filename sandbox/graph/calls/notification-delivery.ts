/**
 * How the simulated calls' notifications reach the bot's callbackUri.
 *  - Notifications of one leg are delivered one after the other (each POST waits for the previous
 *    answer), in the order the service produced them, unless the delivery options ask for
 *    reversed establishing/established, duplicates or extra latency.
 *  - Every POST is signed (NotificationSigner) and recorded with the bot's HTTP status (or the
 *    connection error). A delivery that failed with a connection error, a timeout, 408, 429 or 5xx is
 *    retried once after retryDelayMs (default 1 s); other 4xx answers (e.g. 401/403 for a rejected
 *    token) are final. Graph documents no retry policy for call notifications: this "retries a
 *    little" stand-in is inferred.
 */
import type { TimerSet } from '../../http/timers';
import type { NotificationSigner } from '../../identity/notification-signer';
import { commsNotification, commsNotifications } from './call-notifications';
import {
  DEFAULT_DELIVERY,
  describeError,
  retryable,
  type CallLeg,
  type CallTimings,
  type DeliveryResult,
  type NotificationDeliveryOptions,
  type NotificationRecord,
} from './call-model';

export class NotificationDelivery {
  private readonly inflight = new Set<{ controller: AbortController; done: Promise<unknown> }>();
  private options: Required<NotificationDeliveryOptions> = { ...DEFAULT_DELIVERY };
  private epoch = 0;
  private closed = false;

  constructor(
    private readonly timers: TimerSet,
    private readonly signer: NotificationSigner,
    private readonly timings: Required<CallTimings>,
  ) {}

  /** Deliver `established` before `establishing`? */
  get reverseOrder(): boolean {
    return this.options.reverseOrder;
  }

  configure(opts: NotificationDeliveryOptions): void {
    if (opts.delayMs !== undefined && (!Number.isFinite(opts.delayMs) || opts.delayMs < 0)) {
      throw new RangeError(`delayMs must be a non-negative number, got ${opts.delayMs}`);
    }
    this.options = { ...this.options, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) };
  }

  /** Queues one notification on the leg's delivery chain. */
  enqueue(call: CallLeg, kind: string, changeType: 'created' | 'updated' | 'deleted', path: string, data: unknown): void {
    const body = commsNotifications([commsNotification(changeType, path, data, this.options.only)]);
    const epoch = this.epoch;
    call.chain = call.chain.then(() => this.deliver(call, kind, body, epoch)).catch((e: unknown) => {
      process.emitWarning(`graph sandbox notification delivery: ${describeError(e)}`);
    });
  }

  /** POSTs `body` to `callbackUri` with `Authorization: Bearer <token>` (none for null). Never throws. */
  post(uri: string, body: unknown, token: string | null): Promise<DeliveryResult> {
    if (this.closed) return Promise.resolve({ status: null, error: 'graph sandbox closed' });
    const controller = new AbortController();
    const timeout = this.timers.after(this.timings.deliveryTimeoutMs, () =>
      controller.abort(new Error(`no answer within ${this.timings.deliveryTimeoutMs} ms`)),
    );
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'Microsoft-Skype/3.0,(Calling/1.0)' };
    if (token !== null) headers['Authorization'] = `Bearer ${token}`;
    const done = (async (): Promise<DeliveryResult> => {
      try {
        const res = await fetch(uri, { method: 'POST', headers, body: JSON.stringify(body), signal: controller.signal });
        await res.arrayBuffer().catch(() => undefined);
        return { status: res.status };
      } catch (e: unknown) {
        const reason: unknown = controller.signal.aborted ? controller.signal.reason : e;
        return { status: null, error: describeError(reason) };
      } finally {
        this.timers.cancel(timeout);
      }
    })();
    const entry = { controller, done };
    this.inflight.add(entry);
    return done.finally(() => this.inflight.delete(entry));
  }

  /** Aborts what is in flight; chains mid-delivery stop (a new epoch). Options back to the defaults. */
  reset(): void {
    this.epoch += 1;
    this.abortInflight();
    this.options = { ...DEFAULT_DELIVERY };
  }

  /** Stops for good; resolves when every in-flight POST has settled. */
  async close(): Promise<void> {
    this.closed = true;
    this.epoch += 1;
    const pending = [...this.inflight].map((f) => f.done);
    this.abortInflight();
    await Promise.allSettled(pending);
  }

  private abortInflight(): void {
    for (const f of this.inflight) f.controller.abort(new Error('graph sandbox stopped'));
  }

  private async deliver(call: CallLeg, kind: string, body: Record<string, unknown>, epoch: number): Promise<void> {
    // After reset()/close() a chain that was mid-delivery stops here instead of starting new timers.
    const stale = (): boolean => this.closed || epoch !== this.epoch;
    const copies = this.options.duplicate ? 2 : 1;
    for (let copy = 1; copy <= copies; copy++) {
      if (stale()) return;
      if (this.options.delayMs > 0 && !(await this.timers.sleep(this.options.delayMs))) return;
      for (let attempt = 1; attempt <= 2; attempt++) {
        if (stale()) return;
        const token = this.signer.signNotification(call.tenantId);
        const record: NotificationRecord = { kind, body, token, at: Date.now(), attempt, copy, status: null };
        call.notifications.push(record);
        const result = await this.post(call.request.callbackUri, body, token);
        record.status = result.status;
        if (result.error !== undefined) record.error = result.error;
        record.finishedAt = Date.now();
        if (!retryable(result) || attempt === 2) break;
        if (stale() || !(await this.timers.sleep(this.timings.retryDelayMs))) return;
      }
    }
  }
}
