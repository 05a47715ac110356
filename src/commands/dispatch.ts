/**
 * Runs what the parser produced and what card buttons send, from the registry's modules. The handler table is a
 * record keyed by every ParsedCommand kind, so a kind without a handler does not compile. This is also the one
 * place the command layer enforces "a resolved incident refuses changes" (assertNotResolved), for the modules and
 * card actions that declare `refusesResolved`.
 */
import { isCardVerb, isFormVerb, type FormVerb, type IncidentVerb } from '../cards/card-actions';
import { CommandError } from '../errors/app-error';
import type { Incident } from '../incidents/incident';
import { assertNotResolved } from '../incidents/incident-lifecycle';
import type { CommandContext } from './command-context';
import type { CardAction, CommandHandler, FormActionHandler } from './command-module';
import type { CommandServices } from './command-services';
import { COMMAND_CATALOG, COMMAND_MODULES, COMMANDS, type CommandKind, type CommandOf, type ParsedCommand, type RegisteredCommand } from './registry';
import { incidentHere } from './target-incident';

interface Runnable<C> {
  readonly handle: CommandHandler<C>;
  readonly refusesResolved?: boolean;
}

const HANDLERS: { readonly [K in CommandKind]: Runnable<CommandOf[K]> } = COMMANDS;

async function run<K extends CommandKind>(kind: K, cmd: CommandOf[K], ctx: CommandContext, services: CommandServices): Promise<void> {
  const command: Runnable<CommandOf[K]> = HANDLERS[kind];
  // Without an id a command targets the latest active incident, which is never resolved: only a typed id is checked.
  const typedId = 'incidentId' in cmd ? cmd.incidentId : undefined;
  if (command.refusesResolved && typedId) {
    const found = await incidentHere(typedId, ctx, services);
    if (found) assertNotResolved(found);
  }
  await command.handle(cmd, ctx, services, COMMAND_CATALOG);
}

export async function dispatchCommand(parsed: ParsedCommand, ctx: CommandContext, services: CommandServices): Promise<void> {
  if (parsed.kind === 'invalid') throw new CommandError(parsed.code, parsed.message, parsed.hint);
  await run(parsed.kind, parsed, ctx, services);
}

function verbTable<V extends string, T>(isVerb: (v: unknown) => v is V, pick: (m: RegisteredCommand) => Readonly<Partial<Record<V, T>>> | undefined): ReadonlyMap<V, T> {
  const table = new Map<V, T>();
  for (const m of COMMAND_MODULES) {
    for (const [verb, action] of Object.entries<T | undefined>(pick(m) ?? {})) {
      if (!isVerb(verb) || action === undefined) continue;
      if (table.has(verb)) throw new Error(`card verb "${verb}" is owned by two commands (the second: ${m.name})`);
      table.set(verb, action);
    }
  }
  return table;
}

/** Every verb has an owner: registry.ts checks that at compile time. */
const CARD_ACTIONS = verbTable<IncidentVerb, CardAction>(isCardVerb, (m) => m.cardActions);
const FORM_ACTIONS = verbTable<FormVerb, FormActionHandler>(isFormVerb, (m) => m.formActions);

/** Runs an incident card's button; returns the incident to render as the refreshed card. */
export async function runCardAction(verb: IncidentVerb, incident: Incident, data: Readonly<Record<string, unknown>>, ctx: CommandContext, services: CommandServices): Promise<Incident> {
  const action = CARD_ACTIONS.get(verb);
  if (!action) throw new Error(`no command owns the card verb "${verb}"`);
  // Buttons on older copies of a card stay clickable: those that change a live incident refuse a resolved one.
  if (action.refusesResolved) assertNotResolved(incident);
  return action.run(incident, data, ctx, services);
}

/** Runs a form not tied to an incident (the Start form); returns a short confirmation. */
export async function runFormAction(verb: FormVerb, data: Readonly<Record<string, unknown>>, ctx: CommandContext, services: CommandServices): Promise<string> {
  const action = FORM_ACTIONS.get(verb);
  if (!action) throw new Error(`no command owns the form verb "${verb}"`);
  return action(data, ctx, services);
}
