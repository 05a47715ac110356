/**
 * `resolve [id] [summary]` and the Resolve button: resolves the incident (requester, commander or admin only),
 * takes the bot out of the call if it is in one (DELETE /communications/calls/{id}) and freezes the card into the
 * resolved summary.
 */
import { RESOLVE_INPUTS } from '../cards/card-actions';
import { toAppError, type AppError } from '../errors/app-error';
import { hasLiveCall } from '../calls/call-service';
import type { Incident } from '../incidents/incident';
import type { ParsedCommand, ResolveCommand } from './command';
import type { CardActionHandler } from './card-action-handler';
import type { CommandContext } from './command-context';
import type { CommandHandler } from './command-handler';
import type { CommandServices } from './command-services';
import { MAX_FREE_TEXT_LENGTH, summaryTooLong } from './grammar/free-text';
import { targetIncident } from './target-incident';

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

export const resolveAction: CardActionHandler = async (incident, data, ctx, services) => {
  const typed = data[RESOLVE_INPUTS.summary];
  const summary = typeof typed === 'string' && typed.trim() !== '' ? typed.trim() : undefined;
  if (summary !== undefined && summary.length > MAX_FREE_TEXT_LENGTH) throw summaryTooLong(summary.length);
  const outcome = await resolveAndHangUp(incident.id, summary, ctx, services);
  if (outcome.hangUpFailed) await ctx.sendText(`Resolved ${incident.id}.${hangUpProblem(outcome)}`);
  return outcome.incident;
};

export const resolveCommand: CommandHandler<ResolveCommand> = {
  name: 'resolve',
  matches: (p: ParsedCommand): p is ResolveCommand => p.kind === 'resolve',
  async handle(cmd, ctx, services) {
    const incident = await targetIncident(cmd, ctx, services);
    const outcome = await resolveAndHangUp(incident.id, cmd.summary, ctx, services);
    await services.cards.update(outcome.incident);
    const left = outcome.leftCall ? ' The bot is leaving the call.' : '';
    await ctx.sendText(`Resolved ${outcome.incident.id}.${left}${hangUpProblem(outcome)} To undo: "reopen ${outcome.incident.id}".`);
  },
};
