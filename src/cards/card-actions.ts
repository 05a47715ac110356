/**
 * Card action verbs: the one list shared by the card builders and the invoke handlers.
 * A verb appears here only when a handler for it exists.
 */
export const CARD_VERBS = ['retryMeeting', 'joinCall', 'leaveCall', 'page', 'takeCommand', 'resolve', 'reopen'] as const;
export type CardVerb = (typeof CARD_VERBS)[number];

export function isCardVerb(v: unknown): v is CardVerb {
  return typeof v === 'string' && (CARD_VERBS as readonly string[]).includes(v);
}

export interface CardActionData extends Record<string, string> {
  incidentId: string;
}

/** Input ids on the Page form (their values arrive merged into action.data). */
export const PAGE_INPUTS = { people: 'pagePeople', emails: 'pageEmails' } as const;

/** Input ids on the Resolve form. */
export const RESOLVE_INPUTS = { summary: 'resolveSummary' } as const;
