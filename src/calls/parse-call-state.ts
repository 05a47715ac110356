/** Call items of a notification (resourceData #microsoft.graph.call) → callState events. Pure. */
import type { CallEvent } from './call-events';
import { type CallState, callStateOf } from './call-state';
import { describePath, type ResourcePath } from './notification-paths';
import { parseResultInfo, short, typeName } from './notification-values';

export function parseCall(
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
    state = callStateOf(rawState);
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
