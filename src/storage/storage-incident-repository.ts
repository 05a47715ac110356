/**
 * IncidentRepository on botbuilder's Storage interface (MemoryStorage, the file store, BlobsStorage…).
 * Every update is a read-modify-write guarded by the item's eTag, retried on conflict.
 */
import type { Storage, StoreItem } from 'botbuilder';
import { AppError } from '../errors/app-error';
import type { Incident } from '../incidents/incident';
import { canonicalCallId } from '../incidents/call-id';
import type { IncidentRepository } from '../incidents/incident-repository';

const MAX_ATTEMPTS = 20;

interface IncidentItem extends StoreItem {
  incident: Incident;
}

interface ConversationIndexItem extends StoreItem {
  ids: string[];
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
  constructor(private readonly storage: Storage, private readonly prefix = 'incident-bridge') {}

  private incidentKey(id: string): string {
    return `${this.prefix}/incident/${id}`;
  }

  private conversationKey(conversationId: string): string {
    // Thread ids (";messageid=…") belong to their channel conversation.
    const base = conversationId.split(';')[0]!;
    return `${this.prefix}/conversation/${encodeURIComponent(base)}`;
  }

  async get(id: string): Promise<Incident | undefined> {
    const key = this.incidentKey(id);
    const items = await this.storage.read([key]);
    return (items[key] as IncidentItem | undefined)?.incident;
  }

  async createIfAbsent(incident: Incident): Promise<{ incident: Incident; created: boolean }> {
    const existing = await this.get(incident.id);
    if (existing) return { incident: existing, created: false };
    await this.storage.write({ [this.incidentKey(incident.id)]: { incident } satisfies IncidentItem });
    await this.mutate<ConversationIndexItem>(this.conversationKey(incident.conversationId), (cur) => {
      const ids = cur?.ids ?? [];
      return ids.includes(incident.id) ? undefined : { ids: [incident.id, ...ids] };
    });
    if (incident.teamId) await this.addToTeamIndex(incident.teamId, incident.id);
    return { incident, created: true };
  }

  async update(id: string, change: (current: Incident) => Incident): Promise<Incident> {
    let result: Incident | undefined;
    await this.mutate<IncidentItem>(this.incidentKey(id), (cur) => {
      if (!cur) throw new AppError('INCIDENT_NOT_FOUND', `Incident ${id} was not found.`, { hint: 'Check the incident id on the card.' });
      result = change(cur.incident);
      return { incident: result };
    });
    return result!;
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

  async listByConversation(conversationId: string): Promise<readonly Incident[]> {
    const key = this.conversationKey(conversationId);
    const index = (await this.storage.read([key]))[key] as ConversationIndexItem | undefined;
    if (!index || index.ids.length === 0) return [];
    const keys = index.ids.map((id) => this.incidentKey(id));
    const items = await this.storage.read(keys);
    return keys.map((k) => (items[k] as IncidentItem | undefined)?.incident).filter((i): i is Incident => i !== undefined);
  }

  private teamKey(teamId: string): string {
    return `${this.prefix}/team/${encodeURIComponent(teamId)}`;
  }

  private async addToTeamIndex(teamId: string, incidentId: string): Promise<void> {
    await this.mutate<ConversationIndexItem>(this.teamKey(teamId), (cur) => {
      const ids = cur?.ids ?? [];
      return ids.includes(incidentId) ? undefined : { ids: [incidentId, ...ids] };
    });
  }

  async listByTeam(teamId: string): Promise<readonly Incident[]> {
    const key = this.teamKey(teamId);
    const index = (await this.storage.read([key]))[key] as ConversationIndexItem | undefined;
    if (!index || index.ids.length === 0) return [];
    const keys = index.ids.map((id) => this.incidentKey(id));
    const items = await this.storage.read(keys);
    return keys.map((k) => (items[k] as IncidentItem | undefined)?.incident).filter((i): i is Incident => i !== undefined);
  }

  /**
   * Optimistic read-modify-write. `change` returns the new item, or undefined for "nothing to write" (which it
   * must answer once its effect is already there). An existing item is written with the eTag it was read with (a
   * conflict re-reads and re-applies); a missing item is created, read back and re-applied if another first write
   * replaced it.
   */
  private async mutate<T extends StoreItem>(key: string, change: (current: T | undefined) => Omit<T, 'eTag'> | undefined): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = (await this.storage.read([key]))[key] as T | undefined;
      const next = change(current);
      if (next === undefined) return;
      const item: StoreItem = { ...next, eTag: current?.eTag ?? undefined };
      try {
        await this.storage.write({ [key]: item });
        if (current !== undefined) return;
        // A first write cannot be made conditional through the Storage interface: another writer creating the same
        // key at the same moment may have won. Read it back; if our change is not in it, apply it again (now
        // eTag-guarded). `change` must therefore answer undefined once its effect is present.
        const stored = (await this.storage.read([key]))[key] as T | undefined;
        if (change(stored) === undefined) return;
      } catch (e: unknown) {
        if (!isETagConflict(e) || attempt >= MAX_ATTEMPTS) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
      }
    }
  }
}
