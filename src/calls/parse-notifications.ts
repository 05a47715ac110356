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
import type { CallEvent } from './call-events';
import { describePath, parseResourcePath } from './notification-paths';
import { bounded, firstString, isRecord, sameType, short, typeName } from './notification-values';
import { parseCall } from './parse-call-state';
import { isOperationType, parseOperation } from './parse-operation';
import { parseRoster } from './parse-roster';

export interface ParsedNotifications {
  readonly events: CallEvent[];
  readonly problems: string[];
}

const MAX_PROBLEM_LENGTH = 300;

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
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is replaced here
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
