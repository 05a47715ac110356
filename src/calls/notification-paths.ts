/**
 * Call resource paths in notifications: /communications/calls/{id}[/…], the older /app/calls/{id}[/…], or either
 * behind a version segment or a full Graph URL. Pure.
 */
import { canonicalCallId } from './call-id';
import { short } from './notification-values';

export type ResourcePath =
  | { readonly kind: 'call'; readonly callId: string }
  | { readonly kind: 'participants'; readonly callId: string }
  | { readonly kind: 'participant'; readonly callId: string; readonly participantId: string }
  | { readonly kind: 'operation'; readonly callId: string; readonly operationId: string }
  /** Another sub-resource of the call (contentSharingSessions, audioRoutingGroups, …). */
  | { readonly kind: 'other'; readonly callId: string; readonly subResource: string };

/**
 * Parses a call resource path: /communications/calls/{id}[/participants[/{pid}] | /operations/{opId} | /…],
 * the older /app/calls/{id}[…], or either behind a version segment or a full Graph URL.
 */
export function parseResourcePath(resourcePath: string): ResourcePath | undefined {
  let path = resourcePath.trim();
  if (/^https?:\/\//i.test(path) && URL.canParse(path)) path = new URL(path).pathname;
  path = path.replace(/[?#].*$/, '');
  const segments = path.split('/').filter((s) => s !== '').map(safeDecode);
  const at = segments.findIndex((s, i) => s.toLowerCase() === 'calls' && i > 0 && ['communications', 'app'].includes(segments[i - 1].toLowerCase()));
  if (at < 0) return undefined;
  const callId = segments[at + 1];
  if (!callId) return undefined;
  const rest = segments.slice(at + 2);
  if (rest.length === 0) return { kind: 'call', callId };
  const sub = rest[0].toLowerCase();
  if (sub === 'participants' && rest.length === 1) return { kind: 'participants', callId };
  if (sub === 'participants' && rest.length === 2) return { kind: 'participant', callId, participantId: rest[1] };
  if (sub === 'operations' && rest.length === 2) return { kind: 'operation', callId, operationId: rest[1] };
  return { kind: 'other', callId, subResource: rest.join('/') };
}

/** The call id in a resource path (/communications/calls/{id}/…, /app/calls/{id}/…), or undefined. */
export function callIdOf(resourcePath: string): string | undefined {
  return parseResourcePath(resourcePath)?.callId;
}

/**
 * Compares two Graph ids ignoring case, dashes and braces. The docs show the same operation as
 * "0fe0623f-d628-42ed-b4bd-8ac290072cc5" in the API response and "0FE0623FD62842EDB4BD8AC290072CC5" in its
 * notification path; use this where ids from the two sources meet.
 */
export function sameGraphId(a: string, b: string): boolean {
  return canonicalCallId(a) === canonicalCallId(b);
}

export function describePath(p: ResourcePath): string {
  switch (p.kind) {
    case 'call': return `call ${p.callId}`;
    case 'participants': return `participants of call ${p.callId}`;
    case 'participant': return `participant ${p.participantId} of call ${p.callId}`;
    case 'operation': return `operation ${p.operationId} of call ${p.callId}`;
    case 'other': return `${short(p.subResource)} of call ${p.callId}`;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch (e: unknown) {
    if (!(e instanceof URIError)) throw e; // decodeURIComponent throws nothing else
    return s; // a stray "%": keep the segment as sent
  }
}
