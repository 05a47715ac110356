/**
 * `join [id]`, also `rejoin`, and the "Bring bot into call" button: the bot joins the meeting's call (once, however
 * many clicks). `join the call` / `join the bridge` read the same (filler words). Anything else after the verb is
 * an error with a hint.
 */
import type { TargetsIncident } from './command';
import { defineCommand, EVERYWHERE } from './command-module';
import { EXAMPLE_INCIDENT_ID } from './grammar/incident-id-grammar';
import { CALL_FILLER, parseTargetOnly, targetFields } from './grammar/incident-target';
import type { VerbParser } from './grammar/verb';
import { targetIncident } from './target-incident';

/** `join [id]`: bring the bot into the incident's meeting call. */
export interface JoinCommand extends TargetsIncident { readonly kind: 'join' }

const parseJoinCommand: VerbParser<JoinCommand> = (tokens, argsStart, context) => {
  const target = parseTargetOnly(tokens, argsStart, context, `join ${EXAMPLE_INCIDENT_ID}`, CALL_FILLER);
  return target.kind === 'invalid' ? target : { kind: 'join', ...targetFields(target.incidentId) };
};

export const join = defineCommand<JoinCommand>()({
  name: 'join',
  aliases: ['join', 'rejoin'],
  catalog: {
    name: 'join',
    usage: 'join [id]',
    description: 'Bring the bot (back) into the bridge call. Without an id: the latest incident here.',
    example: 'join',
    scopes: EVERYWHERE,
    available: true,
  },
  parse: parseJoinCommand,
  refusesResolved: true,
  async handle(cmd, ctx, services) {
    const incident = await targetIncident(cmd, ctx, services);
    const { incident: after, started } = await services.calls.join(incident.id, ctx.from);
    await services.cards.update(after);
    await ctx.sendText(started
      ? `Bringing the bot into the call for ${after.id}. The incident card shows when it is connected.`
      : after.callFailure ? `The bot could not join ${after.id}'s call: ${after.callFailure.hint ?? after.callFailure.message}` : `The bot is already in (or joining) ${after.id}'s call.`);
  },
  cardActions: {
    joinCall: { refusesResolved: true, run: async (incident, _data, ctx, services) => (await services.calls.join(incident.id, ctx.from)).incident },
  },
});
