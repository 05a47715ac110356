/**
 * The call model: the one list of call states the bot knows, the union derived from it, and the questions asked
 * about a state ("is the bot in the call", "which of two states is later"). Pure: no SDK, no imports.
 */

/**
 * Graph's documented call states (microsoft.graph.callState), in lifecycle order. The bot uses no local
 * pseudo-states: a join in flight is the incident's `botJoining` state plus its join claim, not a call state.
 */
const CALL_STATES = [
  'incoming', 'establishing', 'ringing', 'established', 'hold',
  'transferring', 'transferAccepted', 'redirecting', 'terminating', 'terminated',
] as const;

export type CallState = (typeof CALL_STATES)[number];

const BY_LOWER = new Map<string, CallState>(CALL_STATES.map((s) => [s.toLowerCase(), s]));

/** A state as Graph wrote it (matched case-insensitively: an old Teams sample says "Established"), or undefined. */
export function callStateOf(raw: string): CallState | undefined {
  return BY_LOWER.get(raw.toLowerCase());
}

/** The bot is in the call or getting in: a join now would make a second call. Not while it is leaving. */
export function isLive(state: CallState): boolean {
  return state !== 'terminating' && state !== 'terminated';
}

/** The bot asked to leave (or Graph is ending the call) and the end has not been notified yet. */
export function isLeaving(state: CallState): boolean {
  return state === 'terminating';
}

/**
 * How far along its lifecycle a state is, for out-of-order delivery: a notification for an earlier step than the
 * call's current state is stale. States of the same step (ringing / establishing; established / hold / transfers)
 * may follow each other either way.
 */
const STEP: Readonly<Record<CallState, number>> = {
  incoming: 0,
  establishing: 1,
  ringing: 1,
  established: 2,
  hold: 2,
  transferring: 2,
  transferAccepted: 2,
  redirecting: 2,
  terminating: 3,
  terminated: 4,
};

/** true when `next` is a step behind `current` (a late delivery to ignore). */
export function isStale(next: CallState, current: CallState): boolean {
  return STEP[next] < STEP[current];
}
