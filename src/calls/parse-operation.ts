/** Operation items of a notification (playPrompt, invite, … : #microsoft.graph.<name>Operation) → operation events. Pure. */
import type { CallEvent } from './call-events';
import type { ResourcePath } from './notification-paths';
import { bareType, parseResultInfo } from './notification-values';

const OPERATION_STATUSES = ['notStarted', 'running', 'completed', 'failed'] as const;
const STATUS_BY_LOWER = new Map<string, string>(OPERATION_STATUSES.map((s) => [s.toLowerCase(), s]));

export function isOperationType(t: string): boolean {
  return /operation$/i.test(t);
}

export function parseOperation(data: Record<string, unknown>, path: ResourcePath | undefined, where: string, events: CallEvent[], problems: string[]): void {
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
