/**
 * Who was in each meeting's call and when: the raw material of the meeting's attendance reports. A session starts
 * when the first person joins an empty meeting and ends when the last one leaves (Teams makes one attendance report
 * per session, when it ends). Read-only to everything but SimulatedCalls, which records joins and leaves.
 */
import { randomUUID } from 'node:crypto';
import type { SandboxUser } from '../users/directory';

interface AttendanceInterval {
  readonly user: SandboxUser;
  readonly joinedAt: number;
  leftAt?: number;
}

export interface MeetingSession {
  readonly id: string;
  readonly startedAt: number;
  endedAt?: number;
  readonly intervals: AttendanceInterval[];
}

export class AttendanceLog {
  private readonly byThread = new Map<string, MeetingSession[]>();

  joined(threadId: string, user: SandboxUser, at: number): void {
    const sessions = this.byThread.get(threadId) ?? [];
    this.byThread.set(threadId, sessions);
    let open = sessions.at(-1);
    if (open === undefined || open.endedAt !== undefined) {
      open = { id: randomUUID(), startedAt: at, intervals: [] };
      sessions.push(open);
    }
    open.intervals.push({ user, joinedAt: at });
  }

  left(threadId: string, user: SandboxUser, at: number, nobodyLeft: boolean): void {
    const open = this.byThread.get(threadId)?.at(-1);
    if (open === undefined || open.endedAt !== undefined) return;
    const interval = [...open.intervals].reverse().find((i) => i.user.id === user.id && i.leftAt === undefined);
    if (interval) interval.leftAt = at;
    if (nobodyLeft) open.endedAt = at;
  }

  /** The meeting's sessions, oldest first (copies). */
  sessions(threadId: string): readonly MeetingSession[] {
    return (this.byThread.get(threadId) ?? []).map((s) => ({ ...s, intervals: s.intervals.map((i) => ({ ...i })) }));
  }

  clear(): void {
    this.byThread.clear();
  }
}
