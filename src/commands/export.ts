/**
 * `export [id]`: the incident as one Markdown text message (title, times in UTC, people, timeline, summary).
 * Nothing but an optional id may follow.
 */
import { exportMarkdown } from '../incidents/export-markdown';
import type { Incident } from '../incidents/incident';
import { noIncidentHere } from '../incidents/incident-errors';
import type { TargetsIncident } from './command';
import type { CommandContext } from './command-context';
import { defineCommand, PERSONAL } from './command-module';
import type { CommandServices } from './command-services';
import { EXAMPLE_INCIDENT_ID } from './grammar/incident-id-grammar';
import { parseTargetOnly, targetFields } from './grammar/incident-target';
import type { VerbParser } from './grammar/verb';
import { requireIncidentHere } from './target-incident';

/** `export [id]`: the timeline as Markdown. */
export interface ExportCommand extends TargetsIncident { readonly kind: 'export' }

const parseExportCommand: VerbParser<ExportCommand> = (tokens, argsStart, context) => {
  const target = parseTargetOnly(tokens, argsStart, context, `export ${EXAMPLE_INCIDENT_ID}`);
  return target.kind === 'invalid' ? target : { kind: 'export', ...targetFields(target.incidentId) };
};

/** The id typed, else the latest incident here whatever its state (exports usually follow a resolve). */
async function exportTarget(cmd: ExportCommand, ctx: CommandContext, services: CommandServices): Promise<Incident> {
  if (cmd.incidentId) return requireIncidentHere(cmd.incidentId, ctx, services);
  const latest = await services.incidents.latest(ctx);
  if (!latest) throw noIncidentHere('There is no incident in this conversation to export.', 'Give the id from its card: "export INC-7F3A2QK".');
  return latest;
}

export const exportCommand = defineCommand<ExportCommand>()({
  name: 'export',
  aliases: ['export'],
  catalog: {
    name: 'export',
    usage: 'export [id]',
    description: 'Export an incident timeline as Markdown.',
    details: 'Ready for a post-incident review.',
    example: 'export INC-7F3A2QK',
    scopes: PERSONAL,
    available: true,
  },
  parse: parseExportCommand,
  async handle(cmd, ctx, services) {
    const found = await exportTarget(cmd, ctx, services);
    // Review facts are read again once the incident is resolved or the bot's call has ended: Teams makes the
    // attendance report when the meeting's call ends.
    const incident = found.state === 'resolved' || found.state === 'callEnded' ? await services.incidents.refreshReview(found) : found;
    await ctx.sendMarkdown(exportMarkdown(incident, services.clock.now()));
  },
});
