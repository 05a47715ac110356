/** What the pure parser produces. No SDK types: the bot layer builds CommandInput from a Teams activity. */
import type { AttendeeRequest, Severity } from '../incidents/incident';
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

export interface StartCommand {
  readonly kind: 'start';
  readonly severity: Severity;
  /** true when the user typed the severity; false when it is the default. */
  readonly severityExplicit: boolean;
  readonly title: string;
  readonly attendees: readonly AttendeeRequest[];
  readonly schedule: ScheduleRequest;
  /** `+calendar`: create an Outlook calendar event with a Teams meeting instead of a bare online meeting. */
  readonly calendar?: boolean;
  readonly options?: MeetingOptionFlags;
  /** Words after `with` that are neither a mention nor an e-mail address (shown back to the requester). Absent when none. */
  readonly ignored?: readonly string[];
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

/** `join [id]`: bring the bot into the incident's meeting call. */
export interface JoinCommand extends TargetsIncident { readonly kind: 'join' }
/** `leave [id]`: hang the bot up. */
export interface LeaveCommand extends TargetsIncident { readonly kind: 'leave' }
/** `page @x patti@contoso.com [id]`: invite people into the call. */
export interface PageCommand extends TargetsIncident {
  readonly kind: 'page';
  readonly attendees: readonly AttendeeRequest[];
  readonly ignored?: readonly string[];
}
/** `list`: active incidents in this conversation (a channel: the team). */
export interface ListCommand { readonly kind: 'list' }
/** `status [id]`: re-post the live card. */
export interface StatusCommand extends TargetsIncident { readonly kind: 'status' }
/** `commander @person [id]` / `commander me`. */
export interface CommanderCommand extends TargetsIncident {
  readonly kind: 'commander';
  readonly person: AttendeeRequest | { readonly kind: 'me' };
}
/** `sev1..sev4 [id]`: change severity. */
export interface SeverityCommand extends TargetsIncident { readonly kind: 'severity'; readonly severity: Severity }
/** `note <text>` (an id may lead: `note INC-… text`). */
export interface NoteCommand extends TargetsIncident { readonly kind: 'note'; readonly text: string }
/** `resolve [id] [summary]`. */
export interface ResolveCommand extends TargetsIncident { readonly kind: 'resolve'; readonly summary?: string }
/** `reopen [id]`. */
export interface ReopenCommand extends TargetsIncident { readonly kind: 'reopen' }
/** `export [id]`: the timeline as Markdown. */
export interface ExportCommand extends TargetsIncident { readonly kind: 'export' }

export type IncidentCommand =
  | JoinCommand | LeaveCommand | PageCommand | ListCommand | StatusCommand | CommanderCommand
  | SeverityCommand | NoteCommand | ResolveCommand | ReopenCommand | ExportCommand;

/** `alerts` (list), `alerts here …` (subscribe this conversation to alert webhooks), `alerts off [id]` (src/commands/alerts.ts). */
export type AlertsCommand =
  | { readonly kind: 'alerts'; readonly action: 'list' }
  | { readonly kind: 'alerts'; readonly action: 'off'; readonly subscriptionId?: string }
  /** `alerts pagerduty-secret=<secret> [id]`: PagerDuty shows its signing secret only after the webhook URL is saved there. */
  | { readonly kind: 'alerts'; readonly action: 'pagerDutySecret'; readonly secret: string; readonly subscriptionId?: string }
  | {
    readonly kind: 'alerts';
    readonly action: 'subscribe';
    readonly minSeverity: Severity;
    readonly page: readonly AttendeeRequest[];
    readonly labelFilter: Readonly<Record<string, string>>;
    readonly autoresolve: boolean;
    readonly pagerDutySigningSecret?: string;
    readonly ignored?: readonly string[];
  };

export type ParsedCommand = StartCommand | HelpCommand | InvalidCommand | IncidentCommand | AlertsCommand;
