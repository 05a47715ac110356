/** `start|incident|bridge [sev] <title> [at …] [for …] [with …]`: creates the meeting and posts the incident card. */
import { incidentCard } from '../cards/incident-card';
import { CommandError } from '../errors/app-error';
import type { ParsedCommand, StartCommand } from './command';
import { admitCommand } from './command-limits';
import type { CommandHandler } from './command-handler';
import { resolveSchedule } from './grammar/resolve-schedule';

export const startCommand: CommandHandler<StartCommand> = {
  name: 'start',
  matches: (p: ParsedCommand): p is StartCommand => p.kind === 'start',
  async handle(cmd, ctx, services) {
    admitCommand(services, 'start', ctx, cmd.attendees.length);
    const when = resolveSchedule(cmd.schedule, services.clock.now(), ctx.timeZone, services.meetingDurationMinutes);
    if ('error' in when) throw new CommandError('COMMAND_INVALID', when.error, when.hint);

    // The typing indicator goes out first but is not waited for: the look-ups and the meeting run meanwhile.
    const typing = ctx.sendTyping().catch((e: unknown) => ctx.log.warn({ err: e }, 'typing indicator failed'));
    const { incident, replay } = await services.incidents.start({
      tenantId: ctx.tenantId,
      conversationId: ctx.conversationId,
      teamId: ctx.teamId,
      sourceActivityId: ctx.activityId,
      requester: ctx.from,
      severity: cmd.severity,
      title: cmd.title,
      attendees: cmd.attendees,
      ignored: cmd.ignored,
      options: cmd.options,
      calendar: cmd.calendar === true,
      start: when.start,
      end: when.end,
      members: ctx.members,
    });
    const log = ctx.log.child({ incidentId: incident.id });
    await typing;

    if (replay) {
      if (incident.card) {
        log.info({ state: incident.state }, 'command redelivered: refreshing the existing card instead of posting another');
        await ctx.updateCard(incident.card.activityId, incidentCard(incident));
      } else {
        log.info('command redelivered while the first delivery is still starting the incident: that one posts the card');
      }
      return;
    }
    const activityId = await ctx.sendCard(incidentCard(incident));
    await services.incidents.recordCard(incident.id, { activityId, conversationReference: ctx.conversationReference() });
    log.info({ state: incident.state, attendees: incident.attendees.length, unresolved: incident.unresolved.length }, 'incident card posted');
  },
};
