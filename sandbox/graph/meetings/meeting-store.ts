/**
 * The sandbox's online meetings, keyed by id, with the (organizer, externalId) index createOrGet
 * needs: Graph identifies a meeting with an external id by (tenantId, userId, externalId), so the
 * same externalId used by two organizers makes two meetings. The index is a map, so createOrGet costs
 * the same with 10,000 meetings as with none.
 */

/** The onlineMeeting resource as the sandbox stores and serves it (no @odata annotations). */
export type OnlineMeetingResource = Readonly<Record<string, unknown>> & {
  readonly id: string;
  readonly externalId: string | null;
};

export interface StoredMeeting {
  readonly organizerId: string;
  readonly createdVia: 'create' | 'createOrGet';
  readonly meeting: OnlineMeetingResource;
}

function externalKey(organizerId: string, externalId: string): string {
  return `${organizerId.toLowerCase()}\n${externalId}`;
}

export class MeetingStore {
  private readonly byId = new Map<string, StoredMeeting>();
  /** (organizer, externalId) → meeting id. */
  private readonly byExternalId = new Map<string, string>();

  add(entry: StoredMeeting): void {
    const previous = this.byId.get(entry.meeting.id);
    if (previous !== undefined) this.unindex(previous);
    this.byId.set(entry.meeting.id, entry);
    if (entry.meeting.externalId !== null) this.byExternalId.set(externalKey(entry.organizerId, entry.meeting.externalId), entry.meeting.id);
  }

  get(id: string): StoredMeeting | undefined {
    return this.byId.get(id);
  }

  delete(id: string): boolean {
    const entry = this.byId.get(id);
    if (entry !== undefined) this.unindex(entry);
    return this.byId.delete(id);
  }

  findByExternalId(organizerId: string, externalId: string): StoredMeeting | undefined {
    const id = this.byExternalId.get(externalKey(organizerId, externalId));
    return id === undefined ? undefined : this.byId.get(id);
  }

  forOrganizer(organizerId: string): StoredMeeting[] {
    const org = organizerId.toLowerCase();
    return [...this.byId.values()].filter((m) => m.organizerId.toLowerCase() === org);
  }

  all(): StoredMeeting[] {
    return [...this.byId.values()];
  }

  clear(): void {
    this.byId.clear();
    this.byExternalId.clear();
  }

  private unindex(entry: StoredMeeting): void {
    if (entry.meeting.externalId === null) return;
    const key = externalKey(entry.organizerId, entry.meeting.externalId);
    if (this.byExternalId.get(key) === entry.meeting.id) this.byExternalId.delete(key);
  }
}
