/**
 * Turns the body Graph POSTs to the bot's callbackUri (a microsoft.graph.commsNotifications envelope) into CallEvents.
 *
 * Pure and total: never throws; whatever cannot be understood is skipped and described in `problems`
 * (one line per skipped or repaired thing, prefixed with its place in the envelope; no payload dumps).
 *
 * Shapes handled (Graph v1.0 docs: application-post-calls, call-delete, call-playprompt, participant-invite,
 * participant-mute; Teams docs: call-notifications):
 *  - the path of the changed resource is in `resourceUrl` (/communications/calls/{id}[/…]) or, in older payloads,
 *    `resource` (/app/calls/{id}[/…]); either may be missing — resourceData["@odata.id"] and resourceData.id are
 *    used as fallbacks for the call id;
 *  - call items (resourceData @odata.type #microsoft.graph.call) → callState. changeType "deleted" → deleted: true,
 *    and a deleted call without a state is terminated. States are matched case-insensitively (an old Teams doc
 *    sample says "Established"). resultInfo code/subcode may be numbers or numeric strings (call-delete sample);
 *  - participant collections (resourceData is an ARRAY of #microsoft.graph.participant) → roster;
 *  - operations (resourceData @odata.type #microsoft.graph.<name>Operation, or a path …/operations/{id}) → operation.
 *    operationId = resourceData.id when present, else the last path segment. operationType is the bare type name
 *    ("playPromptOperation"). Status is normalised case-insensitively ("Running" → "running").
 */
import type { CallEvent, CallParticipant, CallState, ResultInfo } from './call-events';

export interface ParsedNotifications {
  readonly events: CallEvent[];
  readonly problems: string[];
}

/** Display name used when Graph gives none (anonymous / encrypted identities). */
export const UNKNOWN_PARTICIPANT_NAME = 'Unknown participant';

const CALL_STATES: readonly CallState[] = [
  'incoming', 'establishing', 'ringing', 'established', 'hold',
  'transferring', 'transferAccepted', 'redirecting', 'terminating', 'terminated',
];
const STATE_BY_LOWER = new Map<string, CallState>(CALL_STATES.map((s) => [s.toLowerCase(), s]));
const OPERATION_STATUSES = ['notStarted', 'running', 'completed', 'failed'] as const;
const STATUS_BY_LOWER = new Map<string, string>(OPERATION_STATUSES.map((s) => [s.toLowerCase(), s]));

const GRAPH_TYPE_PREFIX = '#microsoft.graph.';
const MAX_PROBLEM_LENGTH = 300;

// ---------------------------------------------------------------------------------------------------------------
// Resource paths
// ---------------------------------------------------------------------------------------------------------------

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
  const norm = (s: string): string => s.replace(/[-{}]/g, '').toLowerCase();
  return norm(a) === norm(b);
}

// ---------------------------------------------------------------------------------------------------------------
// Envelope
// ---------------------------------------------------------------------------------------------------------------

export function parseNotifications(body: unknown): ParsedNotifications {
  const events: CallEvent[] = [];
  const problems: string[] = [];
  try {
    let doc = body;
    if (typeof doc === 'string' || doc instanceof Uint8Array) {
      try {
        doc = JSON.parse(typeof doc === 'string' ? doc : Buffer.from(doc).toString('utf8')) as unknown;
      } catch (e: unknown) {
        problems.push(`body: not JSON (${e instanceof Error ? e.message : String(e)})`);
        return { events, problems };
      }
    }
    if (!isRecord(doc)) {
      problems.push(`body: expected a commsNotifications object, got ${typeName(doc)}`);
      return { events, problems };
    }
    const envelopeType = doc['@odata.type'];
    let items: unknown[];
    if (Array.isArray(doc.value)) {
      items = doc.value;
      if (typeof envelopeType === 'string' && !sameType(envelopeType, 'commsNotifications')) {
        problems.push(`body: unexpected @odata.type ${short(envelopeType)} (items parsed anyway)`);
      }
    } else if (typeof envelopeType === 'string' && sameType(envelopeType, 'commsNotification')) {
      items = [doc]; // a bare notification without the envelope
    } else {
      problems.push('body: no "value" array (not a commsNotifications envelope)');
      return { events, problems };
    }
    if (items.length === 0) problems.push('body: "value" is empty');
    items.forEach((item, i) => {
      parseItem(item, `value[${i}]`, events, problems);
    });
  } catch (e: unknown) {
    // The code above is written not to throw; this is the last line of defence for "never throw on bad input".
    problems.push(`body: parser error (${e instanceof Error ? e.message : String(e)})`);
  }
  // Problem lines carry ids and error texts taken from the payload: keep each on one line and bounded.
  return { events, problems: problems.map((p) => bounded(p.replace(/[\u0000-\u001f\u007f]+/g, ' '), MAX_PROBLEM_LENGTH)) };
}

function parseItem(item: unknown, where: string, events: CallEvent[], problems: string[]): void {
  if (!isRecord(item)) {
    problems.push(`${where}: expected an object, got ${typeName(item)}`);
    return;
  }
  const itemType = item['@odata.type'];
  if (typeof itemType === 'string' && !sameType(itemType, 'commsNotification')) {
    problems.push(`${where}: unexpected @odata.type ${short(itemType)}; skipped`);
    return;
  }
  const changeType = typeof item.changeType === 'string' ? item.changeType.toLowerCase() : undefined;
  const deleted = changeType === 'deleted';
  const data = item.resourceData;

  const pathText = firstString(item.resourceUrl, item.resource, isRecord(data) ? data['@odata.id'] : undefined);
  const path = pathText === undefined ? undefined : parseResourcePath(pathText);
  if (pathText !== undefined && path === undefined) {
    problems.push(`${where}: resource ${short(pathText)} is not a call resource; skipped`);
    return;
  }

  // Participant collections: resourceData is an array of participants.
  if (Array.isArray(data)) {
    const looksLikeRoster =
      path?.kind === 'participants' ||
      (path?.kind === 'operation' && path.operationId.toLowerCase() === 'participants') || // a docs sample uses this path
      (data.length > 0 && data.every((p) => isRecord(p) && sameType(p['@odata.type'], 'participant')));
    if (!looksLikeRoster) {
      problems.push(`${where}: collection ${path ? describePath(path) : '(no resource path)'} is not a participant roster; skipped`);
      return;
    }
    if (!path) {
      problems.push(`${where}: participant roster without resourceUrl/resource (no call id); skipped`);
      return;
    }
    // A "deleted" change on the collection lists the participants that left, not the current roster.
    events.push({ kind: 'roster', callId: path.callId, participants: parseRoster(data, where, problems), ...(deleted ? { removed: true } : {}) });
    return;
  }

  if (data !== undefined && data !== null && !isRecord(data)) {
    problems.push(`${where}: resourceData is ${typeName(data)}; skipped`);
    return;
  }
  const record = isRecord(data) ? data : undefined;
  const dataType = record ? record['@odata.type'] : undefined;

  if (record && typeof dataType === 'string') {
    if (sameType(dataType, 'call')) {
      parseCall(record, path, deleted, where, events, problems);
      return;
    }
    if (isOperationType(dataType)) {
      parseOperation(record, path, where, events, problems);
      return;
    }
    if (sameType(dataType, 'participant')) {
      problems.push(`${where}: single participant update${path ? ` on call ${path.callId}` : ''} is not a roster; skipped`);
      return;
    }
    problems.push(`${where}: resourceData type ${short(dataType)} not handled; skipped`);
    return;
  }

  // No usable @odata.type: go by the path.
  if (!path) {
    // Last resort: an untyped resourceData carrying a call id and a state.
    if (record && typeof record.id === 'string' && typeof record.state === 'string') {
      parseCall(record, undefined, deleted, where, events, problems);
      return;
    }
    problems.push(`${where}: no resourceUrl/resource and no recognisable resourceData; skipped`);
    return;
  }
  switch (path.kind) {
    case 'call':
      parseCall(record, path, deleted, where, events, problems);
      return;
    case 'operation':
      if (!record) {
        problems.push(`${where}: operation ${path.operationId} on call ${path.callId} has no resourceData; skipped`);
        return;
      }
      parseOperation(record, path, where, events, problems);
      return;
    default:
      problems.push(`${where}: ${describePath(path)} not handled; skipped`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------------------------------------------

function parseCall(
  data: Record<string, unknown> | undefined,
  path: ResourcePath | undefined,
  deleted: boolean,
  where: string,
  events: CallEvent[],
  problems: string[],
): void {
  const callId = path?.callId ?? (data && typeof data.id === 'string' && data.id !== '' ? data.id : undefined);
  if (!callId) {
    problems.push(`${where}: call notification without a call id; skipped`);
    return;
  }
  if (path && path.kind !== 'call') {
    problems.push(`${where}: call resourceData on ${describePath(path)}; used call ${callId}`);
  }
  const rawState = data?.state;
  let state: CallState | undefined;
  if (typeof rawState === 'string' && rawState !== '') {
    state = STATE_BY_LOWER.get(rawState.toLowerCase());
    if (!state) {
      if (!deleted) {
        problems.push(`${where}: call ${callId} has unknown state ${short(rawState)}; skipped`);
        return;
      }
      problems.push(`${where}: deleted call ${callId} has unknown state ${short(rawState)}; treated as terminated`);
    }
  } else if (rawState !== undefined && rawState !== null) {
    problems.push(`${where}: call ${callId} state is ${typeName(rawState)}; ignored`);
  }
  if (!state) {
    if (!deleted) {
      problems.push(`${where}: call ${callId} update without a state; skipped`);
      return;
    }
    state = 'terminated';
  }
  const resultInfo = parseResultInfo(data?.resultInfo, `${where}: call ${callId}`, problems);
  events.push({ kind: 'callState', callId, state, deleted, ...(resultInfo ? { resultInfo } : {}) });
}

// ---------------------------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------------------------

function isOperationType(t: string): boolean {
  return /operation$/i.test(t);
}

function parseOperation(data: Record<string, unknown>, path: ResourcePath | undefined, where: string, events: CallEvent[], problems: string[]): void {
  const callId = path?.callId;
  if (!callId) {
    problems.push(`${where}: operation without a call resource path; skipped`);
    return;
  }
  const fromData = typeof data.id === 'string' && data.id !== '' ? data.id : undefined;
  const fromPath = path.kind === 'operation' ? path.operationId : undefined;
  const operationId = fromData ?? fromPath;
  if (!operationId) {
    problems.push(`${where}: operation on call ${callId} has no id; skipped`);
    return;
  }
  const rawStatus = data.status;
  if (typeof rawStatus !== 'string' || rawStatus === '') {
    problems.push(`${where}: operation ${operationId} on call ${callId} has no status; skipped`);
    return;
  }
  const status = STATUS_BY_LOWER.get(rawStatus.toLowerCase()) ?? rawStatus;
  const dataType = data['@odata.type'];
  const operationType = typeof dataType === 'string' ? bareType(dataType) : undefined;
  const clientContext = typeof data.clientContext === 'string' ? data.clientContext : undefined;
  const resultInfo = parseResultInfo(data.resultInfo, `${where}: operation ${operationId}`, problems);
  events.push({
    kind: 'operation',
    callId,
    operationId,
    status,
    ...(operationType ? { operationType } : {}),
    ...(clientContext !== undefined ? { clientContext } : {}),
    ...(resultInfo ? { resultInfo } : {}),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Participants
// ---------------------------------------------------------------------------------------------------------------

interface IdentityPick {
  readonly kind: 'user' | 'application' | 'phone' | 'guest' | 'other';
  readonly id?: string;
  readonly displayName?: string;
}

function parseRoster(items: readonly unknown[], where: string, problems: string[]): CallParticipant[] {
  const out: CallParticipant[] = [];
  items.forEach((raw, i) => {
    const at = `${where}.resourceData[${i}]`;
    if (!isRecord(raw)) {
      problems.push(`${at}: participant is ${typeName(raw)}; skipped`);
      return;
    }
    const info = isRecord(raw.info) ? raw.info : undefined;
    const identity = info && isRecord(info.identity) ? pickIdentity(info.identity) : undefined;
    let participantId = nonEmpty(raw.id);
    if (!participantId) {
      if (!identity?.id) {
        problems.push(`${at}: participant without id or identity; skipped`);
        return;
      }
      // The invite docs show roster entries with "id": null; the identity id keeps the person in the roster.
      participantId = identity.id;
      problems.push(`${at}: participant without id; used its ${identity.kind} id`);
    }
    if (!identity) problems.push(`${at}: participant ${participantId} has no identity`);
    const displayName = identity?.displayName ?? (identity?.kind === 'phone' ? identity.id : undefined) ?? UNKNOWN_PARTICIPANT_NAME;
    out.push({
      participantId,
      displayName,
      ...(identity?.kind === 'user' && identity.id ? { aadObjectId: identity.id } : {}),
      isApplication: identity?.kind === 'application',
      isInLobby: raw.isInLobby === true,
      isMuted: raw.isMuted === true,
    });
  });
  return out;
}

/**
 * Reads an identitySet / communicationsIdentitySet. Applications (bots, and applicationInstance resource accounts)
 * win over everything; then an AAD user with an id; then a phone; then guests, users without an id and the
 * remaining identity kinds (acsUser, spoolUser, encrypted, onPremises, device, …).
 */
function pickIdentity(set: Record<string, unknown>): IdentityPick | undefined {
  const get = (key: string): Record<string, unknown> | undefined => (isRecord(set[key]) ? set[key] : undefined);
  const pick = (kind: IdentityPick['kind'], ident: Record<string, unknown>): IdentityPick => {
    const id = nonEmpty(ident.id);
    const displayName = nonEmpty(ident.displayName);
    return { kind, ...(id ? { id } : {}), ...(displayName ? { displayName } : {}) };
  };
  const app = get('application') ?? get('applicationInstance');
  if (app) return pick('application', app);
  const user = get('user');
  if (user && nonEmpty(user.id)) return pick('user', user);
  const phone = get('phone');
  if (phone) return pick('phone', phone);
  const guest = get('guest');
  if (guest) return pick('guest', guest);
  if (user) return pick('guest', user);
  for (const [key, value] of Object.entries(set)) {
    if (key.startsWith('@') || !isRecord(value)) continue;
    return pick('other', value);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

function parseResultInfo(raw: unknown, where: string, problems: string[]): ResultInfo | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) {
    problems.push(`${where}: resultInfo is ${typeName(raw)}; ignored`);
    return undefined;
  }
  const code = toInt(raw.code);
  if (code === undefined) {
    problems.push(`${where}: resultInfo without a numeric code; ignored`);
    return undefined;
  }
  let subcode = 0;
  if (raw.subcode !== undefined && raw.subcode !== null) {
    const parsed = toInt(raw.subcode);
    if (parsed === undefined) problems.push(`${where}: resultInfo subcode is not numeric; used 0`);
    else subcode = parsed;
  }
  const message = typeof raw.message === 'string' && raw.message !== '' ? raw.message : undefined;
  return { code, subcode, ...(message !== undefined ? { message } : {}) };
}

/** Integers, and integer strings ("200" in the call-delete sample). */
function toInt(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*-?\d{1,15}\s*$/.test(v)) return Number.parseInt(v, 10);
  return undefined;
}

/** "#microsoft.graph.playPromptOperation" → "playPromptOperation". */
function bareType(t: string): string {
  return t.startsWith(GRAPH_TYPE_PREFIX) ? t.slice(GRAPH_TYPE_PREFIX.length) : t.replace(/^#/, '');
}

function sameType(t: unknown, name: string): boolean {
  return typeof t === 'string' && bareType(t).toLowerCase() === name.toLowerCase();
}

function describePath(p: ResourcePath): string {
  switch (p.kind) {
    case 'call': return `call ${p.callId}`;
    case 'participants': return `participants of call ${p.callId}`;
    case 'participant': return `participant ${p.participantId} of call ${p.callId}`;
    case 'operation': return `operation ${p.operationId} of call ${p.callId}`;
    case 'other': return `${short(p.subResource)} of call ${p.callId}`;
  }
}

function firstString(...vs: unknown[]): string | undefined {
  for (const v of vs) if (typeof v === 'string' && v.trim() !== '') return v;
  return undefined;
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch (e: unknown) {
    if (!(e instanceof URIError)) throw e; // decodeURIComponent throws nothing else
    return s; // a stray "%": keep the segment as sent
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

/** Quotes a value from the payload for a problem line, bounded in length. */
function short(s: string): string {
  return JSON.stringify(bounded(s.replace(/[\r\n\t]/g, ' '), 80));
}

function bounded(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
