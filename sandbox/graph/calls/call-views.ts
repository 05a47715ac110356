/**
 * What a call leg looks like from outside: the call resource (application-post-calls.md responses,
 * GET /communications/calls/{id}), its roster (participants as the roster notifications show them:
 * everyone present + the bot itself), and the control view tests and the control page read.
 */
import { applicationIdentity, participantResource, userIdentity } from './call-notifications';
import { resultInfoResource } from './call-resources';
import type { CallLeg, Presence, SandboxCallView } from './call-model';

/** The bot application the legs belong to. */
export interface BotIdentity {
  readonly appId: string;
  readonly displayName: string;
  readonly tenantId: string;
}

/** The call resource (application-post-calls.md responses), without @odata.context. */
export function callResource(call: CallLeg, bot: BotIdentity): Record<string, unknown> {
  const r = call.request;
  return {
    '@odata.type': '#microsoft.graph.call',
    state: call.state,
    direction: 'outgoing',
    callbackUri: r.callbackUri,
    callChainId: call.callChainId,
    callRoutes: [],
    source: {
      '@odata.type': '#microsoft.graph.participantInfo',
      identity: applicationIdentity(bot.appId, bot.displayName),
      region: null,
      languageId: null,
    },
    targets: [],
    requestedModalities: [...r.requestedModalities],
    activeModalities: [...call.activeModalities],
    mediaConfig: r.mediaConfig,
    mediaState: call.state === 'established' ? { '@odata.type': '#microsoft.graph.callMediaState', audio: 'active' } : null,
    chatInfo: call.chatInfo,
    meetingInfo: r.meetingInfo.resource,
    routingPolicies: [],
    tenantId: call.tenantId,
    myParticipantId: call.myParticipantId,
    id: call.id,
    subject: r.subject,
    terminationReason: null,
    ringingTimeoutInSeconds: null,
    resultInfo: call.resultInfo === null ? null : resultInfoResource(call.resultInfo),
    answeredBy: null,
    transcription: null,
    toneInfo: null,
    meetingCapability: null,
  };
}

/** The leg's participants: everyone present in its meeting, then the bot. */
export function rosterOf(call: CallLeg, present: Iterable<Presence>, bot: BotIdentity): Record<string, unknown>[] {
  const self = participantResource({
    id: call.myParticipantId,
    identity: applicationIdentity(bot.appId, bot.displayName),
    sourceId: call.botSourceId,
    isMuted: false,
    isInLobby: false,
  });
  const people = [...present].map((p) =>
    participantResource({
      id: p.participantId,
      identity: userIdentity({ id: p.user.id, displayName: p.user.displayName }, bot.tenantId),
      sourceId: p.sourceId,
      isMuted: p.isMuted,
      isInLobby: p.isInLobby,
    }),
  );
  return [...people, self];
}

export function viewOf(c: CallLeg, bot: BotIdentity): SandboxCallView {
  return {
    id: c.id,
    state: c.state,
    threadId: c.threadId,
    meetingId: c.meetingId,
    callbackUri: c.request.callbackUri,
    myParticipantId: c.myParticipantId,
    createdAt: c.createdAt,
    terminatedAt: c.terminatedAt,
    resultInfo: c.resultInfo,
    operations: c.operations.map((o) => ({ ...o })),
    notifications: [...c.notifications],
    resource: callResource(c, bot),
  };
}
