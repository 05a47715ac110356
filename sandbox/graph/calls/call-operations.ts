/**
 * The call actions that run as operations (call-playprompt.md, participant-invite.md): the 200 answer
 * with a `running` operation, then, after a while, its `deleted` completion notification.
 */
import { randomUUID } from 'node:crypto';
import { badRequest } from '../graph-errors';
import type { TimerSet } from '../../http/timers';
import type { SandboxUser } from '../users/directory';
import type { UserDirectory } from '../users/user-directory';
import { MAX_INVITEES_WITH_CHAT_INFO, parseInvite, parsePlayPrompt } from './call-actions';
import { compactId } from './call-notifications';
import { RESULT_INFO, resultInfoResource } from './call-resources';
import { isLive, type CallLeg, type CallTimings, type SandboxCallOperation } from './call-model';
import type { NotificationDelivery } from './notification-delivery';

export interface OperationContext {
  readonly timers: TimerSet;
  readonly timings: Required<CallTimings>;
  readonly delivery: NotificationDelivery;
  readonly directory: UserDirectory;
  /** An invitee who answered joins the meeting's call. */
  readonly join: (threadId: string, user: SandboxUser) => void;
}

export interface StartedOperation {
  readonly id: string;
  readonly operation: Record<string, unknown>;
}

export function startPlayPrompt(ctx: OperationContext, call: CallLeg, body: unknown): StartedOperation {
  const { clientContext } = parsePlayPrompt(body);
  const op: SandboxCallOperation = { id: randomUUID(), type: 'playPrompt', status: 'running', clientContext, resultInfo: null };
  call.operations.push(op);
  ctx.timers.after(
    ctx.timings.promptMs,
    () => {
      if (!isLive(call)) return;
      op.status = 'completed';
      op.resultInfo = RESULT_INFO.actionCompleted;
      // call-playprompt.md's completion notification names the call and the operation in the
      // compact form (upper case, no dashes) and carries @odata.id instead of id.
      const path = `/calls/${compactId(call.id)}/operations/${compactId(op.id)}`;
      ctx.delivery.enqueue(call, 'operation:playPrompt:completed', 'deleted', path, {
        '@odata.type': '#microsoft.graph.playPromptOperation',
        '@odata.id': `/communications${path}`,
        '@odata.etag': 'W/"1"',
        resultInfo: resultInfoResource(RESULT_INFO.actionCompleted),
        clientContext,
        status: 'completed',
      });
    },
    call.timers,
  );
  return {
    id: op.id,
    operation: { '@odata.type': '#microsoft.graph.playPromptOperation', id: op.id, status: 'running', clientContext, resultInfo: null },
  };
}

export function startInvite(ctx: OperationContext, call: CallLeg, body: unknown): StartedOperation {
  const { clientContext, invitees } = parseInvite(body);
  if (call.chatInfo !== null && invitees.length > MAX_INVITEES_WITH_CHAT_INFO) {
    // Limit documented in participant-invite.md; the error wording is inferred.
    throw badRequest(`Inviting more than ${MAX_INVITEES_WITH_CHAT_INFO} participants in one request is not supported for calls with chatInfo.`);
  }
  const op: SandboxCallOperation = { id: randomUUID(), type: 'invite', status: 'running', clientContext, resultInfo: null };
  call.operations.push(op);
  const participantsOut = invitees.map((inv) => ({
    '@odata.type': '#microsoft.graph.invitationParticipantInfo',
    endpointType: null,
    id: null,
    replacesCallId: inv.replacesCallId,
    identity: {
      '@odata.type': '#microsoft.graph.identitySet',
      user: { '@odata.type': '#microsoft.graph.identity', id: inv.userId, identityProvider: 'AAD', tenantId: call.tenantId },
      application: null,
      device: null,
      phone: null,
    },
  }));
  ctx.timers.after(
    ctx.timings.inviteAnswerMs,
    () => {
      if (!isLive(call)) return;
      const known = invitees.map((inv) => ({ inv, user: ctx.directory.findById(inv.userId) }));
      const unknown = known.find((k) => k.user === undefined);
      op.status = unknown === undefined ? 'completed' : 'failed';
      // Failure shape modeled on microsoft-graph-comms-samples#410 ("addParticipants failed for
      // participant …. Underlying reason: …. DiagCode: 412#10073"); code/subcode/reason inferred.
      op.resultInfo =
        unknown === undefined
          ? null
          : {
              code: 404,
              subcode: 9999,
              message: `addParticipants failed for participant 8:orgid:${unknown.inv.userId}. Underlying reason: The user was not found in the tenant.. DiagCode: 404#10037`,
            };
      const data: Record<string, unknown> = {
        '@odata.type': '#microsoft.graph.inviteParticipantsOperation',
        participants: participantsOut.map((p) => ({ '@odata.type': p['@odata.type'], identity: { '@odata.type': '#microsoft.graph.identitySet', user: p.identity.user } })),
        status: op.status,
        clientContext,
        id: op.id,
      };
      if (op.resultInfo !== null) data['resultInfo'] = resultInfoResource(op.resultInfo);
      ctx.delivery.enqueue(call, `operation:invite:${op.status}`, 'deleted', `/calls/${call.id}/operations/${op.id}`, data);
      for (const k of known) {
        if (k.user !== undefined && call.threadId !== null) ctx.join(call.threadId, k.user);
      }
    },
    call.timers,
  );
  return {
    id: op.id,
    operation: {
      '@odata.type': '#microsoft.graph.inviteParticipantsOperation',
      id: op.id,
      status: 'running',
      clientContext,
      resultInfo: null,
      participants: participantsOut,
    },
  };
}
