/**
 * Where an incident id may stand: alone after an id-only verb (`join [id]`), or at either end of the arguments
 * (`page [id] <people> [id]`, `commander [id] <person> [id]`). Before free text (`note [INC-id] <text>`) see
 * free-text.ts. incident-id.ts says which tokens are ids.
 */
import type { InvalidCommand } from '../command';
import { INCIDENT_ID_SHAPE, matchIncidentId, prefixSuggestion } from './incident-id-grammar';
import { exampleHint, exampleMessage, invalid } from './invalid';
import { isPunctuationOnly, keywordOf, tokenText, type Token } from './tokens';
import type { VerbContext } from './verb';

/** The incident a command names, or none (the handler then picks the conversation's latest). */
export interface Target {
  readonly kind: 'target';
  readonly incidentId?: string;
}

/** The arguments between the ids taken from their ends. */
export interface ArgumentSpan extends Target {
  /** First argument token (punctuation-only tokens skipped). */
  readonly start: number;
  /** Just after the last argument token. */
  readonly end: number;
}

/** Words that may surround the id of `join`/`leave` without meaning anything: `join the call`, `leave the bridge`. */
export const CALL_FILLER: ReadonlySet<string> = new Set(['the', 'call', 'bridge', 'meeting']);

/** `{ incidentId }` when there is one, `{}` otherwise (no undefined-valued key in results). */
export function targetFields(incidentId: string | undefined): { readonly incidentId?: string } {
  return incidentId === undefined ? {} : { incidentId };
}

function isSkippable(token: Token | undefined): boolean {
  return token !== undefined && token.kind === 'word' && isPunctuationOnly(token.text);
}

export function malformedId(context: VerbContext, text: string, example: string): InvalidCommand {
  return invalid(context, `"${text}" is not an incident id.`, `${INCIDENT_ID_SHAPE} ${exampleHint(context, example)}`);
}

function twoIds(context: VerbContext, a: string, b: string, example: string): InvalidCommand {
  return invalid(context, `Two incident ids: ${a} and ${b}.`, `Give one incident id. ${exampleHint(context, example)}`);
}

/**
 * Reads tokens[from..end) of a verb whose only argument is an optional incident id (the prefix is optional).
 * Punctuation-only tokens and the `filler` words (`join the call`) are ignored; anything else is an error.
 * @param example the verb with an id, e.g. `join INC-7F3A2QK`
 */
export function parseTargetOnly(
  tokens: readonly Token[],
  from: number,
  context: VerbContext,
  example: string,
  filler: ReadonlySet<string> = new Set(),
): Target | InvalidCommand {
  let incidentId: string | undefined;
  const leftovers: Token[] = [];
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token || isSkippable(token)) continue;
    const keyword = keywordOf(token);
    if (keyword !== undefined && filler.has(keyword)) continue;
    const id = matchIncidentId(token, true);
    if (id.kind === 'malformed') return malformedId(context, id.text, example);
    if (id.kind === 'id') {
      if (incidentId !== undefined && incidentId !== id.id) return twoIds(context, incidentId, id.id, example);
      incidentId = id.id;
      continue;
    }
    leftovers.push(token);
  }
  if (leftovers.length > 0) {
    const text = leftovers.map(tokenText).join(' ');
    const suggestion = leftovers.length === 1 ? prefixSuggestion(leftovers[0]) : undefined;
    const verb = example.split(' ')[0] ?? context.command;
    return invalid(
      context,
      `${verb} takes only an incident id; "${text}" is not one.`,
      suggestion === undefined
        ? `${INCIDENT_ID_SHAPE} Without an id I use the latest incident here. ${exampleHint(context, example)}`
        : `Write the id in full: ${exampleMessage(context, `${verb} ${suggestion}`)}`,
    );
  }
  return { kind: 'target', ...targetFields(incidentId) };
}

/**
 * Takes an incident id (with or without `INC-`) from the start and the end of tokens[from..) — for verbs whose other
 * arguments are people (`page`, `commander`). Punctuation-only tokens at both ends are skipped.
 * @param example the verb with arguments and an id, for hints
 */
export function takeIdsAtEnds(
  tokens: readonly Token[],
  from: number,
  context: VerbContext,
  example: string,
): ArgumentSpan | InvalidCommand {
  let start = from;
  let stop = tokens.length;
  while (start < stop && isSkippable(tokens[start])) start++;
  while (stop > start && isSkippable(tokens[stop - 1])) stop--;

  let incidentId: string | undefined;
  if (start < stop) {
    const lead = matchIncidentId(tokens[start], true);
    if (lead.kind === 'malformed') return malformedId(context, lead.text, example);
    if (lead.kind === 'id') {
      incidentId = lead.id;
      start++;
      while (start < stop && isSkippable(tokens[start])) start++;
    }
  }
  if (start < stop) {
    const trail = matchIncidentId(tokens[stop - 1], true);
    if (trail.kind === 'malformed') return malformedId(context, trail.text, example);
    if (trail.kind === 'id') {
      if (incidentId !== undefined && incidentId !== trail.id) return twoIds(context, incidentId, trail.id, example);
      incidentId = trail.id;
      stop--;
      while (stop > start && isSkippable(tokens[stop - 1])) stop--;
    }
  }
  return { kind: 'target', start, end: stop, ...targetFields(incidentId) };
}
