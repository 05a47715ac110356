/**
 * The pure call state machine: applies one Graph call event to an incident. Tolerates what the service does:
 * duplicates, establishing/established out of order, late events for a call that already ended, events for an
 * older call of the same meeting. Returns the side effects the caller must run once the change is stored.
 */
import type { CallEvent, CallParticipant } from './call-events';
import { sameCall } from './call-id';
import { callEndOf } from './call-outcomes';
import { isStale } from './call-state';
import type { CallInfo, CallMember, Incident } from '../incidents/incident';
import { addTimeline } from '../incidents/timeline';

export type CallEffect =
  | { readonly kind: 'playPrompt'; readonly callId: string }
  | { readonly kind: 'invite'; readonly callId: string; readonly aadObjectIds: readonly string[] };

export interface CallEventResult {
  readonly incident: Incident;
  readonly changed: boolean;
  /** Changed, but nothing the card shows (no card update needed). */
  readonly quiet?: boolean;
  readonly effects: readonly CallEffect[];
}

export function applyCallEvent(incident: Incident, event: CallEvent, now: Date): CallEventResult {
  const call = incident.call;
  const same: CallEventResult = { incident, changed: false, effects: [] };
  if (!call || !sameCall(call.callId, event.callId)) return same; // an older call of this meeting, or not ours
  if (call.state === 'terminated') return same; // late or duplicate delivery after the end

  switch (event.kind) {
    case 'callState': {
      const next = event.deleted ? 'terminated' : event.state;
      if (isStale(next, call.state) || next === call.state) return same;
      if (next === 'terminated') return ended(incident, call, event.resultInfo === undefined ? undefined : event.resultInfo, now);
      if (next === 'established') return connected(incident, call, now);
      return { incident: { ...incident, call: { ...call, state: next } }, changed: true, effects: [] };
    }
    case 'roster':
      return roster(incident, call, event.removed
        ? call.members.filter((m) => !event.participants.some((p) => p.participantId === m.participantId)).map(asParticipant)
        : event.participants, now);
    case 'operation': {
      if (event.operationType === 'playPromptOperation' || event.clientContext?.startsWith('prompt:')) {
        if (event.status === 'completed' && !call.promptPlayed) {
          return { incident: { ...incident, call: { ...call, promptPlayed: true } }, changed: true, quiet: true, effects: [] };
        }
        return same;
      }
      if (event.status === 'failed') {
        const why = event.resultInfo ? ` (${event.resultInfo.code}/${event.resultInfo.subcode}${event.resultInfo.message ? `: ${event.resultInfo.message}` : ''})` : '';
        const what = event.clientContext?.startsWith('invite:') ? `Paging ${event.clientContext.slice('invite:'.length)} failed` : 'A call operation failed';
        return { incident: addTimeline(incident, now, `${what}${why}`), changed: true, effects: [] };
      }
      return same;
    }
  }
}

function connected(incident: Incident, call: CallInfo, now: Date): CallEventResult {
  const effects: CallEffect[] = [];
  let next: CallInfo = { ...call, state: 'established', connectedAt: call.connectedAt ?? now.toISOString() };
  if (!call.promptRequested) {
    next = { ...next, promptRequested: true };
    effects.push({ kind: 'playPrompt', callId: call.callId });
  }
  if (incident.pendingInvites && incident.pendingInvites.length > 0) {
    effects.push({ kind: 'invite', callId: call.callId, aadObjectIds: incident.pendingInvites });
  }
  const state = incident.state === 'resolved' ? 'resolved' : 'botConnected';
  return {
    incident: addTimeline({ ...incident, state, call: next, joinClaim: undefined, callFailure: undefined, pendingInvites: [] }, now, 'Bot joined the call'),
    changed: true,
    effects,
  };
}

function ended(incident: Incident, call: CallInfo, resultInfo: Parameters<typeof callEndOf>[0], now: Date): CallEventResult {
  const end = callEndOf(resultInfo);
  const neverConnected = call.connectedAt === undefined;
  const next: CallInfo = { ...call, state: 'terminated', endedAt: now.toISOString(), end, members: [] };
  const state = incident.state === 'resolved' ? 'resolved' : 'callEnded';
  const failure = end.isFailure
    ? { code: `CALL_${resultInfo?.subcode ?? resultInfo?.code ?? 0}`, message: neverConnected ? 'The bot could not join the call.' : 'The bot was dropped from the call.', hint: end.explanation }
    : undefined;
  return {
    incident: addTimeline({ ...incident, state, call: next, joinClaim: undefined, callFailure: failure }, now, neverConnected && end.isFailure ? `Bot could not join: ${end.explanation}` : `Call ended: ${end.explanation}`),
    changed: true,
    effects: [],
  };
}

function asParticipant(m: CallMember): CallParticipant {
  return { participantId: m.participantId, displayName: m.displayName, aadObjectId: m.aadObjectId, isApplication: false, isInLobby: false, isMuted: false };
}

function roster(incident: Incident, call: CallInfo, participants: readonly CallParticipant[], now: Date): CallEventResult {
  const people: CallMember[] = participants
    .filter((p) => !p.isApplication && !p.isInLobby)
    .map((p) => ({ participantId: p.participantId, displayName: p.displayName, ...(p.aadObjectId ? { aadObjectId: p.aadObjectId } : {}) }));
  const before = new Map(call.members.map((m) => [m.participantId, m]));
  const after = new Map(people.map((m) => [m.participantId, m]));
  const joined = people.filter((m) => !before.has(m.participantId));
  const left = call.members.filter((m) => !after.has(m.participantId));
  if (joined.length === 0 && left.length === 0) return { incident, changed: false, effects: [] };

  let next: Incident = { ...incident, call: { ...call, members: people, everJoined: [...new Set([...call.everJoined, ...joined.map((m) => m.displayName)])] } };
  for (const m of joined) next = addTimeline(next, now, `${m.displayName} joined the call`);
  for (const m of left) next = addTimeline(next, now, `${m.displayName} left the call`);
  return { incident: next, changed: true, effects: [] };
}
