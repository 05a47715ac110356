/**
 * Call events as the incident core understands them, parsed from Graph's commsNotifications by
 * src/calls/parse-notifications.ts. Pure data, no SDK types.
 */

import type { CallState } from './call-state';

export interface ResultInfo {
  readonly code: number;
  readonly subcode: number;
  readonly message?: string;
}

export interface CallParticipant {
  /** Graph participant id (unique per leg). */
  readonly participantId: string;
  readonly displayName: string;
  /** AAD object id for users; undefined for applications and phone numbers. */
  readonly aadObjectId?: string;
  /** true for bots / applications (info.identity.application). */
  readonly isApplication: boolean;
  readonly isInLobby: boolean;
  readonly isMuted: boolean;
}

export type CallEvent =
  /** The call itself changed state (changeType updated or deleted). */
  | { readonly kind: 'callState'; readonly callId: string; readonly state: CallState; readonly resultInfo?: ResultInfo; readonly deleted: boolean }
  /**
   * Roster change. `updated` notifications carry the call's current roster (Graph's examples list every
   * participant, the bot included); a `deleted` change on the participants collection lists those who left.
   */
  | { readonly kind: 'roster'; readonly callId: string; readonly participants: readonly CallParticipant[]; readonly removed?: boolean }
  /** An operation (playPrompt, invite, …) finished or changed. */
  | {
      readonly kind: 'operation';
      readonly callId: string;
      readonly operationId: string;
      readonly operationType?: string;
      readonly status: 'notStarted' | 'running' | 'completed' | 'failed' | string;
      readonly clientContext?: string;
      readonly resultInfo?: ResultInfo;
    };
