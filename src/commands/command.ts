/**
 * The parser's shared vocabulary: its input (no SDK types: the bot layer builds CommandInput from a Teams activity)
 * and the results every verb may produce (help, invalid). Each command's own result type lives in its file
 * (`PageCommand` in page.ts, …); registry.ts unites them into ParsedCommand.
 */
import type { AllowedPresenters, LobbyBypassScope } from '../incidents/meeting-options';

/** A mention entity as Teams sends it (entities[].mentioned + entities[].text). */
export interface MentionEntity {
  readonly id: string;   // channel user id, e.g. "29:1abc…"
  readonly name: string; // display name
  readonly text: string; // the markup in activity.text, e.g. "<at>Megan Bowen</at>"
}

export interface CommandInput {
  /** activity.text exactly as received (may contain <at>…</at> markup and HTML entities). */
  readonly text: string;
  readonly mentions: readonly MentionEntity[];
  /** The bot's own channel id (activity.recipient.id): its mentions are never attendees. */
  readonly botId: string;
}

/** A start time as typed; turned into an absolute instant by resolveSchedule(). */
export type StartAt =
  | { readonly kind: 'clock'; readonly hour: number; readonly minute: number }   // "at 15:00", "at 3pm"
  | { readonly kind: 'iso'; readonly iso: string };                               // "at 2026-11-24T15:00" or with offset

export interface ScheduleRequest {
  readonly startAt?: StartAt;
  readonly durationMinutes?: number;
}

/** Meeting options a `start` command may set with flags (defaults come from config). */
export interface MeetingOptionFlags {
  /** `+lobby:organization` etc.: who bypasses the lobby (Graph lobbyBypassScope). */
  readonly lobbyBypass?: LobbyBypassScope;
  /** `+record` / `-record`. */
  readonly recordAutomatically?: boolean;
  /** `+presenters:organization` etc. (Graph allowedPresenters). */
  readonly allowedPresenters?: AllowedPresenters;
}

export interface HelpCommand {
  readonly kind: 'help';
  /** Why help is shown: asked for, empty message (bare @mention), or text we did not understand. */
  readonly reason: 'asked' | 'empty' | 'unrecognised';
  readonly text?: string;
}

/** A recognised command with a problem the user must fix (e.g. `start` without a title). */
export interface InvalidCommand {
  readonly kind: 'invalid';
  readonly command: string;
  readonly code: 'TITLE_MISSING' | 'COMMAND_INVALID';
  readonly message: string;
  readonly hint: string;
}

/** An incident id typed by the user (`INC-7F3A2QK`, case-insensitive, the `INC-` optional); absent = the conversation's latest active incident. */
export interface TargetsIncident {
  readonly incidentId?: string;
}
