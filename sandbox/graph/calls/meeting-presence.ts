/**
 * Who is "in" each meeting's call, keyed by the meeting's chat thread id: people join and leave (the
 * control surface, an answered invite, or the auto-join of the meeting's attendees one after the
 * other). The calls that notify the bot about it are SimulatedCalls'.
 */
import { randomUUID } from 'node:crypto';
import type { TimerSet } from '../../http/timers';
import type { SandboxUser } from '../users/directory';
import type { MeetingCall, Presence } from './call-model';

export interface JoinOptions {
  readonly isMuted?: boolean;
  readonly isInLobby?: boolean;
}

const DEFAULT_AUTO_JOIN = { enabled: false, intervalMs: 1500 } as const;

export class MeetingPresence {
  private readonly meetings = new Map<string, MeetingCall>();
  private autoJoin: { enabled: boolean; intervalMs: number } = { ...DEFAULT_AUTO_JOIN };

  constructor(private readonly timers: TimerSet) {}

  /** The meeting's call (created empty on first use). */
  meetingCall(threadId: string): MeetingCall {
    let m = this.meetings.get(threadId);
    if (m === undefined) {
      m = { threadId, present: new Map(), nextSourceId: 1, autoJoinTimers: new Set(), autoJoinRunning: false };
      this.meetings.set(threadId, m);
    }
    return m;
  }

  has(threadId: string): boolean {
    return this.meetings.has(threadId);
  }

  present(threadId: string | null): Presence[] {
    return threadId === null ? [] : [...(this.meetings.get(threadId)?.present.values() ?? [])];
  }

  /** True when the user was not there yet. */
  join(threadId: string, user: SandboxUser, opts: JoinOptions): boolean {
    const m = this.meetingCall(threadId);
    const key = user.id.toLowerCase();
    if (m.present.has(key)) return false;
    m.present.set(key, {
      user,
      participantId: randomUUID(),
      sourceId: m.nextSourceId++,
      isMuted: opts.isMuted ?? false,
      isInLobby: opts.isInLobby ?? false,
    });
    return true;
  }

  /** undefined when the user was not there; else whether the meeting is now empty. */
  leave(threadId: string, user: SandboxUser): { empty: boolean } | undefined {
    const m = this.meetings.get(threadId);
    if (m === undefined || !m.present.delete(user.id.toLowerCase())) return undefined;
    return { empty: m.present.size === 0 };
  }

  setAutoJoin(enabled: boolean, intervalMs: number): void {
    if (!Number.isFinite(intervalMs) || intervalMs < 0) throw new RangeError(`intervalMs must be a non-negative number, got ${intervalMs}`);
    this.autoJoin = { enabled, intervalMs };
    if (!enabled) for (const m of this.meetings.values()) this.stopAutoJoin(m.threadId);
  }

  /** When auto-join is on: `users` join one by one, each interval, while `live()` holds. */
  startAutoJoin(threadId: string, users: () => SandboxUser[], live: () => boolean, onJoin: (user: SandboxUser) => void): void {
    if (!this.autoJoin.enabled) return;
    const m = this.meetingCall(threadId);
    if (m.autoJoinRunning) return;
    const queue = users();
    if (queue.length === 0) return;
    m.autoJoinRunning = true;
    const step = (): void => {
      if (!live()) {
        m.autoJoinRunning = false;
        return;
      }
      const next = queue.shift();
      if (next !== undefined) onJoin(next);
      if (queue.length > 0) this.timers.after(this.autoJoin.intervalMs, step, m.autoJoinTimers);
      else m.autoJoinRunning = false;
    };
    this.timers.after(this.autoJoin.intervalMs, step, m.autoJoinTimers);
  }

  stopAutoJoin(threadId: string): void {
    const m = this.meetings.get(threadId);
    if (m === undefined) return;
    this.timers.cancelGroup(m.autoJoinTimers);
    m.autoJoinRunning = false;
  }

  /** Forget the auto-join timers (the TimerSet has cleared them). */
  forgetTimers(): void {
    for (const m of this.meetings.values()) {
      m.autoJoinTimers.clear();
      m.autoJoinRunning = false;
    }
  }

  reset(): void {
    this.forgetTimers();
    this.meetings.clear();
    this.autoJoin = { ...DEFAULT_AUTO_JOIN };
  }
}
