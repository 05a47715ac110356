/** Persistence port for incidents. Implemented on botbuilder's Storage (src/storage); the core sees only this. */
import type { Incident } from './incident';

/**
 * Where a command without an id looks ("the latest here"): the tenant is part of every such lookup, so an
 * activity from another tenant that reuses a conversation id finds nothing.
 */
export interface ConversationScope {
  readonly tenantId: string;
  readonly conversationId: string;
}

/** Which "latest here": any state, the newest not resolved, or the most recently resolved. */
export type LatestWhich = 'any' | 'active' | 'resolved';

export interface IncidentRepository {
  get(id: string): Promise<Incident | undefined>;
  /** Creates the incident if no incident with its id exists; returns the stored one either way. */
  createIfAbsent(incident: Incident): Promise<{ readonly incident: Incident; readonly created: boolean }>;
  /**
   * Read-modify-write with optimistic concurrency: `change` may run more than once (on an eTag conflict it
   * is re-applied to the fresh copy). Returns the stored result. Throws INCIDENT_NOT_FOUND for unknown ids.
   */
  update(id: string, change: (current: Incident) => Incident): Promise<Incident>;
  /** Remembers which incident a Graph call belongs to (notifications name only the call). */
  linkCall(callId: string, incidentId: string): Promise<void>;
  incidentIdForCall(callId: string): Promise<string | undefined>;
  /** Calls believed live (for keep-alives), as callId → incidentId. */
  liveCalls(): Promise<ReadonlyMap<string, string>>;
  forgetLiveCall(callId: string): Promise<void>;
  /** ACTIVE (not resolved) incidents started in a conversation, newest first; O(active), not O(history). */
  /** With `tenantId`, only that tenant's incidents. */
  listByConversation(conversationId: string, tenantId?: string): Promise<readonly Incident[]>;
  /** ACTIVE incidents started in any channel of a team (Incident.teamId), newest first. With `tenantId`, only that tenant's. */
  listByTeam(teamId: string, tenantId?: string): Promise<readonly Incident[]>;
  /**
   * The latest incident of a conversation (of any state, active, or resolved), without reading its history. With
   * `tenantId`, the latest of that tenant's incidents there (another tenant's never answers).
   */
  latest(conversationId: string, which: LatestWhich, tenantId?: string): Promise<Incident | undefined>;
}
