/** Teams-shaped activities for the benchmark, from the test fixtures, pointed at the reply sink. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURE_TENANT = '5f0c1e2a-8b7d-4c39-a6e4-2d9f3b1c7a58';
type Activity = Record<string, unknown>;

export function baseActivity(serviceUrl: string): Activity {
  const raw = readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'teams', 'group-chat-start.json'), 'utf8').replaceAll('{{serviceUrl}}', serviceUrl);
  return JSON.parse(raw) as Activity;
}

let seq = 0;

/** The fixture's start command (two mentions and an e-mail), as a new message in `conversationId` of `tenantId`. */
export function startActivity(base: Activity, conversationId: string, tenantId = FIXTURE_TENANT): Activity {
  return {
    ...base,
    id: `bench-${process.pid}-${++seq}`,
    conversation: { ...(base['conversation'] as object), id: conversationId, tenantId },
    channelData: { ...(base['channelData'] as object), tenant: { id: tenantId } },
  };
}

/** A command with only the bot's mention (list, status, …). */
export function commandActivity(base: Activity, conversationId: string, command: string): Activity {
  return { ...startActivity(base, conversationId), text: `<at>IncidentBridge</at> ${command}`, entities: [(base['entities'] as unknown[])[0]] };
}

export function joinInvoke(base: Activity, conversationId: string, incidentId: string, cardId: string): Activity {
  return {
    ...startActivity(base, conversationId),
    type: 'invoke',
    name: 'adaptiveCard/action',
    text: undefined,
    replyToId: cardId,
    value: { action: { type: 'Action.Execute', verb: 'joinCall', data: { incidentId } }, trigger: 'manual' },
  };
}

/** A commsNotification that repeats a call's current state (a duplicate: nothing to change). */
export function establishedNotification(callId: string): Activity {
  return {
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [{
      '@odata.type': '#microsoft.graph.commsNotification',
      changeType: 'updated',
      resource: `/app/calls/${callId}`,
      resourceUrl: `/communications/calls/${callId}`,
      resourceData: { '@odata.type': '#microsoft.graph.call', state: 'established' },
    }],
  };
}
