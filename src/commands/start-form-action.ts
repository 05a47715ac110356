/** The Start form (help and welcome cards): its inputs become the same StartCommand a typed `start` produces. */
import { START_INPUTS } from '../cards/card-actions';
import { AppError, CommandError } from '../errors/app-error';
import type { AttendeeRequest, Severity } from '../incidents/incident';
import { DEFAULT_SEVERITY, SEVERITIES } from '../incidents/incident';
import type { StartCommand } from './command';
import type { FormActionHandler } from './card-action-handler';
import { toAddress } from './grammar/attendee-list';
import { MAX_TITLE_LENGTH } from './grammar/title';
import { startCommand } from './start-command';

function text(data: Readonly<Record<string, unknown>>, key: string): string {
  const v = data[key];
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
}

export function startCommandFromForm(data: Readonly<Record<string, unknown>>): StartCommand {
  const title = text(data, START_INPUTS.title).replace(/\s+/g, ' ');
  if (title === '') throw new CommandError('TITLE_MISSING', 'The incident needs a title.', 'Say what is broken, e.g. "Checkout API returning 500s".');
  if (title.length > MAX_TITLE_LENGTH) throw new CommandError('COMMAND_INVALID', `The title is too long (${title.length} characters; at most ${MAX_TITLE_LENGTH}).`, 'Shorten it; details can go in a note.');

  const sevRaw = text(data, START_INPUTS.severity).toLowerCase();
  const severity: Severity = (SEVERITIES as readonly string[]).includes(sevRaw) ? (sevRaw as Severity) : DEFAULT_SEVERITY;

  const attendees: AttendeeRequest[] = text(data, START_INPUTS.people).split(',').map((s) => s.trim()).filter(Boolean)
    .map((aadObjectId) => ({ kind: 'directoryUser', aadObjectId }));
  const typed = text(data, START_INPUTS.emails).split(/[\s,;]+/).filter(Boolean);
  const bad = typed.filter((t) => !toAddress(t));
  if (bad.length > 0) throw new CommandError('COMMAND_INVALID', `Not an e-mail address: ${bad.join(', ')}.`, 'Type addresses like patti@contoso.com, separated by spaces or commas.');
  for (const t of typed) attendees.push({ kind: 'email', address: toAddress(t)!.address });

  const time = text(data, START_INPUTS.time);
  const clock = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (time !== '' && !clock) throw new CommandError('COMMAND_INVALID', `"${time}" is not a time.`, 'Pick a time like 15:30, or leave it empty to start now.');
  const durationRaw = text(data, START_INPUTS.duration);
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
    ...(text(data, START_INPUTS.calendar) === 'true' ? { calendar: true } : {}),
    schedule: {
      ...(clock ? { startAt: { kind: 'clock' as const, hour: Number(clock[1]), minute: Number(clock[2]) } } : {}),
      ...(duration !== undefined ? { durationMinutes: duration } : {}),
    },
  };
}

export const startFormAction: FormActionHandler = async (data, ctx, services) => {
  const cmd = startCommandFromForm(data);
  if (cmd.schedule.startAt?.kind === 'clock' && (cmd.schedule.startAt.hour > 23 || cmd.schedule.startAt.minute > 59)) {
    throw new AppError('COMMAND_INVALID', 'That time does not exist.', { hint: 'Pick a time between 00:00 and 23:59.' });
  }
  await startCommand.handle(cmd, ctx, services);
  return `Starting "${cmd.title}" (${cmd.severity.toUpperCase()}): the incident card follows.`;
};
