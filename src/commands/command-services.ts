import type { IncidentService } from '../incidents/incident-service';
import type { Clock } from '../incidents/ports';

/** What command handlers may use, wired once in src/app.ts. */
export interface CommandServices {
  readonly incidents: IncidentService;
  readonly clock: Clock;
  readonly meetingDurationMinutes: number;
}
