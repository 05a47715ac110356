/**
 * The one list of bot commands. The Teams manifest (scripts/manifest/build-app-package.ts), the help card
 * and the README all read it, so a command is described once.
 *
 * `available: false` marks commands that are not built yet: they stay out of the manifest
 * (Teams shows manifest commands as suggestions, so listing unbuilt ones would invite errors). When a
 * command ships, flip its flag. Teams allows at most 10 commands per scope in the manifest: the package
 * build fails with a clear message if the available commands of a scope exceed that, and the order here
 * is the order users see.
 */
import { ALERTS_CATALOG_ENTRY } from './alerts';

export type CommandScope = 'personal' | 'team' | 'groupChat';

export const ALL_COMMAND_SCOPES: readonly CommandScope[] = ['personal', 'team', 'groupChat'];

export interface CommandCatalogEntry {
  /** What the user types first; also the manifest command title (≤ 32 characters). */
  readonly name: string;
  /** One line for the manifest and the help card (≤ 128 characters). */
  readonly description: string;
  /** A complete example message. */
  readonly example: string;
  readonly scopes: readonly CommandScope[];
  /** false until the parser and a handler exist for it. */
  readonly available: boolean;
}

const EVERYWHERE = ALL_COMMAND_SCOPES;
/**
 * Teams shows at most 10 commands per scope, and there are 13. Every command works everywhere when typed (and the
 * help card lists them all); the scopes only decide which ones the compose box suggests:
 * - team and group chats (10) get the collaborative ones; `help` is left out there because a bare @mention or
 *   anything unrecognised already answers with help;
 * - personal chats (9) get the one-person flow: start, look up, page, close, reopen, export. `leave`,
 *   `commander`, `sev1` and `note` are for shared conversations (the card has buttons for leave and commander).
 */
const SHARED: readonly CommandScope[] = ['team', 'groupChat'];
const PERSONAL: readonly CommandScope[] = ['personal'];

export const COMMAND_CATALOG: readonly CommandCatalogEntry[] = [
  {
    name: 'start',
    description: 'Open an incident bridge: start [sev1-sev4] <title> [at <time>] [for <duration>] [with @people]',
    example: 'start sev2 Checkout errors in EU at 15:30 for 45m with @Megan Bowen',
    scopes: EVERYWHERE,
    available: true,
  },
  {
    name: 'help',
    description: 'Show what I can do and examples of each command.',
    example: 'help',
    scopes: PERSONAL,
    available: true,
  },
  {
    name: 'status',
    description: 'Show an incident: state, severity, commander, bridge link. Without an id: the latest here.',
    example: 'status INC-7F3A2QK',
    scopes: EVERYWHERE,
    available: true,
  },
  {
    name: 'list',
    description: 'List the active incidents of this chat (in a channel: of the team).',
    example: 'list',
    scopes: EVERYWHERE,
    available: true,
  },
  {
    name: 'page',
    description: 'Ring people into the bridge call: @mentions or e-mail addresses, optionally with the incident id.',
    example: 'page @Megan Bowen patti@contoso.com',
    scopes: EVERYWHERE,
    available: true,
  },
  {
    name: 'join',
    description: 'Bring the bot (back) into the bridge call. Without an id: the latest incident here.',
    example: 'join',
    scopes: EVERYWHERE,
    available: true,
  },
  {
    name: 'leave',
    description: 'Take the bot out of the bridge call (also: hang up); the meeting stays open.',
    example: 'leave',
    scopes: SHARED,
    available: true,
  },
  {
    name: 'commander',
    description: 'Name the incident commander: commander @person, an e-mail address or me.',
    example: 'commander @Megan Bowen',
    scopes: SHARED,
    available: true,
  },
  {
    name: 'sev1',
    description: 'Change the severity: sev1, sev2, sev3 or sev4, optionally followed by the incident id.',
    example: 'sev1 INC-7F3A2QK',
    scopes: SHARED,
    available: true,
  },
  {
    name: 'note',
    description: 'Add a line to the incident timeline; an id, if any, goes first: note INC-7F3A2QK <text>.',
    example: 'note Rolled back deploy 2024.11.3',
    scopes: SHARED,
    available: true,
  },
  {
    name: 'resolve',
    description: 'Resolve an incident, with an optional summary; an id, if any, goes first.',
    example: 'resolve INC-7F3A2QK Bad config pushed to EU; reverted',
    scopes: EVERYWHERE,
    available: true,
  },
  {
    name: 'reopen',
    description: 'Reopen the last resolved incident here, or the one whose id you give.',
    example: 'reopen',
    scopes: PERSONAL,
    available: true,
  },
  {
    name: 'export',
    description: 'Export an incident timeline as Markdown.',
    example: 'export INC-7F3A2QK',
    scopes: PERSONAL,
    available: true,
  },
  ALERTS_CATALOG_ENTRY,
];

/** Commands users can run today, in catalog order. */
export function availableCommands(scope?: CommandScope): readonly CommandCatalogEntry[] {
  return COMMAND_CATALOG.filter((c) => c.available && (scope === undefined || c.scopes.includes(scope)));
}
