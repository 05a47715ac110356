/**
 * `start|incident|bridge [sev] <title> [at …] [for …] [with …]` (grammar: start-grammar.ts), the Start form (help
 * and welcome cards) and the "Try again" button: creates the meeting and posts the incident card.
 */
import { admitCommand } from './command-limits';
import { START_INPUTS } from '../cards/card-actions';
import { incidentCard } from '../cards/incident-card';
import { CommandError } from '../errors/app-error';
import type { Severity } from '../incidents/incident';
import { DEFAULT_SEVERITY, SEVERITIES } from '../incidents/incident';
import type { CommandContext } from './command-context';
import { defineCommand, EVERYWHERE, type FormActionHandler } from './command-module';
import type { CommandServices } from './command-services';
import { formAttendees, formText } from './form-input';
import { resolveSchedule } from './grammar/resolve-schedule';
import { MAX_TITLE_LENGTH } from './grammar/title';
import { parseStartCommand, type StartCommand } from './start-grammar';

export type { StartCommand } from './start-grammar';

async function startIncident(cmd: StartCommand, ctx: CommandContext, services: CommandServices): Promise<void> {
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

  if (replay) {
    if (incident.card) {
      log.info({ state: incident.state }, 'command redelivered: refreshing the existing card instead of posting another');
      await ctx.updateCard(incident.card.activityId, incidentCard(incident));
    } else {
      log.info('command redelivered while the first delivery is still starting the incident: that one posts the card');
    }
    await typing;
    return;
  }
  const activityId = await ctx.sendCard(incidentCard(incident));
  await services.incidents.recordCard(incident.id, { activityId, conversationReference: ctx.conversationReference() });
  log.info({ state: incident.state, attendees: incident.attendees.length, unresolved: incident.unresolved.length }, 'incident card posted');
  await typing; // sent first, never waited for before the card
}

/** The Start form's inputs as the same StartCommand a typed `start` produces. */
function startCommandFromForm(data: Readonly<Record<string, unknown>>): StartCommand {
  const title = formText(data, START_INPUTS.title).replace(/\s+/g, ' ');
  if (title === '') throw new CommandError('TITLE_MISSING', 'The incident needs a title.', 'Say what is broken, e.g. "Checkout API returning 500s".');
  if (title.length > MAX_TITLE_LENGTH) throw new CommandError('COMMAND_INVALID', `The title is too long (${title.length} characters; at most ${MAX_TITLE_LENGTH}).`, 'Shorten it; details can go in a note.');

  const sevRaw = formText(data, START_INPUTS.severity).toLowerCase();
  const severity: Severity = (SEVERITIES as readonly string[]).includes(sevRaw) ? (sevRaw as Severity) : DEFAULT_SEVERITY;
  const attendees = formAttendees(data, { picked: START_INPUTS.people, typed: START_INPUTS.emails });

  const time = formText(data, START_INPUTS.time);
  const clock = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (time !== '' && !clock) throw new CommandError('COMMAND_INVALID', `"${time}" is not a time.`, 'Pick a time like 15:30, or leave it empty to start now.');
  if (clock && (Number(clock[1]) > 23 || Number(clock[2]) > 59)) throw new CommandError('COMMAND_INVALID', 'That time does not exist.', 'Pick a time between 00:00 and 23:59.');
  const durationRaw = formText(data, START_INPUTS.duration);
  const duration = durationRaw === '' ? undefined : Number(durationRaw);
  if (duration !== undefined && (!Number.isInteger(duration) || duration < 5 || duration > 24 * 60)) {
    throw new CommandError('COMMAND_INVALID', `"${durationRaw}" minutes is not a meeting length.`, 'Use a whole number of minutes from 5 to 1440, or leave it empty.');
  }
  return {
    kind: 'start',
    severity,
    severityExplicit: sevRaw !== '',
    title,
    attendees,
    ...(formText(data, START_INPUTS.calendar) === 'true' ? { calendar: true } : {}),
    schedule: {
      ...(clock ? { startAt: { kind: 'clock' as const, hour: Number(clock[1]), minute: Number(clock[2]) } } : {}),
      ...(duration !== undefined ? { durationMinutes: duration } : {}),
    },
  };
}

/** The Start form (help and welcome cards, the message action's dialog): the same StartCommand a typed `start` makes. */
export const startFormAction: FormActionHandler = async (data, ctx, services) => {
  const cmd = startCommandFromForm(data);
  await startIncident(cmd, ctx, services);
  return `Starting "${cmd.title}" (${cmd.severity.toUpperCase()}): the incident card follows.`;
};

export const start = defineCommand<StartCommand>()({
  name: 'start',
  aliases: ['start', 'incident', 'bridge'],
  catalog: {
    name: 'start',
    also: ['incident', 'bridge'],
    description: 'Open an incident bridge: start [sev1-sev4] <title> [at <time>] [for <duration>] [with @people]',
    details: 'Flags: `+calendar` (Outlook event with a Teams meeting), `+record`, `+lobby:<scope>`, `+presenters:<who>`',
    example: 'start sev2 Checkout errors in EU at 15:30 for 45m with @Megan Bowen',
    scopes: EVERYWHERE,
    available: true,
  },
  parse: parseStartCommand,
  handle: startIncident,
  cardActions: {
    // The "Try again" button on an incident whose meeting could not be created (e.g. after an admin added the policy).
    retryMeeting: { refusesResolved: true, run: (incident, _data, _ctx, services) => services.incidents.retryMeeting(incident.id) },
  },
  formActions: { startIncident: startFormAction },
});
