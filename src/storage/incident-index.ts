/**
 * The per-conversation and per-team index: only ACTIVE incident ids (newest first), an O(1) pointer to the
 * latest incident and a short list of the latest resolved ones (for "reopen" without an id). Resolved incidents
 * leave `active` (reopen puts them back); history stays addressable by id. Every change function answers
 * undefined when it would change nothing, so the write is skipped.
 *
 * Legacy items ({ ids: [...] }, every incident ever) are migrated once, on first read (the repository).
 */
import type { StoreItem } from 'botbuilder';

/** How many recently resolved ids an index remembers. */
export const RECENT_RESOLVED = 20;

export interface IndexFields {
  active: string[];
  latest?: string;
  resolved: string[];
}

export interface IndexItem extends StoreItem, IndexFields {
  /** Legacy format: every incident id, newest first. */
  ids?: string[];
}

function fields(cur: IndexItem | undefined): IndexFields {
  return { active: cur?.active ?? [], latest: cur?.latest, resolved: cur?.resolved ?? [] };
}

/** Adds an incident that is active: newly created (`newest`) or found missing from the index (repair). */
export function addActive(cur: IndexItem | undefined, id: string, newest: boolean): IndexFields | undefined {
  const f = fields(cur);
  const inActive = f.active.includes(id);
  if (inActive && (newest ? f.latest === id : f.latest !== undefined)) return undefined;
  return { ...f, active: inActive ? f.active : [id, ...f.active], latest: newest || f.latest === undefined ? id : f.latest };
}

/** An incident was resolved: it leaves the active list and becomes the latest resolved. */
export function markResolved(cur: IndexItem | undefined, id: string): IndexFields | undefined {
  const f = fields(cur);
  if (!f.active.includes(id) && f.resolved[0] === id && f.latest !== undefined) return undefined;
  return {
    active: f.active.filter((a) => a !== id),
    latest: f.latest ?? id,
    resolved: [id, ...f.resolved.filter((r) => r !== id)].slice(0, RECENT_RESOLVED),
  };
}

/** An incident was reopened: back into the active list, out of the resolved one. */
export function markReopened(cur: IndexItem | undefined, id: string): IndexFields | undefined {
  const f = fields(cur);
  if (f.active.includes(id) && !f.resolved.includes(id) && f.latest !== undefined) return undefined;
  return { active: [id, ...f.active.filter((a) => a !== id)], latest: f.latest ?? id, resolved: f.resolved.filter((r) => r !== id) };
}
