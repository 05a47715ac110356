import type { AlertCommandServices } from '../alerts/alert-services';
import type { CallService } from '../calls/call-service';
import type { IncidentService } from '../incidents/incident-service';
import type { CommandLimiter } from './command-limits';
import type { AdminCheck, CardNotifier, Clock, UserDirectory } from '../incidents/ports';

/** What command handlers may use, wired once in src/app.ts. */
export interface CommandServices {
  readonly incidents: IncidentService;
  readonly calls: CallService;
  readonly directory: UserDirectory;
  /** Updates an incident's card in place (proactively). */
  readonly cards: CardNotifier;
  readonly clock: Clock;
  readonly meetingDurationMinutes: number;
  /** Incident admins (may resolve and reopen any incident). Absent: nobody is an admin. */
  readonly admins?: AdminCheck;
  /** Alert webhook subscriptions (the `alerts` command). */
  readonly alerts?: AlertCommandServices;
  /** Rate limits and people caps on start and page (command-limits.ts). Absent: attendee caps only. */
  readonly limits?: CommandLimiter;
}
