/**
 * IncidentRepository on botbuilder's Storage interface (MemoryStorage, the file store, the blob store…).
 * Every update is a read-modify-write guarded by the item's eTag, retried on conflict; the first write of a key
 * is create-only (CREATE_ONLY_ETAG), so two first writers never both win. Conversation and team indexes hold
 * only active incidents plus "latest" pointers (./incident-index), so lookups cost O(active), not O(history).
 */
import { conversationRoot } from '../incidents/incident';
import type { Storage, StoreItem } from 'botbuilder';
import type { Incident } from '../incidents/incident';
import { incidentNotFound } from '../incidents/incident-errors';
import { canonicalCallId } from '../calls/call-id';
import type { IncidentRepository, LatestWhich } from '../incidents/incident-repository';
import { CREATE_ONLY_ETAG } from './create-only';
import { RECENT_RESOLVED, addActive, markReopened, markResolved, type IndexFields, type IndexItem } from './incident-index';

const MAX_ATTEMPTS = 20;

interface IncidentItem extends StoreItem {
  incident: Incident;
}

interface CallLinkItem extends StoreItem {
  incidentId: string;
}

interface LiveCallsItem extends StoreItem {
  calls: Record<string, string>;
}

export function isETagConflict(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const status = (e as { statusCode?: unknown }).statusCode;
  return status === 412 || status === 409 || /etag conflict|precondition/i.test(e.message);
}

export class StorageIncidentRepository implements IncidentRepository {
  private readonly keyChains = new Map<string, Promise<void>>();
  constructor(private readonly storage: Storage, private readonly prefix = 'incident-bridge') {}

  private incidentKey(id: string): string {
    return `${this.prefix}/incident/${id}`;
  }

  private conversationKey(conversationId: string): string {
    // Thread ids (";messageid=…") belong to their channel conversation.
    const base = conversationRoot(conversationId);
    return `${this.prefix}/conversation/${encodeURIComponent(base)}`;
  }

  async get(id: string): Promise<Incident | undefined> {
    const key = this.incidentKey(id);
    const items = await this.storage.read([key]);
    return (items[key] as IncidentItem | undefined)?.incident;
  }

  async createIfAbsent(incident: Incident): Promise<{ incident: Incident; created: boolean }> {
    const existing = await this.get(incident.id);
    if (existing) {
      await this.repairIndexes(existing);
      return { incident: existing, created: false };
    }
    try {
      await this.storage.write({ [this.incidentKey(incident.id)]: { incident, eTag: CREATE_ONLY_ETAG } satisfies IncidentItem });
    } catch (e: unknown) {
      if (!isETagConflict(e)) throw e;
      const winner = await this.get(incident.id); // another start created it a moment ago
      if (!winner) throw e;
      await this.repairIndexes(winner);
      return { incident: winner, created: false };
    }
    await this.changeIndexes(incident, (cur) => addActive(cur, incident.id, true));
    return { incident, created: true };
  }

  /** Puts an incident the indexes lack back into them (a crash between the incident write and the index write). */
  private async repairIndexes(inc: Incident): Promise<void> {
    await this.changeIndexes(inc, (cur) => (inc.state === 'resolved' ? markResolved(cur, inc.id) : addActive(cur, inc.id, false)));
  }

  private async changeIndexes(inc: Incident, change: (cur: IndexItem | undefined) => IndexFields | undefined): Promise<void> {
    await this.mutateIndex(this.conversationKey(inc.conversationId), change);
    if (inc.teamId) await this.mutateIndex(this.teamKey(inc.teamId), change);
  }

  async update(id: string, change: (current: Incident) => Incident): Promise<Incident> {
    let outcome: { before: Incident; after: Incident } | undefined;
    await this.mutate<IncidentItem>(this.incidentKey(id), (cur) => {
      if (!cur) throw incidentNotFound(id);
      const after = change(cur.incident);
      outcome = { before: cur.incident, after };
      return after === cur.incident ? undefined : { incident: after };
    });
    if (!outcome) throw incidentNotFound(id);
    const { before, after } = outcome;
    const isResolved = after.state === 'resolved';
    if ((before.state === 'resolved') !== isResolved) await this.changeIndexes(after, (cur) => (isResolved ? markResolved(cur, id) : markReopened(cur, id)));
    return after;
  }

  async linkCall(callId: string, incidentId: string): Promise<void> {
    await this.storage.write({ [this.callKey(callId)]: { incidentId } satisfies CallLinkItem });
    await this.mutate<LiveCallsItem>(this.liveCallsKey(), (cur) =>
      cur?.calls[callId] === incidentId ? undefined : { calls: { ...(cur?.calls ?? {}), [callId]: incidentId } });
  }

  async incidentIdForCall(callId: string): Promise<string | undefined> {
    const key = this.callKey(callId);
    return ((await this.storage.read([key]))[key] as CallLinkItem | undefined)?.incidentId;
  }

  async liveCalls(): Promise<ReadonlyMap<string, string>> {
    const key = this.liveCallsKey();
    const item = (await this.storage.read([key]))[key] as LiveCallsItem | undefined;
    return new Map(Object.entries(item?.calls ?? {}));
  }

  async forgetLiveCall(callId: string): Promise<void> {
    await this.mutate<LiveCallsItem>(this.liveCallsKey(), (cur) => {
      if (!cur || !(callId in cur.calls)) return undefined;
      const calls = { ...cur.calls };
      delete calls[callId];
      return { calls };
    });
  }

  private callKey(callId: string): string {
    return `${this.prefix}/call/${canonicalCallId(callId)}`;
  }

  private liveCallsKey(): string {
    return `${this.prefix}/live-calls`;
  }

  private teamKey(teamId: string): string {
    return `${this.prefix}/team/${encodeURIComponent(teamId)}`;
  }

  async listByConversation(conversationId: string, tenantId?: string): Promise<readonly Incident[]> {
    return ofTenant(await this.activeOf(this.conversationKey(conversationId)), tenantId);
  }

  async listByTeam(teamId: string, tenantId?: string): Promise<readonly Incident[]> {
    return ofTenant(await this.activeOf(this.teamKey(teamId)), tenantId);
  }

  async latest(conversationId: string, which: LatestWhich, tenantId?: string): Promise<Incident | undefined> {
    const key = this.conversationKey(conversationId);
    const index = await this.readIndex(key);
    if (!index) return undefined;
    if (which === 'active') return ofTenant(await this.activeOf(key, index), tenantId)[0];
    if (which === 'any') {
      const latest = index.latest ? await this.get(index.latest) : undefined;
      if (!latest || tenantId === undefined || latest.tenantId === tenantId) return latest;
      // The newest incident here is another tenant's: fall back to this tenant's newest active or resolved one.
      return ofTenant(await this.activeOf(key, index), tenantId)[0] ?? this.latest(conversationId, 'resolved', tenantId);
    }
    for (const id of index.resolved) {
      const inc = await this.get(id);
      if (inc?.state === 'resolved' && (tenantId === undefined || inc.tenantId === tenantId)) return inc;
    }
    return undefined;
  }

  /** The active incidents of an index, newest first; ids found resolved (a crash before the index write) are dropped. */
  private async activeOf(key: string, known?: IndexItem): Promise<readonly Incident[]> {
    const index = known ?? (await this.readIndex(key));
    if (!index || index.active.length === 0) return [];
    const keys = index.active.map((id) => this.incidentKey(id));
    const items = await this.storage.read(keys);
    const found = keys.map((k) => (items[k] as IncidentItem | undefined)?.incident).filter((i): i is Incident => i !== undefined);
    for (const stale of found.filter((i) => i.state === 'resolved')) await this.mutateIndex(key, (cur) => markResolved(cur, stale.id));
    return found.filter((i) => i.state !== 'resolved').sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  }

  /** Reads an index; a legacy one (every id ever) is migrated once: active ids, latest, recent resolved. */
  private async readIndex(key: string): Promise<IndexItem | undefined> {
    const index = (await this.storage.read([key]))[key] as IndexItem | undefined;
    if (!index || index.active !== undefined || !index.ids) return index;
    const legacyIds = index.ids;
    const items = await this.storage.read(legacyIds.map((id) => this.incidentKey(id)));
    const all = legacyIds.map((id) => (items[this.incidentKey(id)] as IncidentItem | undefined)?.incident).filter((i): i is Incident => i !== undefined);
    const migrated: IndexFields = {
      active: all.filter((i) => i.state !== 'resolved').map((i) => i.id),
      latest: legacyIds[0],
      resolved: all.filter((i) => i.state === 'resolved').slice(0, RECENT_RESOLVED).map((i) => i.id),
    };
    await this.mutateIndex(key, (cur) => (cur?.active !== undefined ? undefined : migrated));
    return this.readIndex(key);
  }

  private mutateIndex(key: string, change: (cur: IndexItem | undefined) => IndexFields | undefined): Promise<void> {
    return this.mutate<IndexItem>(key, (cur) => change(cur && cur.active === undefined ? undefined : cur));
  }

  /**
   * Optimistic read-modify-write. `change` returns the new item, or undefined for "nothing to write" (the write
   * is skipped). An existing item is written with the eTag it was read with, a missing one create-only; either
   * conflict re-reads and re-applies.
   */
  private mutate<T extends StoreItem>(key: string, change: (current: T | undefined) => Omit<T, 'eTag'> | undefined): Promise<void> {
    // Read-modify-writes of one key are serialised inside this process (a hot index key would otherwise burn its
    // retries on conflicts with itself); eTags still guard against other processes.
    const previous = this.keyChains.get(key) ?? Promise.resolve();
    const run = previous.then(() => this.mutateOnce(key, change));
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.keyChains.set(key, tail);
    void tail.then(() => {
      if (this.keyChains.get(key) === tail) this.keyChains.delete(key);
    });
    return run;
  }

  private async mutateOnce<T extends StoreItem>(key: string, change: (current: T | undefined) => Omit<T, 'eTag'> | undefined): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = (await this.storage.read([key]))[key] as T | undefined;
      const next = change(current);
      if (next === undefined) return;
      const item: StoreItem = { ...next, eTag: current?.eTag ?? CREATE_ONLY_ETAG };
      try {
        await this.storage.write({ [key]: item });
        return;
      } catch (e: unknown) {
        if (!isETagConflict(e) || attempt >= MAX_ATTEMPTS) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
      }
    }
  }
}

function ofTenant(incidents: readonly Incident[], tenantId: string | undefined): readonly Incident[] {
  return tenantId === undefined ? incidents : incidents.filter((i) => i.tenantId === tenantId);
}
