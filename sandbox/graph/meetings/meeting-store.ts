/**
 * The sandbox's online meetings, keyed by id, with the (organizer, externalId) index createOrGet
 * needs: Graph identifies a meeting with an external id by (tenantId, userId, externalId), so the
 * same externalId used by two organizers makes two meetings.
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

export class MeetingStore {
  private readonly byId = new Map<string, StoredMeeting>();

  add(entry: StoredMeeting): void {
    this.byId.set(entry.meeting.id, entry);
  }

  get(id: string): StoredMeeting | undefined {
    return this.byId.get(id);
  }

  delete(id: string): boolean {
    return this.byId.delete(id);
  }

  findByExternalId(organizerId: string, externalId: string): StoredMeeting | undefined {
    const org = organizerId.toLowerCase();
    for (const m of this.byId.values()) {
      if (m.organizerId.toLowerCase() === org && m.meeting.externalId === externalId) return m;
    }
    return undefined;
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
  }
}
