/**
 * `resolve [INC-id] [summary]`, also `resolved`, and the Resolve button: resolves the incident (requester, commander
 * or admin only), optionally with a summary (free-text.ts; absent when empty, at most MAX_FREE_TEXT_LENGTH
 * characters), takes the bot out of the call if it is in one (DELETE /communications/calls/{id}) and freezes the
 * card into the resolved summary.
 *
 * An id at the very end is ambiguous — "resolve duplicate of INC-…" names another incident — so without an id
 * first, a summary ending in an incident id is an error asking to put the id first; after an id first, a trailing
 * id is just summary text.
 */
import { hasLiveCall } from '../calls/call-service';
import { RESOLVE_INPUTS } from '../cards/card-actions';
import { toAppError, type AppError } from '../errors/app-error';
import type { Incident } from '../incidents/incident';
import type { TargetsIncident } from './command';
import type { CommandContext } from './command-context';
import { defineCommand, EVERYWHERE } from './command-module';
import type { CommandServices } from './command-services';
import { EXAMPLE_INCIDENT_ID, matchIncidentId } from './grammar/incident-id-grammar';
import { MAX_FREE_TEXT_LENGTH, readFreeText, summaryTooLong } from './grammar/free-text';
import { targetFields } from './grammar/incident-target';
import { exampleMessage, invalid } from './grammar/invalid';
import { isPunctuationOnly } from './grammar/tokens';
import type { VerbParser } from './grammar/verb';
import { targetIncident } from './target-incident';

/** `resolve [id] [summary]`. */
export interface ResolveCommand extends TargetsIncident { readonly kind: 'resolve'; readonly summary?: string }

const parseResolveCommand: VerbParser<ResolveCommand> = (tokens, argsStart, context) => {
  const args = readFreeText(tokens, argsStart, context, `resolve ${EXAMPLE_INCIDENT_ID} Bad config pushed to EU; reverted`);
  if (args.kind === 'invalid') return args;
  if (args.incidentId === undefined) {
    const last = tokens.slice(args.start).filter((token) => token.kind !== 'word' || !isPunctuationOnly(token.text)).at(-1);
    const id = matchIncidentId(last, false);
    if (id.kind === 'id') {
      return invalid(context, `The summary ends with ${id.id}: is that the incident to resolve?`,
        `Put the id right after resolve: ${exampleMessage(context, `resolve ${id.id} <summary>`)}. `
        + 'To mention another incident in a summary, do not end the summary with its id.');
    }
  }
  if (args.text.length > MAX_FREE_TEXT_LENGTH) {
    return invalid(context, `The summary is ${args.text.length} characters long; at most ${MAX_FREE_TEXT_LENGTH} fit.`,
      'Shorten it and add the details as notes.');
  }
  return { kind: 'resolve', ...targetFields(args.incidentId), ...(args.text === '' ? {} : { summary: args.text }) };
};

export interface ResolveOutcome {
  readonly incident: Incident;
  /** true when the bot was in the call and was asked to leave. */
  readonly leftCall: boolean;
  /** Set when the incident was resolved but the bot could not hang up. */
  readonly hangUpFailed?: AppError;
}

export async function resolveAndHangUp(incidentId: string, summary: string | undefined, ctx: CommandContext, services: CommandServices): Promise<ResolveOutcome> {
  const resolved = await services.incidents.resolve(incidentId, ctx.from, { summary, admins: services.admins });
  if (!hasLiveCall(resolved)) return { incident: resolved, leftCall: false };
  try {
    return { incident: await services.calls.leave(incidentId, ctx.from), leftCall: true };
  } catch (e: unknown) {
    const err = toAppError(e);
    ctx.log.warn({ incidentId, code: err.code, err: e }, 'resolved, but the bot could not leave the call');
    return { incident: resolved, leftCall: false, hangUpFailed: err };
  }
}

function hangUpProblem(outcome: ResolveOutcome): string {
  const f = outcome.hangUpFailed;
  return f ? ` The bot could not leave the call (${f.code}): type "leave ${outcome.incident.id}" to try again.` : '';
}

export const resolve = defineCommand<ResolveCommand>()({
  name: 'resolve',
  aliases: ['resolve', 'resolved'],
  catalog: {
    name: 'resolve',
    usage: 'resolve [id] [summary]',
    description: 'Resolve an incident, with an optional summary; an id, if any, goes first.',
    details: 'The bot leaves the call; the card freezes into a summary. Only the requester, the commander or an admin.',
    example: 'resolve INC-7F3A2QK Bad config pushed to EU; reverted',
    scopes: EVERYWHERE,
    available: true,
  },
  parse: parseResolveCommand,
  async handle(cmd, ctx, services) {
    const incident = await targetIncident(cmd, ctx, services);
    const outcome = await resolveAndHangUp(incident.id, cmd.summary, ctx, services);
    await services.cards.update(outcome.incident);
    const left = outcome.leftCall ? ' The bot is leaving the call.' : '';
    await ctx.sendText(`Resolved ${outcome.incident.id}.${left}${hangUpProblem(outcome)} To undo: "reopen ${outcome.incident.id}".`);
  },
  cardActions: {
    resolve: {
      async run(incident, data, ctx, services) {
        const typed = data[RESOLVE_INPUTS.summary];
        const summary = typeof typed === 'string' && typed.trim() !== '' ? typed.trim() : undefined;
        if (summary !== undefined && summary.length > MAX_FREE_TEXT_LENGTH) throw summaryTooLong(summary.length);
        const outcome = await resolveAndHangUp(incident.id, summary, ctx, services);
        if (outcome.hangUpFailed) await ctx.sendText(`Resolved ${incident.id}.${hangUpProblem(outcome)}`);
        return outcome.incident;
      },
    },
  },
});
