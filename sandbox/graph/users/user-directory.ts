/**
 * The tenant's users as Graph resolves them: GET /users/{key} takes the object id or the
 * userPrincipalName (case-insensitively) — never `mail` or a proxy address.
 *
 * An open world: besides the seeded users, everyone the sandbox sees presented as a member of the tenant by
 * object id (learn-people.ts) is one from then on, with the display name and UPN presented with them, if any.
 */
import type { SandboxUser } from './directory';

export interface PresentedPerson {
  readonly id: string;
  readonly displayName?: string;
  readonly userPrincipalName?: string;
}

/**
 * What the sandbox takes for an object id a client presented: hex digits and hyphens, at least a GUID's first
 * group long — not only well-formed GUIDs, because clients' mock tenants are not that careful (the Agents
 * Playground's default users have `00000000-0000-0000-0000-0000000000022`, thirteen digits in the last group).
 * A UPN or e-mail address (anything with `@`) never is one. Deviation, inferred: Graph would refuse such ids.
 */
const OBJECT_ID_LIKE = /^[0-9a-f]{8}(?:-?[0-9a-f]+)*$/i;

function isObjectId(text: string): boolean {
  return !text.includes('@') && OBJECT_ID_LIKE.test(text);
}

export class UserDirectory {
  readonly tenantId: string;
  private readonly seeded: readonly SandboxUser[];
  private users: SandboxUser[];

  constructor(tenantId: string, users: readonly SandboxUser[]) {
    this.tenantId = tenantId;
    this.seeded = users;
    this.users = [...users];
  }

  all(): readonly SandboxUser[] {
    return this.users;
  }

  /** By object id or userPrincipalName. */
  find(key: string): SandboxUser | undefined {
    const k = key.toLowerCase();
    return this.users.find((u) => u.id.toLowerCase() === k || u.userPrincipalName.toLowerCase() === k);
  }

  /** By object id only (the onlineMeetings API wants the organizer's object id in its path). */
  findById(id: string): SandboxUser | undefined {
    const k = id.toLowerCase();
    return this.users.find((u) => u.id.toLowerCase() === k);
  }

  /**
   * Makes a presented person a member (or completes what is known of one). A name or UPN a person was presented
   * with fills only what a learned (not seeded) entry lacks; seeded users are never changed.
   */
  learn(person: PresentedPerson): void {
    if (!isObjectId(person.id)) return;
    const known = this.findById(person.id);
    const name = person.displayName?.trim() || undefined;
    const upn = person.userPrincipalName?.trim() || undefined;
    const upnFree = upn !== undefined && this.find(upn) === undefined;
    if (known === undefined) {
      this.users.push(learnedUser(person.id, name, upnFree ? upn : undefined));
      return;
    }
    if (this.seeded.includes(known)) return;
    const placeholder = known.displayName === placeholderName(known.id);
    if ((placeholder && name !== undefined) || (known.mail === null && upnFree)) {
      const next = learnedUser(known.id, placeholder ? name : known.displayName, known.mail === null && upnFree ? upn : known.mail ?? undefined);
      this.users = this.users.map((u) => (u === known ? next : u));
    }
  }

  /** Forgets the learned people (control reset). */
  reset(): void {
    this.users = [...this.seeded];
  }
}

/** Inferred: a person presented without a name is shown by a short form of the object id. */
function placeholderName(id: string): string {
  return `User ${id.slice(0, 8)}`;
}

function learnedUser(id: string, displayName: string | undefined, upn: string | undefined): SandboxUser {
  return {
    id,
    displayName: displayName ?? placeholderName(id),
    // Inferred: without a presented UPN the entry gets one that nobody can have typed (so e-mail look-ups stay 404).
    userPrincipalName: upn ?? `${id}@presented.invalid`,
    mail: upn ?? null,
    givenName: null,
    surname: null,
    jobTitle: null,
  };
}
