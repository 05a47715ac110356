/**
 * `[INC-id] <text>`, the arguments of `note` and `resolve`.
 *
 * The id is read only first and only with its `INC-` prefix, so the text may start with any word (`note 2X500MS
 * spikes`) and mention incidents anywhere else. An `INC-…` first that is not a valid id is an error. Separators
 * standing alone before the text (`note INC-7F3A2QK - text`, `note : text`) are dropped.
 *
 * The text is kept as typed otherwise: nothing trimmed at the end, no quotes removed. Whitespace (spaces, tabs,
 * newlines, nbsp, block tags) folds to single spaces; HTML entities are decoded and mentions read as the text the
 * message showed, and the bot's own mention is removed — all by command-text.ts.
 */
import { LIMITS } from '../../cards/limits';
import { CommandError } from '../../errors/app-error';
import type { InvalidCommand } from '../command';
import { matchIncidentId } from './incident-id-grammar';
import { malformedId, targetFields } from './incident-target';
import { renderTokens, type Token } from './tokens';
import type { VerbContext } from './verb';

/** Longest note or resolve summary accepted, typed or from the Resolve form (one limit: LIMITS.summaryLength). */
export const MAX_FREE_TEXT_LENGTH = LIMITS.summaryLength;

const SEPARATOR = /^[:;,\-\u2013\u2014]+$/;

export interface FreeTextArguments {
  readonly kind: 'free-text';
  readonly incidentId?: string;
  /** Index of the text's first token. */
  readonly start: number;
  /** '' when there is none. */
  readonly text: string;
}

function skipSeparators(tokens: readonly Token[], from: number): number {
  let i = from;
  for (let token = tokens[i]; token && token.kind === 'word' && SEPARATOR.test(token.text); token = tokens[++i]);
  return i;
}

/** @param example the verb with an id and text, for the hint on a malformed id */
export function readFreeText(
  tokens: readonly Token[],
  from: number,
  context: VerbContext,
  example: string,
): FreeTextArguments | InvalidCommand {
  let start = skipSeparators(tokens, from);
  const id = matchIncidentId(tokens[start], false);
  if (id.kind === 'malformed') return malformedId(context, id.text, example);
  if (id.kind === 'id') start = skipSeparators(tokens, start + 1);
  const text = renderTokens(tokens.slice(start)).replace(/\s+/g, ' ').trim();
  return { kind: 'free-text', start, text, ...targetFields(id.kind === 'id' ? id.id : undefined) };
}

/** The Resolve form's refusal of a summary over the limit (the form's maxLength is only a hint to the client). */
export function summaryTooLong(length: number): CommandError {
  return new CommandError('COMMAND_INVALID', `The summary is ${length} characters long; at most ${MAX_FREE_TEXT_LENGTH} fit.`,
    'Shorten it and put the details in notes (type "note …").');
}
