/**
 * The tenant's users as Graph resolves them: GET /users/{key} takes the object id or the
 * userPrincipalName (case-insensitively) — never `mail` or a proxy address.
 */
import type { SandboxUser } from './directory';

export class UserDirectory {
  readonly tenantId: string;
  private readonly users: readonly SandboxUser[];

  constructor(tenantId: string, users: readonly SandboxUser[]) {
    this.tenantId = tenantId;
    this.users = users;
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
}
