/** The Bot Connector REST operations (botframework-connector conversations.js) the local Connector serves. */
import { randomBytes } from 'node:crypto';
import { isJsonObject } from '../../../sandbox/http/http-util';
import { badArgument, memberNotFound, messageTooLarge } from './connector-errors';
import { matchesMember, wireMember, type ConnectorMember } from './connector-members';
import type { ConnectorHandler, ConnectorOperation } from './connector-types';

/** Teams' message limit is "approximately 28 KB"; the sandbox applies it to the request body. */
const MAX_ACTIVITY_BYTES = 28 * 1024;
const DEFAULT_PAGE_SIZE = 200;

export type RouteAdder = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', pattern: string, operation: ConnectorOperation, handler: ConnectorHandler) => void;

/** The Connector's state the routes read. */
export interface ConnectorWorld {
  readonly nextActivityId: () => string;
  readonly rosterFor: (conversationId: string) => readonly ConnectorMember[];
  readonly emitAadObjectId: boolean;
}

function requireActivity(body: unknown): Record<string, unknown> {
  if (!isJsonObject(body)) throw badArgument('The request body must be an Activity object.');
  if (typeof body['type'] !== 'string' || body['type'] === '') throw badArgument('Activity must have a type.');
  if (Buffer.byteLength(JSON.stringify(body)) > MAX_ACTIVITY_BYTES) throw messageTooLarge();
  return body;
}

export function registerConnectorRoutes(on: RouteAdder, world: ConnectorWorld): void {
  const { nextActivityId, rosterFor, emitAadObjectId } = world;
  const members = (conversationId: string): Record<string, unknown>[] => rosterFor(conversationId).map((m) => wireMember(m, emitAadObjectId));

  on('POST', '/v3/conversations', 'createConversation', (req) => {
    if (!isJsonObject(req.body)) throw badArgument('The request body must be a ConversationParameters object.');
    const params = req.body;
    const activity = params['activity'];
    if (activity !== undefined && activity !== null) requireActivity(activity);
    const channelData = isJsonObject(params['channelData']) ? params['channelData'] : {};
    const channel = isJsonObject(channelData['channel']) ? channelData['channel'] : undefined;
    const channelId = typeof channel?.['id'] === 'string' ? channel['id'] : undefined;
    if (channelId !== undefined) {
      // A new thread in a channel: the conversation is the channel plus the root message id.
      const activityId = nextActivityId();
      const conversationId = `${channelId};messageid=${activityId}`;
      return { status: 201, body: { id: conversationId, activityId }, conversationId, activityId };
    }
    const conversationId = `a:1${randomBytes(60).toString('base64url')}`;
    if (activity !== undefined && activity !== null) {
      const activityId = nextActivityId();
      return { status: 201, body: { id: conversationId, activityId }, conversationId, activityId };
    }
    return { status: 201, body: { id: conversationId }, conversationId };
  });

  on('POST', '/v3/conversations/{conversationId}/activities', 'sendToConversation', (req, p) => {
    const activity = requireActivity(req.body);
    const activityId = nextActivityId();
    const replyToId = typeof activity['replyToId'] === 'string' ? activity['replyToId'] : undefined;
    return {
      status: 201,
      body: { id: activityId },
      conversationId: p['conversationId'],
      activityId,
      ...(replyToId === undefined ? {} : { replyToId }),
    };
  });

  on('POST', '/v3/conversations/{conversationId}/activities/history', 'sendConversationHistory', (req, p) => {
    if (!isJsonObject(req.body) || !Array.isArray(req.body['activities'])) {
      throw badArgument('The request body must be a Transcript with an activities array.');
    }
    return { status: 201, body: { id: nextActivityId() }, conversationId: p['conversationId'] };
  });

  on('POST', '/v3/conversations/{conversationId}/activities/{activityId}', 'replyToActivity', (req, p) => {
    requireActivity(req.body);
    const activityId = nextActivityId();
    return {
      status: 201,
      body: { id: activityId },
      conversationId: p['conversationId'],
      activityId,
      replyToId: p['activityId'],
    };
  });

  on('PUT', '/v3/conversations/{conversationId}/activities/{activityId}', 'updateActivity', (req, p) => {
    requireActivity(req.body);
    return {
      status: 200,
      body: { id: p['activityId'] },
      conversationId: p['conversationId'],
      activityId: p['activityId'],
    };
  });

  on('DELETE', '/v3/conversations/{conversationId}/activities/{activityId}', 'deleteActivity', (_req, p) => ({
    status: 200,
    conversationId: p['conversationId'],
    activityId: p['activityId'],
  }));

  on('GET', '/v3/conversations/{conversationId}/members', 'getConversationMembers', (_req, p) => ({
    status: 200,
    body: members(p['conversationId'] ?? ''),
    conversationId: p['conversationId'],
  }));

  on('GET', '/v3/conversations/{conversationId}/activities/{activityId}/members', 'getActivityMembers', (_req, p) => ({
    status: 200,
    body: members(p['conversationId'] ?? ''),
    conversationId: p['conversationId'],
    activityId: p['activityId'],
  }));

  on('GET', '/v3/conversations/{conversationId}/members/{memberId}', 'getConversationMember', (_req, p) => {
    const conversationId = p['conversationId'] ?? '';
    const member = rosterFor(conversationId).find((m) => matchesMember(m, p['memberId'] ?? ''));
    if (member === undefined) throw memberNotFound();
    return { status: 200, body: wireMember(member, emitAadObjectId), conversationId };
  });

  on('GET', '/v3/conversations/{conversationId}/pagedmembers', 'getConversationPagedMembers', (req, p) => {
    const conversationId = p['conversationId'] ?? '';
    const rawSize = req.query.get('pageSize');
    const requested = rawSize === null || rawSize === '' ? DEFAULT_PAGE_SIZE : Number(rawSize);
    if (!Number.isInteger(requested)) throw badArgument(`Invalid pageSize '${rawSize ?? ''}'.`);
    const pageSize = Math.min(500, Math.max(50, requested));
    const token = req.query.get('continuationToken');
    let offset = 0;
    if (token !== null && token !== '') {
      const m = /^p:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
      if (m?.[1] === undefined) throw badArgument('Invalid continuationToken.');
      offset = Number(m[1]);
    }
    const all = members(conversationId);
    const page = all.slice(offset, offset + pageSize);
    const more = offset + pageSize < all.length;
    return {
      status: 200,
      body: more ? { continuationToken: Buffer.from(`p:${offset + pageSize}`).toString('base64url'), members: page } : { members: page },
      conversationId,
    };
  });
}
