import type { AttendeeRequest, ResolvedAttendee, UnresolvedAttendee } from './incident';
import type { MemberLookup, UserDirectory, UserLookupResult } from './ports';

export interface AttendeeResolution {
  readonly resolved: readonly ResolvedAttendee[];
  readonly unresolved: readonly UnresolvedAttendee[];
}

/**
 * Resolves every requested attendee concurrently: each mention through the conversation's member lookup,
 * all e-mail addresses in one directory call (batched by the implementation). Never one after another.
 * Failures of a single look-up make that attendee unresolved; they never fail the whole incident.
 */
export async function resolveAttendees(
  requests: readonly AttendeeRequest[],
  lookups: { readonly members: MemberLookup; readonly directory: UserDirectory },
): Promise<AttendeeResolution> {
  const mentions = requests.filter((r): r is Extract<AttendeeRequest, { kind: 'mention' }> => r.kind === 'mention');
  // E-mail addresses and picked object ids are both looked up in the directory (GET /users/{id | userPrincipalName}).
  const emails = requests.flatMap((r) => (r.kind === 'email' ? [{ address: r.address }] : r.kind === 'directoryUser' ? [{ address: r.aadObjectId }] : []));

  const mentionResults = mentions.map((m) => settle(lookups.members(m.channelUserId)));
  const emailResults: Promise<ReadonlyMap<string, UserLookupResult>> = emails.length === 0
    ? Promise.resolve(new Map())
    : lookups.directory.lookupByUpn(emails.map((e) => e.address)).catch((e: unknown) =>
        new Map(emails.map((x) => [x.address, { found: false as const, reason: describe(e) }])));

  const [memberOutcomes, emailMap] = await Promise.all([Promise.all(mentionResults), emailResults]);

  const resolved: ResolvedAttendee[] = [];
  const unresolved: UnresolvedAttendee[] = [];
  const seen = new Set<string>();
  const add = (requestedAs: string, result: UserLookupResult): void => {
    if (!result.found) {
      unresolved.push({ requestedAs, reason: result.reason });
      return;
    }
    if (seen.has(result.user.aadObjectId)) return; // the same person typed twice (mention + e-mail)
    seen.add(result.user.aadObjectId);
    resolved.push({ ...result.user, displayName: result.user.displayName || requestedAs, requestedAs });
  };
  mentions.forEach((m, i) => add(m.name, memberOutcomes[i]!));
  for (const e of emails) add(e.address, emailMap.get(e.address) ?? { found: false, reason: 'not found in the directory' });
  return { resolved, unresolved };
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
