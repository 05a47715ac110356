/**
 * Card action verbs: the one list shared by the card builders and the invoke handlers.
 * Each verb is owned by exactly one command (`cardActions` / `formActions` in src/commands/<verb>.ts): a verb
 * without an owner does not compile (src/commands/registry.ts).
 */
const CARD_VERBS = ['retryMeeting', 'joinCall', 'leaveCall', 'page', 'takeCommand', 'resolve', 'reopen'] as const;
/** Verbs on an incident's card: their data carries the incidentId. */
export type IncidentVerb = (typeof CARD_VERBS)[number];

/** Verbs on forms not tied to an incident yet (the Start form on the help and welcome cards). */
const FORM_VERBS = ['startIncident', 'sendTestAlert'] as const;
export type FormVerb = (typeof FORM_VERBS)[number];

export type CardVerb = IncidentVerb | FormVerb;

export function isCardVerb(v: unknown): v is IncidentVerb {
  return typeof v === 'string' && (CARD_VERBS as readonly string[]).includes(v);
}

export function isFormVerb(v: unknown): v is FormVerb {
  return typeof v === 'string' && (FORM_VERBS as readonly string[]).includes(v);
}

/** Input ids on the Start form. */
export const START_INPUTS = {
  title: 'startTitle',
  severity: 'startSeverity',
  people: 'startPeople',
  emails: 'startEmails',
  time: 'startTime',
  duration: 'startDuration',
  calendar: 'startCalendar',
} as const;

export interface CardActionData extends Record<string, string> {
  incidentId: string;
}

/** Input ids on the Page form (their values arrive merged into action.data). */
export const PAGE_INPUTS = { people: 'pagePeople', emails: 'pageEmails' } as const;

/** Input ids on the Resolve form. */
export const RESOLVE_INPUTS = { summary: 'resolveSummary' } as const;
