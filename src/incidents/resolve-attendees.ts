import type { AttendeeRequest, ResolvedAttendee, UnresolvedAttendee } from './incident';
import type { MemberLookup, UserDirectory, UserLookupResult } from './ports';

export interface AttendeeResolution {
  readonly resolved: readonly ResolvedAttendee[];
  readonly unresolved: readonly UnresolvedAttendee[];
}

/** Look-ups under way: what is known now, and the whole answer once every look-up is back. */
export interface PendingResolution {
  /** Attendees whose look-up has answered so far (cached ones answer at once); the others are in neither list. */
  now(): AttendeeResolution;
  /** true once every look-up has answered. */
  done(): boolean;
  readonly all: Promise<AttendeeResolution>;
}

type Mention = Extract<AttendeeRequest, { kind: 'mention' }>;

/**
 * Starts every look-up at once: each mention through the conversation's member lookup, all e-mail addresses (and
 * picked object ids) in one directory call (batched by the implementation). Never one after another. Failures of
 * a single look-up make that attendee unresolved; they never fail the whole incident.
 */
export function lookUpAttendees(
  requests: readonly AttendeeRequest[],
  lookups: { readonly members: MemberLookup; readonly directory: UserDirectory },
): PendingResolution {
  const mentions = requests.filter((r): r is Mention => r.kind === 'mention');
  // E-mail addresses and picked object ids are both looked up in the directory (GET /users/{id | userPrincipalName}).
  const emails = requests.flatMap((r) => (r.kind === 'email' ? [r.address] : r.kind === 'directoryUser' ? [r.aadObjectId] : []));

  const mentionResults: (UserLookupResult | undefined)[] = mentions.map(() => undefined);
  let emailResults: ReadonlyMap<string, UserLookupResult> | undefined = emails.length === 0 ? new Map() : undefined;
  const mentionsDone = Promise.all(mentions.map((m, i) => settle(lookups.members(m.channelUserId)).then((r) => { mentionResults[i] = r; })));
  const emailsDone = emailResults !== undefined
    ? Promise.resolve()
    : lookups.directory.lookupByUpn(emails)
        .catch((e: unknown) => new Map(emails.map((x) => [x, { found: false as const, reason: describe(e) }])))
        .then((m) => { emailResults = m; });

  const build = (): AttendeeResolution => {
    const resolved: ResolvedAttendee[] = [];
    const unresolved: UnresolvedAttendee[] = [];
    const seen = new Set<string>();
    const add = (requestedAs: string, result: UserLookupResult | undefined): void => {
      if (result === undefined) return; // still being looked up
      if (!result.found) {
        unresolved.push({ requestedAs, reason: result.reason });
        return;
      }
      if (seen.has(result.user.aadObjectId)) return; // the same person typed twice (mention + e-mail)
      seen.add(result.user.aadObjectId);
      resolved.push({ ...result.user, displayName: result.user.displayName || requestedAs, requestedAs });
    };
    for (const [i, m] of mentions.entries()) add(m.name, mentionResults[i]);
    if (emailResults !== undefined) {
      for (const e of emails) add(e, emailResults.get(e) ?? { found: false, reason: 'not found in the directory' });
    }
    return { resolved, unresolved };
  };
  return {
    now: build,
    done: () => emailResults !== undefined && mentionResults.every((r) => r !== undefined),
    all: Promise.all([mentionsDone, emailsDone]).then(build),
  };
}

/** Resolves every requested attendee concurrently (see lookUpAttendees) and waits for all of them. */
export async function resolveAttendees(
  requests: readonly AttendeeRequest[],
  lookups: { readonly members: MemberLookup; readonly directory: UserDirectory },
): Promise<AttendeeResolution> {
  return lookUpAttendees(requests, lookups).all;
}

async function settle(p: Promise<UserLookupResult>): Promise<UserLookupResult> {
  try {
    return await p;
  } catch (e: unknown) {
    return { found: false, reason: describe(e) };
  }
}

function describe(e: unknown): string {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? `look-up failed (${e.code})` : 'look-up failed';
}
