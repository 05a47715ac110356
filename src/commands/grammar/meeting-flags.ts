/**
 * Flags on `start` that set meeting options. They may stand anywhere after the verb (before or after the severity,
 * in the title, between clauses, inside the `with` list), are taken out before the title and clauses are read and
 * so never become part of the title. Quoted words are never flags. Case-insensitive; trailing `. , ; ! ?` ignored.
 *
 *   +calendar   --calendar                      → calendar: true   (-calendar, +nocalendar, --no-calendar → false)
 *   +record     --record                        → recordAutomatically: true (-record, +norecord, --no-record → false)
 *   +lobby:<scope>   --lobby=<scope>            → lobbyBypass (organizer, organization, organizationAndFederated,
 *                                                  everyone, invited, organizationExcludingGuests)
 *   +presenters:<who>  --presenters=<who>       → allowedPresenters (everyone, organization, roleIsPresenter, organizer)
 *
 * A word is a flag candidate when it is `+name`, `--name` (or `—name`/`–name`, what clients auto-correct `--` to)
 * with an optional `:value`/`=value`, name made of letters and `-`. Unknown `+`/`--` names are errors (the hint
 * lists the flags), so a typo never lands in the title. A single `-` only makes `-record`/`-calendar` flags: other
 * `-words` are title text. `+` alone, `+5%`, `+1` are not flags. The same flag twice with different values is an error.
 */
import { ALLOWED_PRESENTERS, LOBBY_BYPASS_SCOPES } from '../../incidents/meeting-options';
import type { MeetingOptionFlags } from '../command';
import { tokenText, trimEndOf, type Token } from './tokens';

type LobbyBypass = NonNullable<MeetingOptionFlags['lobbyBypass']>;
type AllowedPresenters = NonNullable<MeetingOptionFlags['allowedPresenters']>;

const LOBBY_SCOPES: readonly LobbyBypass[] = LOBBY_BYPASS_SCOPES;
const PRESENTER_SCOPES: readonly AllowedPresenters[] = ALLOWED_PRESENTERS;

const FLAGS_HINT = 'Flags: +calendar, +record or -record, '
  + `+lobby:<${LOBBY_SCOPES.join('|')}>, +presenters:<${PRESENTER_SCOPES.join('|')}>. `
  + 'To keep a word starting with + in the title, put the title in quotes.';

export interface MeetingFlags {
  /** The tokens without the flags. */
  readonly tokens: readonly Token[];
  readonly calendar?: boolean;
  readonly options: MeetingOptionFlags;
  readonly problem?: { readonly message: string; readonly hint: string };
}

const CANDIDATE = /^(\+|--|[\u2013\u2014]|-)([a-z][a-z-]*)(?:[:=](.*))?$/i;

type Setting =
  | { readonly key: 'calendar'; readonly value: boolean }
  | { readonly key: 'recordAutomatically'; readonly value: boolean }
  | { readonly key: 'lobbyBypass'; readonly value: LobbyBypass }
  | { readonly key: 'allowedPresenters'; readonly value: AllowedPresenters };

type Reading =
  | { readonly kind: 'not-a-flag' }
  | { readonly kind: 'setting'; readonly setting: Setting }
  | { readonly kind: 'problem'; readonly message: string; readonly hint: string };

const NOT_A_FLAG = { kind: 'not-a-flag' } as const;

function scopeOf<T extends string>(values: readonly T[], typed: string): T | undefined {
  return values.find((value) => value.toLowerCase() === typed.toLowerCase());
}

function switchFlag(key: 'calendar' | 'recordAutomatically', flag: string, value: boolean, typedValue: string | undefined): Reading {
  if (typedValue !== undefined && typedValue !== '') {
    return { kind: 'problem', message: `${flag} takes no value.`, hint: FLAGS_HINT };
  }
  return { kind: 'setting', setting: { key, value } };
}

function readFlag(text: string): Reading {
  const stripped = trimEndOf(text, '.,;!?');
  const m = CANDIDATE.exec(stripped);
  if (!m) return NOT_A_FLAG;
  const prefix = m[1] ?? '';
  const name = (m[2] ?? '').toLowerCase();
  const value = m[3];
  const flag = `${prefix}${m[2] ?? ''}`;
  if (prefix === '-') {
    // A single dash only negates the two switches; "-ish" and friends stay title words.
    if (name === 'record') return switchFlag('recordAutomatically', flag, false, value);
    if (name === 'calendar') return switchFlag('calendar', flag, false, value);
    return NOT_A_FLAG;
  }
  switch (name) {
    case 'calendar': return switchFlag('calendar', flag, true, value);
    case 'nocalendar': case 'no-calendar': return switchFlag('calendar', flag, false, value);
    case 'record': return switchFlag('recordAutomatically', flag, true, value);
    case 'norecord': case 'no-record': return switchFlag('recordAutomatically', flag, false, value);
    case 'lobby': {
      const scope = scopeOf(LOBBY_SCOPES, value ?? '');
      if (scope) return { kind: 'setting', setting: { key: 'lobbyBypass', value: scope } };
      return {
        kind: 'problem',
        message: value ? `"${value}" is not a lobby setting.` : `${flag} needs a value, e.g. +lobby:organization.`,
        hint: `Who skips the lobby: +lobby:${LOBBY_SCOPES.join(', +lobby:')}.`,
      };
    }
    case 'presenters': case 'presenter': {
      const scope = scopeOf(PRESENTER_SCOPES, value ?? '');
      if (scope) return { kind: 'setting', setting: { key: 'allowedPresenters', value: scope } };
      return {
        kind: 'problem',
        message: value ? `"${value}" is not a presenters setting.` : `${flag} needs a value, e.g. +presenters:organizer.`,
        hint: `Who may present: +presenters:${PRESENTER_SCOPES.join(', +presenters:')}.`,
      };
    }
    default:
      return { kind: 'problem', message: `"${stripped}" is not a flag I know.`, hint: FLAGS_HINT };
  }
}

/**
 * Takes the flags out of tokens[from..]. Tokens before `from` are kept as they are.
 * @param quoted per token: inside a quoted span (never a flag)
 */
export function extractMeetingFlags(tokens: readonly Token[], from: number, quoted: readonly boolean[]): MeetingFlags {
  const kept: Token[] = [];
  const settings = new Map<Setting['key'], Setting>();
  let problem: MeetingFlags['problem'];
  tokens.forEach((token, index) => {
    const reading = index < from || quoted[index] || token.kind !== 'word' ? NOT_A_FLAG : readFlag(token.text);
    if (reading.kind === 'not-a-flag') {
      kept.push(token);
      return;
    }
    if (reading.kind === 'problem') {
      problem ??= { message: reading.message, hint: reading.hint };
      return;
    }
    const earlier = settings.get(reading.setting.key);
    if (earlier && earlier.value !== reading.setting.value) {
      problem ??= { message: `"${tokenText(token)}" contradicts an earlier flag.`, hint: `Give each setting once. ${FLAGS_HINT}` };
      return;
    }
    settings.set(reading.setting.key, reading.setting);
  });

  const options: { -readonly [K in keyof MeetingOptionFlags]: MeetingOptionFlags[K] } = {};
  let calendar: boolean | undefined;
  for (const setting of settings.values()) {
    switch (setting.key) {
      case 'calendar': calendar = setting.value; break;
      case 'recordAutomatically': options.recordAutomatically = setting.value; break;
      case 'lobbyBypass': options.lobbyBypass = setting.value; break;
      case 'allowedPresenters': options.allowedPresenters = setting.value; break;
    }
  }
  return {
    tokens: kept,
    options,
    ...(calendar === undefined ? {} : { calendar }),
    ...(problem === undefined ? {} : { problem }),
  };
}
