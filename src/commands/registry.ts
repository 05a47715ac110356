/**
 * The one list of commands. Order = the order of the help card, the Teams manifest's command lists and the README
 * table (Teams allows at most 10 manifest commands per scope; the package build fails with a clear message beyond).
 * The parser tries the modules' aliases, the router runs their handlers, the card buttons are theirs.
 *
 * To add a command: write `src/commands/<verb>.ts` with `defineCommand` (see join.ts) and add it here. Each key is
 * the `kind` its parser produces (checked below), so ParsedCommand and the router follow without another edit.
 */
import type { FormVerb, IncidentVerb } from '../cards/card-actions';
import type { InvalidCommand } from './command';
import type { CardAction, CommandCatalogEntry, CommandModule, FormActionHandler, Shorthand } from './command-module';
import type { VerbParser } from './grammar/verb';
import { commander } from './commander';
import { exportCommand } from './export';
import { help } from './help';
import { join } from './join';
import { leave } from './leave';
import { list } from './list';
import { note } from './note';
import { page } from './page';
import { reopen } from './reopen';
import { resolve } from './resolve';
import { severity } from './sev';
import { start } from './start';
import { status } from './status';
import { alerts } from './alerts';

export const COMMANDS = {
  start,
  help,
  status,
  list,
  page,
  join,
  leave,
  commander,
  severity,
  note,
  resolve,
  reopen,
  export: exportCommand,
  alerts,
} as const;

type Modules = typeof COMMANDS;
export type CommandKind = keyof Modules;
type ParsedOf<M> = M extends CommandModule<infer C, infer _A, infer _F> ? C : never;

/** Each command's parsed type, by kind. */
export type CommandOf = { readonly [K in CommandKind]: ParsedOf<Modules[K]> };

/** What the parser produces: one of the commands, or a recognised command with a problem to show. */
export type ParsedCommand = CommandOf[CommandKind] | InvalidCommand;

// Every key is its module's kind: `help: start` (or a module whose parser yields another kind) does not compile.
type KindMismatch = { [K in CommandKind]: CommandOf[K]['kind'] extends K ? never : K }[CommandKind];
const keysAreKinds: [KindMismatch] extends [never] ? true : KindMismatch = true;
void keysAreKinds;

/** What the parser and the card-action table read of a module (its handler is run by dispatch.ts, typed by kind). */
export interface RegisteredCommand {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly shorthand?: Shorthand<ParsedCommand>;
  readonly catalog: CommandCatalogEntry;
  readonly parse: VerbParser<ParsedCommand>;
  readonly refusesResolved?: boolean;
  readonly cardActions?: { readonly [V in IncidentVerb]?: CardAction };
  readonly formActions?: { readonly [V in FormVerb]?: FormActionHandler };
}

/** The modules in registry order. */
export const COMMAND_MODULES: readonly RegisteredCommand[] = Object.values(COMMANDS);

type OwnedVerbs<M> = M extends CommandModule<infer _C, infer AV, infer FV> ? AV | FV : never;
/** Card and form verbs no module owns: non-empty does not compile (cards/card-actions.ts lists the verbs). */
type UnownedVerbs = Exclude<IncidentVerb | FormVerb, OwnedVerbs<Modules[CommandKind]>>;
const everyVerbOwned: [UnownedVerbs] extends [never] ? true : UnownedVerbs = true;
void everyVerbOwned;

/** Help, manifest and README entries, in order. */
export const COMMAND_CATALOG: readonly CommandCatalogEntry[] = COMMAND_MODULES.map((m) => m.catalog);

/** Commands users can run today, in catalog order (optionally: those the manifest suggests in one scope). */
export function availableCommands(scope?: CommandCatalogEntry['scopes'][number]): readonly CommandCatalogEntry[] {
  return COMMAND_CATALOG.filter((c) => c.available && (scope === undefined || c.scopes.includes(scope)));
}
