/**
 * The incident's lifecycle as pure transitions: commander, severity, notes, resolve and reopen. Each takes the
 * current incident and returns the next one (with its timeline entry) or throws an AppError with a stable code.
 * A resolved incident refuses every change but reopen.
 */
import { AppError } from '../errors/app-error';
import type { Incident, IncidentState, Person, Severity } from './incident';
import { incidentResolved } from './incident-errors';
import { assertMayClose, samePerson } from './incident-permissions';
import { addTimeline } from './timeline';

export interface Change {
  readonly incident: Incident;
  /** false when the incident already was that way (nothing stored, no timeline entry). */
  readonly changed: boolean;
}

/** Who acts, when, and whether they are an incident admin (checked beforehand: the check is asynchronous). */
export interface Act {
  readonly by: Person;
  readonly now: Date;
  readonly isAdmin?: boolean;
}

export function severityLabel(severity: Severity): string {
  return severity.toUpperCase();
}

/**
 * The one rule "a resolved incident refuses changes but reopen": commands and card buttons declare it
 * (`refusesResolved`, enforced in src/commands/dispatch.ts); the transitions here and CallService.join apply it again
 * inside their atomic updates, for an incident resolved meanwhile.
 */
export function assertNotResolved(incident: Incident): void {
  if (incident.state === 'resolved') throw incidentResolved(incident.id);
}

export function setCommander(incident: Incident, commander: Person, act: Act): Change {
  assertNotResolved(incident);
  const current = incident.commander;
  if (current && (samePerson(current, commander) || (current.aadObjectId === undefined && commander.aadObjectId === undefined && current.displayName === commander.displayName))) {
    return { incident, changed: false };
  }
  const text = samePerson(commander, act.by)
    ? `${commander.displayName} took command`
    : `${commander.displayName} is now incident commander (named by ${act.by.displayName})`;
  const person: Person = { displayName: commander.displayName, ...(commander.aadObjectId ? { aadObjectId: commander.aadObjectId } : {}), ...(commander.upn ? { upn: commander.upn } : {}) };
  return { incident: addTimeline({ ...incident, commander: person }, act.now, text), changed: true };
}

export function changeSeverity(incident: Incident, severity: Severity, act: Act): Change {
  assertNotResolved(incident);
  if (incident.severity === severity) return { incident, changed: false };
  return {
    incident: addTimeline({ ...incident, severity }, act.now, `Severity changed from ${severityLabel(incident.severity)} to ${severityLabel(severity)} by ${act.by.displayName}`),
    changed: true,
  };
}

export function addNote(incident: Incident, text: string, act: Act): Incident {
  assertNotResolved(incident);
  const note = text.trim();
  if (note === '') throw new AppError('COMMAND_INVALID', 'The note needs some text.', { hint: 'For example: "note Rolled back deploy 2024.11.3".' });
  return addTimeline(incident, act.now, `Note by ${act.by.displayName}: ${note}`);
}

export function resolveIncident(incident: Incident, act: Act & { readonly summary?: string }): Incident {
  if (incident.state === 'resolved') {
    throw new AppError('INCIDENT_RESOLVED', `${incident.id} is already resolved.`, { hint: `To work on it again, reopen it: "reopen ${incident.id}".` });
  }
  assertMayClose(incident, act.by, act.isAdmin ?? false, 'resolve');
  const summary = act.summary?.trim();
  const resolved: Incident = {
    ...incident,
    state: 'resolved',
    resolvedAt: act.now.toISOString(),
    resolvedBy: act.by,
    summary: summary === '' ? undefined : summary,
    pendingInvites: [],
  };
  return addTimeline(resolved, act.now, summary ? `Resolved by ${act.by.displayName}: ${summary}` : `Resolved by ${act.by.displayName}`);
}

/** Where a reopened incident stands: its meeting (and the bot's call, if it is somehow still up) lives on. */
export function reopenedState(incident: Incident): IncidentState {
  if (!incident.meeting) return 'meetingFailed';
  if (incident.call?.state === 'established') return 'botConnected';
  return incident.call ? 'callEnded' : 'meetingReady';
}

export function reopenIncident(incident: Incident, act: Act): Incident {
  if (incident.state !== 'resolved') {
    throw new AppError('COMMAND_INVALID', `${incident.id} is not resolved.`, { hint: 'Only resolved incidents can be reopened.' });
  }
  assertMayClose(incident, act.by, act.isAdmin ?? false, 'reopen');
  const reopened: Incident = { ...incident, state: reopenedState(incident), resolvedAt: undefined, resolvedBy: undefined, summary: undefined };
  return addTimeline(reopened, act.now, `Reopened by ${act.by.displayName}`);
}
