/** Identities, participants and the commsNotifications envelope the simulated calls send to the bot. */
// --- identities, participants, notifications -------------------------------------------------------

export function userIdentity(user: { id: string; displayName: string | null }, tenantId: string): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.identitySet',
    user: {
      '@odata.type': '#microsoft.graph.identity',
      id: user.id,
      displayName: user.displayName,
      identityProvider: 'AAD',
      tenantId,
    },
  };
}

export function applicationIdentity(appId: string, displayName: string): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.identitySet',
    application: { '@odata.type': '#microsoft.graph.identity', id: appId, displayName },
  };
}

function audioStream(sourceId: number): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.mediaStream',
    mediaType: 'audio',
    sourceId: String(sourceId),
    direction: 'sendReceive',
    serverMuted: false,
  };
}

/** A participant as the roster notifications of application-post-calls.md / participant-invite.md show it. */
export function participantResource(p: {
  id: string;
  identity: Record<string, unknown>;
  sourceId: number;
  isMuted: boolean;
  isInLobby: boolean;
}): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.participant',
    info: {
      '@odata.type': '#microsoft.graph.participantInfo',
      identity: p.identity,
      endpointType: 'default',
      languageId: 'en-US',
    },
    mediaStreams: [audioStream(p.sourceId)],
    isMuted: p.isMuted,
    isInLobby: p.isInLobby,
    id: p.id,
  };
}

export type ResourceForm = 'resource' | 'resourceUrl' | 'both';

/**
 * One commsNotification. `path` is relative to the calls collection, e.g. `/calls/{id}/participants`:
 * `resource` is the legacy `/app…` form, `resourceUrl` the `/communications…` form (captured payloads
 * carry both; older ones only `resource`).
 */
export function commsNotification(
  changeType: 'created' | 'updated' | 'deleted',
  path: string,
  resourceData: unknown,
  form: ResourceForm,
): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.type': '#microsoft.graph.commsNotification', changeType };
  if (form !== 'resourceUrl') out['resource'] = `/app${path}`;
  if (form !== 'resource') out['resourceUrl'] = `/communications${path}`;
  out['resourceData'] = resourceData;
  return out;
}

export function commsNotifications(items: readonly Record<string, unknown>[]): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.commsNotifications', value: items };
}

/** The compact id form (upper case, no dashes) call-playprompt.md's completion notification uses. */
export function compactId(guid: string): string {
  return guid.replace(/-/g, '').toUpperCase();
}
