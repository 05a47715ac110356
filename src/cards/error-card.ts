/**
 * The one place errors become something a user reads: `errorReply` for anything thrown (unexpected errors become
 * INTERNAL, with no internals shown), and `failureBlock` for every card that shows a failure (this error card and
 * the incident card's stored meeting and call failures). Never includes stack traces or secrets.
 */
import { toAppError, type AppError } from '../errors/app-error';
import type { IncidentFailure } from '../incidents/incident';
import type { AdaptiveCard, CardElement } from './adaptive-card';
import { card, plain } from './adaptive-card';

/** A failure as shown: an AppError or one stored on an incident (Incident.failure / callFailure). */
type ShownFailure = Pick<AppError, 'message' | 'hint' | 'details'> & { readonly code: string };

/** The failure block: what went wrong, what to do, the exact commands if any, and the stable code. */
function failureBlock(failure: ShownFailure | IncidentFailure): CardElement[] {
  const items: CardElement[] = [{ type: 'TextBlock', wrap: true, weight: 'Bolder', color: 'Attention', text: plain(failure.message) }];
  if (failure.hint) items.push({ type: 'TextBlock', wrap: true, text: plain(failure.hint) });
  if (failure.details && failure.details.length > 0) items.push({ type: 'TextBlock', wrap: true, fontType: 'Monospace', text: failure.details.map(plain).join('\n\n') });
  items.push({ type: 'TextBlock', wrap: true, isSubtle: true, size: 'Small', text: `Error code: ${failure.code}` });
  return items;
}

/** The failure block set apart, for cards that show it among other content (the incident card). */
export function failureContainer(failure: ShownFailure | IncidentFailure): CardElement {
  return { type: 'Container', style: 'attention', items: failureBlock(failure), spacing: 'Medium' };
}

export function errorCard(error: AppError, title = 'That did not work'): AdaptiveCard {
  return card([
    { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', color: 'Attention', wrap: true },
    ...failureBlock(error),
  ]);
}

export interface ErrorReply {
  /** The error as the user may see it (anything unexpected is INTERNAL). */
  readonly error: AppError;
  /** true for INTERNAL: a bug or an outage to log as an error; otherwise a refusal to log as a warning. */
  readonly unexpected: boolean;
  readonly card: AdaptiveCard;
  /** One line, where only text fits (an invoke's message response). */
  readonly text: string;
}

/** What to answer for anything thrown while handling a turn. */
export function errorReply(thrown: unknown): ErrorReply {
  const error = toAppError(thrown);
  return { error, unexpected: error.code === 'INTERNAL', card: errorCard(error), text: error.message };
}
