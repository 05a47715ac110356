/**
 * CallGateway on Graph cloud communications: joins the meeting's call with service-hosted media
 * (chatInfo + organizerMeetingInfo straight from the stored onlineMeeting), hangs up, invites, plays prompts, keeps alive.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { AppError } from '../errors/app-error';
import type { CallGateway, JoinCallRequest, MediaPrompt } from '../incidents/ports';
import { commonGraphError, graphFailureOf } from '../graph/graph-errors';
import { joinRefusalHint } from './call-outcomes';
import { type CallState, callStateOf } from './call-state';

/** Graph accepts at most 5 invitees per request for calls with chatInfo (group calls / meetings). */
const MAX_INVITEES_PER_REQUEST = 5;

function joinCallBody(req: JoinCallRequest): Record<string, unknown> {
  const m = req.meeting;
  return {
    '@odata.type': '#microsoft.graph.call',
    callbackUri: req.callbackUri,
    requestedModalities: ['audio'],
    mediaConfig: {
      '@odata.type': '#microsoft.graph.serviceHostedMediaConfig',
      ...(req.prompt ? { preFetchMedia: [{ uri: req.prompt.uri, resourceId: req.prompt.resourceId }] } : {}),
    },
    chatInfo: {
      '@odata.type': '#microsoft.graph.chatInfo',
      threadId: m.chatInfo.threadId,
      messageId: m.chatInfo.messageId,
      ...(m.chatInfo.replyChainMessageId ? { replyChainMessageId: m.chatInfo.replyChainMessageId } : {}),
    },
    meetingInfo: {
      '@odata.type': '#microsoft.graph.organizerMeetingInfo',
      organizer: {
        '@odata.type': '#microsoft.graph.identitySet',
        user: { '@odata.type': '#microsoft.graph.identity', id: m.organizer.id, tenantId: req.tenantId },
      },
      allowConversationWithoutHost: true,
    },
    tenantId: req.tenantId,
  };
}

export class GraphCallGateway implements CallGateway {
  constructor(private readonly client: Client) {}

  async join(req: JoinCallRequest): Promise<{ callId: string; state: CallState }> {
    try {
      const call = (await this.client.api('/communications/calls').post(joinCallBody(req))) as { id?: unknown; state?: unknown };
      if (typeof call.id !== 'string') throw new AppError('GRAPH_FAILED', 'Graph created a call but returned no call id.');
      return { callId: call.id, state: (typeof call.state === 'string' ? callStateOf(call.state) : undefined) ?? 'establishing' };
    } catch (e: unknown) {
      if (e instanceof AppError) throw e;
      const f = graphFailureOf(e);
      if (f.statusCode === 403) {
        throw new AppError('GRAPH_PERMISSION_MISSING', `Microsoft Graph refused to let the bot join the call (403${f.code ? ` ${f.code}` : ''}).`, {
          hint: joinRefusalHint(f.code) ?? 'An admin must grant the app Calls.JoinGroupCall.All (application) with admin consent, and enable calling on the Azure Bot\'s Teams channel.',
          cause: e,
        });
      }
      throw commonGraphError(e, f, 'join the call');
    }
  }

  async hangUp(callId: string): Promise<void> {
    try {
      await this.client.api(`/communications/calls/${encodeURIComponent(callId)}`).delete();
    } catch (e: unknown) {
      const f = graphFailureOf(e);
      if (f.statusCode === 404) return; // already gone: the goal is reached
      throw commonGraphError(e, f, 'remove the bot from the call');
    }
  }

  async invite(callId: string, people: readonly { aadObjectId: string; tenantId?: string }[], clientContext: string): Promise<void> {
    const chunks: (typeof people)[] = [];
    for (let i = 0; i < people.length; i += MAX_INVITEES_PER_REQUEST) chunks.push(people.slice(i, i + MAX_INVITEES_PER_REQUEST));
    try {
      await Promise.all(chunks.map((chunk) =>
        this.client.api(`/communications/calls/${encodeURIComponent(callId)}/participants/invite`).post({
          participants: chunk.map((p) => ({
            '@odata.type': '#microsoft.graph.invitationParticipantInfo',
            identity: {
              '@odata.type': '#microsoft.graph.identitySet',
              user: { '@odata.type': '#microsoft.graph.identity', id: p.aadObjectId, identityProvider: 'AAD', ...(p.tenantId ? { tenantId: p.tenantId } : {}) },
            },
          })),
          clientContext: clientContext.slice(0, 256),
        })));
    } catch (e: unknown) {
      throw commonGraphError(e, graphFailureOf(e), 'page people into the call', 'Calls.InitiateGroupCall.All');
    }
  }

  async playPrompt(callId: string, prompt: MediaPrompt, clientContext: string): Promise<void> {
    try {
      await this.client.api(`/communications/calls/${encodeURIComponent(callId)}/playPrompt`).post({
        clientContext: clientContext.slice(0, 256),
        prompts: [{ '@odata.type': '#microsoft.graph.mediaPrompt', mediaInfo: { '@odata.type': '#microsoft.graph.mediaInfo', uri: prompt.uri, resourceId: prompt.resourceId } }],
      });
    } catch (e: unknown) {
      throw commonGraphError(e, graphFailureOf(e), 'play the announcement');
    }
  }

  async keepAlive(callId: string): Promise<'ok' | 'gone'> {
    try {
      // call-keepalive.md: "Do not supply a request body for this method."
      await this.client.api(`/communications/calls/${encodeURIComponent(callId)}/keepAlive`).post(undefined);
      return 'ok';
    } catch (e: unknown) {
      const f = graphFailureOf(e);
      if (f.statusCode === 404) return 'gone';
      throw commonGraphError(e, f, 'keep the call alive');
    }
  }
}
