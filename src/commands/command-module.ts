/**
 * What one command file (`src/commands/<verb>.ts`) declares, in one `defineCommand({...})`: the words that invoke
 * it, its help/manifest entry, its grammar, its handler and the card buttons it owns. `registry.ts` lists the
 * modules; the parser, the router, the help card, the Teams manifest and the README table all read that list.
 */
import type { FormVerb, IncidentVerb } from '../cards/card-actions';
import type { Incident } from '../incidents/incident';
import type { CommandContext } from './command-context';
import type { CommandServices } from './command-services';
import type { VerbParser } from './grammar/verb';
import type { Token } from './grammar/tokens';

export type CommandScope = 'personal' | 'team' | 'groupChat';

export const ALL_COMMAND_SCOPES: readonly CommandScope[] = ['personal', 'team', 'groupChat'];

/**
 * Teams shows at most 10 commands per scope, and there are 13. Every command works everywhere when typed (and the
 * help card lists them all); the scopes only decide which ones the compose box suggests:
 * - team and group chats (10) get the collaborative ones; `help` is left out there because a bare @mention or
 *   anything unrecognised already answers with help;
 * - personal chats (9) get the one-person flow: start, look up, page, close, reopen, export. `leave`,
 *   `commander`, `sev1` and `note` are for shared conversations (the card has buttons for leave and commander).
 */
export const EVERYWHERE: readonly CommandScope[] = [...ALL_COMMAND_SCOPES];
export const SHARED: readonly CommandScope[] = ['team', 'groupChat'];
export const PERSONAL: readonly CommandScope[] = ['personal'];

/**
 * A command as users see it in the help card, the Teams manifest and the README table.
 * `available: false` keeps a command that is not built yet out of the manifest (Teams suggests manifest commands,
 * so listing unbuilt ones would invite errors); flip it when the command ships.
 */
export interface CommandCatalogEntry {
  /** What the user types first; also the manifest command title (≤ 32 characters). */
  readonly name: string;
  /** One line for the manifest and the help card (≤ 128 characters). */
  readonly description: string;
  /** A complete example message. */
  readonly example: string;
  readonly scopes: readonly CommandScope[];
  readonly available: boolean;
  /** README only: the command with its arguments (default: name), e.g. `status [id]`. */
  readonly usage?: string;
  /** README only: aliases worth naming (each must be one of the module's aliases). */
  readonly also?: readonly string[];
  /** README only: more than fits the manifest's 128 characters. */
  readonly details?: string;
}

/** Runs a parsed command. `catalog` is the registry's entries in order (the help command lists them). */
export type CommandHandler<C> = (
  command: C,
  ctx: CommandContext,
  services: CommandServices,
  catalog: readonly CommandCatalogEntry[],
) => Promise<void>;

/** Handles an Action.Execute verb on an incident card; returns the incident to render as the refreshed card. */
type IncidentActionHandler = (incident: Incident, data: Readonly<Record<string, unknown>>, ctx: CommandContext, services: CommandServices) => Promise<Incident>;

/** Handles an Action.Execute verb on a form that is not tied to an incident; returns a short confirmation. */
export type FormActionHandler = (data: Readonly<Record<string, unknown>>, ctx: CommandContext, services: CommandServices) => Promise<string>;

export interface CardAction {
  readonly run: IncidentActionHandler;
  /** Buttons on older copies of a card stay clickable: true refuses them once the incident is resolved. */
  readonly refusesResolved?: boolean;
}

/** A verb that is its own first argument (`sev2 [id]`): tried when no alias matches at `index`. */
export interface Shorthand<C> {
  readonly matches: (tokens: readonly Token[], index: number) => boolean;
  readonly parse: VerbParser<C>;
}

/**
 * `C` is the parsed command; `AV` / `FV` are the card and form verbs the command owns (inferred from the keys of
 * `cardActions` / `formActions`, so the registry can check at compile time that every verb has exactly one owner).
 */
export interface CommandModule<C extends { readonly kind: string }, AV extends IncidentVerb = IncidentVerb, FV extends FormVerb = FormVerb> {
  /** Name reported in InvalidCommand.command. */
  readonly name: string;
  /** What invokes it (lower case); an alias of several words ('hang up') is typed as separate words. */
  readonly aliases: readonly string[];
  readonly shorthand?: Shorthand<C>;
  readonly catalog: CommandCatalogEntry;
  /** Reads tokens[argsStart..] once the verb matched (see grammar/verb.ts). */
  readonly parse: VerbParser<C>;
  /**
   * true for commands that change a live incident: a typed id naming a resolved incident is refused (one rule,
   * assertNotResolved, enforced by dispatch.ts) before the handler runs.
   */
  readonly refusesResolved?: boolean;
  readonly handle: CommandHandler<C>;
  /** The incident card buttons (Action.Execute verbs) this command owns. */
  readonly cardActions?: { readonly [V in AV]: CardAction };
  /** The forms not tied to an incident that this command owns (the Start form). */
  readonly formActions?: { readonly [V in FV]: FormActionHandler };
}

/**
 * Declares a command. The type argument is the parsed command, e.g. `defineCommand<PageCommand>()({...})`
 * (curried so the card action verbs are still inferred).
 */
export function defineCommand<C extends { readonly kind: string }>() {
  return <AV extends IncidentVerb = never, FV extends FormVerb = never>(module: CommandModule<C, AV, FV>): CommandModule<C, AV, FV> => module;
}
