/**
 * Incident ids as users type them. The bot writes `INC-` + 7 characters of Crockford base32 (incidents/incident-id.ts):
 * digits and upper-case letters without I, L, O, U.
 *
 * - With the prefix (`INC-7F3A2QK`, `inc-7f3a2qk`, `(INC-7F3A2QK).`) the token is clearly meant as an id: it is
 *   accepted case-insensitively, with Crockford's reading rules for look-alikes (O → 0, I/L → 1), and anything else
 *   after `INC-` is reported as a malformed id rather than silently treated as text. The hyphen is required:
 *   `INC0012345` is a ServiceNow number, not ours.
 * - Without the prefix (`7f3a2qk`) a token is an id only where nothing but an id (or people) can stand — `join`,
 *   `status`, `sev2`, the ends of `page`/`commander` — and only when it is exactly 7 Crockford characters with at
 *   least one digit and one letter, so words ("rollout") and phone-like numbers ("5551234") are never ids. Before
 *   free text (`note`, `resolve`) the prefix is required. Ids the bare form cannot express (no digit, or no letter)
 *   must be typed with the prefix.
 * Always normalised to upper case `INC-XXXXXXX`.
 */
import { stripTrailingPunctuation, trimEndOf, trimStartOf, type Token } from './tokens';

export const EXAMPLE_INCIDENT_ID = 'INC-7F3A2QK';

export type IncidentIdMatch =
  | { readonly kind: 'id'; readonly id: string }
  /** `INC-…` that is not a valid id: the user meant an id and must fix it. */
  | { readonly kind: 'malformed'; readonly text: string }
  | { readonly kind: 'none' };

const CROCKFORD_7 = /^[0-9A-HJKMNP-TV-Z]{7}$/;
const PREFIX = /^inc[-\u2010\u2011\u2013](.*)$/i;
const NONE = { kind: 'none' } as const;

/** The token's text without trailing punctuation, wrapping brackets/quotes or a leading `#`. */
function unwrap(text: string): string {
  let value = text;
  // Bounded rounds of linear trims: "#(#(#(…" would otherwise cost one rescan per character.
  for (let round = 0; round < 8; round++) {
    const before = value;
    value = trimEndOf(trimStartOf(stripTrailingPunctuation(value), '("\'“”‘’[{<'), ')"\'“”‘’]}>').replace(/^#/, '');
    if (value === before) return value;
  }
  return value;
}

/** Upper case with Crockford's decoding of look-alikes. */
function crockford(text: string): string {
  return text.toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
}

/**
 * @param allowBare accept the 7 characters without `INC-` (only where nothing but an id can stand)
 */
export function matchIncidentId(token: Token | undefined, allowBare: boolean): IncidentIdMatch {
  if (token?.kind !== 'word') return NONE;
  const text = unwrap(token.text);
  const prefixed = PREFIX.exec(text);
  if (prefixed) {
    const body = crockford(prefixed[1] ?? '');
    return CROCKFORD_7.test(body) ? { kind: 'id', id: `INC-${body}` } : { kind: 'malformed', text };
  }
  if (!allowBare) return NONE;
  const upper = text.toUpperCase();
  if (CROCKFORD_7.test(upper) && /\d/.test(upper) && /[A-Z]/.test(upper)) return { kind: 'id', id: `INC-${upper}` };
  return NONE;
}

/**
 * For a word that would be an id with the prefix but is not accepted bare (`ABCDEFG`, `1234567`): the full id to
 * suggest. Undefined otherwise.
 */
export function prefixSuggestion(token: Token | undefined): string | undefined {
  if (token?.kind !== 'word') return undefined;
  const upper = unwrap(token.text).toUpperCase();
  return CROCKFORD_7.test(upper) ? `INC-${upper}` : undefined;
}

export const INCIDENT_ID_SHAPE = `Incident ids are INC- and 7 letters or digits, e.g. ${EXAMPLE_INCIDENT_ID} (the incident card shows it).`;
