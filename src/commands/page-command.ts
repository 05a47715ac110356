/** `page @Isaiah patti@contoso.com [id]` and the Page form: invite people into the call (5 per Graph request). */
import { PAGE_INPUTS } from '../cards/card-actions';
import { AppError } from '../errors/app-error';
import type { AttendeeRequest, Incident } from '../incidents/incident';
import { resolveAttendees } from '../incidents/resolve-attendees';
import type { ParsedCommand, PageCommand } from './command';
import type { CardActionHandler } from './card-action-handler';
import type { CommandContext } from './command-context';
import { admitCommand } from './command-limits';
import type { CommandHandler } from './command-handler';
import type { CommandServices } from './command-services';
import { toAddress } from './grammar/attendee-list';
import { targetIncident } from './target-incident';

async function pagePeople(incident: Incident, requests: readonly AttendeeRequest[], ctx: CommandContext, services: CommandServices): Promise<{ incident: Incident; unresolved: string[] }> {
  admitCommand(services, 'page', ctx, requests.length);
  const { resolved, unresolved } = await resolveAttendees(requests, { members: ctx.members, directory: services.directory });
  if (resolved.length === 0) {
    throw new AppError('COMMAND_INVALID', 'Nobody to page: none of the people could be found.', {
      hint: unresolved.length > 0 ? `Not found: ${unresolved.map((u) => u.requestedAs).join(', ')}. Use @mentions or e-mail addresses.` : 'Name people with @mentions or e-mail addresses, e.g. "page @Isaiah patti@contoso.com".',
    });
  }
  const after = await services.calls.page(incident.id, resolved.map((r) => ({ aadObjectId: r.aadObjectId, displayName: r.displayName })), ctx.from);
  return { incident: after, unresolved: unresolved.map((u) => `${u.requestedAs} (${u.reason})`) };
}

export const pageAction: CardActionHandler = async (incident, data, ctx, services) => {
  const ids = typeof data[PAGE_INPUTS.people] === 'string' ? (data[PAGE_INPUTS.people] as string).split(',').map((s) => s.trim()).filter(Boolean) : [];
  const typed = typeof data[PAGE_INPUTS.emails] === 'string' ? (data[PAGE_INPUTS.emails] as string).split(/[\s,;]+/).filter(Boolean) : [];
  const bad = typed.filter((t) => !toAddress(t));
  if (bad.length > 0) throw new AppError('COMMAND_INVALID', `Not an e-mail address: ${bad.join(', ')}.`, { hint: 'Type addresses like patti@contoso.com, separated by spaces or commas.' });
  const requests: AttendeeRequest[] = [...ids, ...typed.map((t) => toAddress(t)!.address)].map((address) => ({ kind: 'email', address }));
  if (requests.length === 0) throw new AppError('COMMAND_INVALID', 'Pick someone to page first.', { hint: 'Choose people in the list or type e-mail addresses.' });
  const { incident: after, unresolved } = await pagePeople(incident, requests, ctx, services);
  if (unresolved.length > 0) await ctx.sendText(`Could not page: ${unresolved.join(', ')}.`);
  return after;
};

export const pageCommand: CommandHandler<PageCommand> = {
  name: 'page',
  matches: (p: ParsedCommand): p is PageCommand => p.kind === 'page',
  async handle(cmd, ctx, services) {
    const incident = await targetIncident(cmd, ctx, services);
    const ignored = (cmd.ignored ?? []).map((t) => `${t} (not an @mention or e-mail address)`);
    const { incident: after, unresolved } = await pagePeople(incident, cmd.attendees, ctx, services);
    await services.cards.update(after);
    const paged = after.timeline.at(-1)?.text ?? 'Paged.';
    const problems = [...unresolved, ...ignored];
    await ctx.sendText(`${paged} (${after.id}).${problems.length > 0 ? ` Could not page: ${problems.join(', ')}.` : ''}`);
  },
};
