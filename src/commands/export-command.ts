/** `export [id]`: the incident as one Markdown text message (title, times in UTC, people, timeline, summary). */
import { AppError } from '../errors/app-error';
import { exportMarkdown } from '../incidents/export-markdown';
import type { Incident } from '../incidents/incident';
import type { ExportCommand, ParsedCommand } from './command';
import type { CommandContext } from './command-context';
import type { CommandHandler } from './command-handler';
import type { CommandServices } from './command-services';
import { incidentHere } from './target-incident';

/** The id typed, else the latest incident here whatever its state (exports usually follow a resolve). */
async function exportTarget(cmd: ExportCommand, ctx: CommandContext, services: CommandServices): Promise<Incident> {
  const found = cmd.incidentId ? await incidentHere(cmd.incidentId, ctx, services) : await services.incidents.latest(ctx);
  if (found) return found;
  throw cmd.incidentId
    ? new AppError('INCIDENT_NOT_FOUND', `There is no incident ${cmd.incidentId} here.`, { hint: 'Check the id on the incident card; incidents are reachable from the chat or team they were started in.' })
    : new AppError('INCIDENT_NOT_FOUND', 'There is no incident in this conversation to export.', { hint: 'Give the id from its card: "export INC-7F3A2QK".' });
}

export const exportCommand: CommandHandler<ExportCommand> = {
  name: 'export',
  matches: (p: ParsedCommand): p is ExportCommand => p.kind === 'export',
  async handle(cmd, ctx, services) {
    const incident = await exportTarget(cmd, ctx, services);
    await ctx.sendMarkdown(exportMarkdown(incident, services.clock.now()));
  },
};
