/** AdminCheck on Graph: is the user a member (direct or transitive) of the configured admin group? */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { AdminCheck } from '../incidents/ports';
import { commonGraphError, graphFailureOf } from './graph-errors';

export class GraphAdminCheck implements AdminCheck {
  constructor(private readonly client: Client, private readonly groupId: string) {}

  async isAdmin(aadObjectId: string): Promise<boolean> {
    try {
      const res = (await this.client.api(`/users/${encodeURIComponent(aadObjectId)}/checkMemberGroups`).post({ groupIds: [this.groupId] })) as { value?: string[] };
      return (res.value ?? []).some((id) => id.toLowerCase() === this.groupId.toLowerCase());
    } catch (e: unknown) {
      const f = graphFailureOf(e);
      if (f.statusCode === 404) return false;
      throw commonGraphError(e, f, 'check the incident admin group', 'GroupMember.Read.All');
    }
  }
}
