/**
 * Abuse limits for the commands that cost Graph calls: per-user and per-conversation rate limits on `start` and
 * `page` (token buckets from alerts/rate-limit.ts), and the cap on people one command may name (LIMITS.attendees).
 * Each refusal is an AppError the error card explains, with when to try again.
 *
 * The buckets live in this process's memory: with several instances each one limits on its own (the defaults are
 * far above anything a person types, so this only stops runaway scripts and loops).
 */
import { takeToken, type RateLimitPolicy, type RateLimitState } from '../alerts/rate-limit';
import { LIMITS } from '../cards/limits';
import { AppError, CommandError } from '../errors/app-error';
import type { Clock } from '../incidents/ports';
import type { CommandContext } from './command-context';

export interface CommandRateLimits {
  readonly startsPerUser: number;
  readonly startsPerConversation: number;
  readonly pagesPerUser: number;
  readonly pagesPerConversation: number;
  /** The window the counts above refill over. */
  readonly windowMinutes: number;
}

/** 10 starts per user and 30 per conversation, 30 pages per user and 60 per conversation, per 10 minutes. */
export const DEFAULT_COMMAND_RATE_LIMITS: CommandRateLimits = {
  startsPerUser: 10,
  startsPerConversation: 30,
  pagesPerUser: 30,
  pagesPerConversation: 60,
  windowMinutes: 10,
};

export type LimitedCommand = 'start' | 'page';

export interface LimitedRequest {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly userId: string;
  /** People the command names (typed or picked in a form). */
  readonly attendees: number;
}

/** Buckets kept before full (idle) ones are dropped. */
const MAX_BUCKETS = 10_000;

function policy(count: number, windowMinutes: number): RateLimitPolicy {
  return { burst: count, refillEveryMs: (windowMinutes * 60_000) / count };
}

/** "Try again in 4 minutes (at 10:04 UTC)." — over a minute the wait is rounded up to whole minutes, so both agree. */
function tryAgainText(retryAfterMs: number, now: Date): string {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  if (seconds < 60) return `Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
  const minutes = Math.ceil(seconds / 60);
  const at = new Date(Math.ceil((now.getTime() + retryAfterMs) / 60_000) * 60_000);
  return `Try again in ${minutes} minute${minutes === 1 ? '' : 's'} (at ${at.toISOString().slice(11, 16)} UTC).`;
}

/** Refuses a command naming more people than LIMITS.attendees (each one is a directory look-up and an invitation). */
function checkAttendeeCount(command: LimitedCommand, count: number): void {
  if (count <= LIMITS.attendees) return;
  throw new CommandError('COMMAND_INVALID', `You named ${count} people; one ${command} may name at most ${LIMITS.attendees}.`,
    command === 'start'
      ? `Start with the first responders, then add the others with "page" (up to ${LIMITS.attendees} at a time).`
      : `Page them in groups of at most ${LIMITS.attendees}.`);
}

export class CommandLimiter {
  private readonly buckets = new Map<string, RateLimitState>();
  private readonly policies: Readonly<Record<LimitedCommand, { readonly user: RateLimitPolicy; readonly conversation: RateLimitPolicy }>>;

  constructor(limits: CommandRateLimits, private readonly clock: Clock) {
    this.policies = {
      start: { user: policy(limits.startsPerUser, limits.windowMinutes), conversation: policy(limits.startsPerConversation, limits.windowMinutes) },
      page: { user: policy(limits.pagesPerUser, limits.windowMinutes), conversation: policy(limits.pagesPerConversation, limits.windowMinutes) },
    };
  }

  /** Throws the card-ready refusal, or takes one token from both the user's and the conversation's bucket. */
  admit(command: LimitedCommand, request: LimitedRequest): void {
    checkAttendeeCount(command, request.attendees);
    const now = this.clock.now();
    const { user, conversation } = this.policies[command];
    const userKey = `${command}|user|${request.tenantId}|${request.userId}`;
    const conversationKey = `${command}|conversation|${request.tenantId}|${request.conversationId}`;
    const byUser = takeToken(this.buckets.get(userKey), user, now);
    const byConversation = takeToken(this.buckets.get(conversationKey), conversation, now);
    if (!byUser.allowed || !byConversation.allowed) {
      const retryAfterMs = Math.max(byUser.allowed ? 0 : byUser.retryAfterMs, byConversation.allowed ? 0 : byConversation.retryAfterMs);
      const who = byUser.allowed ? 'this conversation' : 'you';
      const count = byUser.allowed ? conversation.burst : user.burst;
      const minutes = Math.round((count * (byUser.allowed ? conversation : user).refillEveryMs) / 60_000);
      throw new AppError('RATE_LIMITED', `Too many ${command}s: ${who} may ${command} at most ${count} times in ${minutes} minutes.`, {
        hint: tryAgainText(retryAfterMs, now),
      });
    }
    this.buckets.set(userKey, byUser.state);
    this.buckets.set(conversationKey, byConversation.state);
    if (this.buckets.size > MAX_BUCKETS) this.dropIdle(now);
  }

  /** Forgets buckets that have refilled completely (they behave exactly like a missing bucket). */
  private dropIdle(now: Date): void {
    for (const [key, state] of this.buckets) {
      const command: LimitedCommand = key.startsWith('start|') ? 'start' : 'page';
      const p = key.includes('|user|') ? this.policies[command].user : this.policies[command].conversation;
      const full = state.tokens + (now.getTime() - Date.parse(state.at)) / p.refillEveryMs >= p.burst;
      if (full) this.buckets.delete(key);
    }
  }
}

/** The one call start and page make: the rate limits when configured, the people cap always. */
export function admitCommand(
  services: { readonly limits?: CommandLimiter },
  command: LimitedCommand,
  ctx: Pick<CommandContext, 'tenantId' | 'conversationId' | 'from'>,
  attendees: number,
): void {
  const request = { tenantId: ctx.tenantId, conversationId: ctx.conversationId, userId: ctx.from.aadObjectId ?? ctx.from.displayName, attendees };
  if (services.limits) services.limits.admit(command, request);
  else checkAttendeeCount(command, attendees);
}
