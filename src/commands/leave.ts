/**
 * `leave [id]`, also `hangup`, `hang-up`, `hang up`, and the "Remove bot" button: hangs the bot up; the meeting goes
 * on. `leave the call` reads the same. Anything else after the verb is an error with a hint.
 */
import type { TargetsIncident } from './command';
import { defineCommand, SHARED } from './command-module';
import { EXAMPLE_INCIDENT_ID } from './grammar/incident-id-grammar';
import { CALL_FILLER, parseTargetOnly, targetFields } from './grammar/incident-target';
import type { VerbParser } from './grammar/verb';
import { targetIncident } from './target-incident';

/** `leave [id]`: hang the bot up. */
export interface LeaveCommand extends TargetsIncident { readonly kind: 'leave' }

const parseLeaveCommand: VerbParser<LeaveCommand> = (tokens, argsStart, context) => {
  const target = parseTargetOnly(tokens, argsStart, context, `leave ${EXAMPLE_INCIDENT_ID}`, CALL_FILLER);
  return target.kind === 'invalid' ? target : { kind: 'leave', ...targetFields(target.incidentId) };
};

export const leave = defineCommand<LeaveCommand>()({
  name: 'leave',
  aliases: ['leave', 'hangup', 'hang-up', 'hang up'],
  catalog: {
    name: 'leave',
    usage: 'leave [id]',
    also: ['hang up'],
    description: 'Take the bot out of the bridge call (also: hang up); the meeting stays open.',
    example: 'leave',
    scopes: SHARED,
    available: true,
  },
  parse: parseLeaveCommand,
  async handle(cmd, ctx, services) {
    const incident = await targetIncident(cmd, ctx, services);
    const after = await services.calls.leave(incident.id, ctx.from);
    await services.cards.update(after);
    await ctx.sendText(`The bot is leaving ${after.id}'s call. The meeting stays open for everyone else.`);
  },
  cardActions: {
    leaveCall: { run: (incident, _data, ctx, services) => services.calls.leave(incident.id, ctx.from) },
  },
});
