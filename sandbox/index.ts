/**
 * The embedded sandbox — the outside world (Microsoft Graph, the Teams Bot Connector) for tests
 * and for running without a tenant. It imports nothing from the bot.
 */
export {
  SANDBOX_TENANT_ID,
  SANDBOX_USERS,
  MEGAN_BOWEN,
  ADELE_VANCE,
  PATTI_FERNANDEZ,
  ISAIAH_LANGER,
  ALEX_WILBER,
  LEE_GU,
  NESTOR_WILKE,
  DIEGO_SICILIANI,
  INCIDENT_COMMANDERS,
  SANDBOX_GROUPS,
  type SandboxGroup,
  type SandboxUser,
} from './graph/users/directory';
export {
  startGraphSandbox,
  SANDBOX_BOT_APP_ID,
  DEFAULT_NOTIFICATION_ISSUER,
  type GraphSandbox,
  type GraphSandboxControl,
  type GraphSandboxOptions,
  type GraphRequestRecord,
} from './graph/graph-sandbox';
export {
  type CallTimings,
  type DeliveryResult,
  type NotificationDeliveryOptions,
  type NotificationRecord,
  type SandboxCallOperation,
  type SandboxCallState,
  type SandboxCallView,
} from './graph/calls/simulated-calls';
export { RESULT_INFO, type ResultInfo } from './graph/calls/call-resources';
export { type TokenOverrides, type PublicJwk } from './identity/notification-signer';
export { DEFAULT_APP_ROLES, GRAPH_RESOURCE, GRAPH_RESOURCE_APP_ID, stsIssuer } from './identity/token-endpoint';
export type { StoredMeeting, OnlineMeetingResource } from './graph/meetings/meeting-store';
export { MAX_BATCH_REQUESTS } from './graph/batch/batch';
export { type SandboxEventView } from './graph/calendar/calendar-routes';
export { MAX_CHECK_MEMBER_GROUP_IDS } from './graph/groups/group-routes';
export {
  startConnectorSandbox,
  type ConnectorSandbox,
  type ConnectorSandboxOptions,
  type ConnectorRequestRecord,
  type CapturedActivity,
  type ConnectorOperation,
} from '../test/support/connector/connector-sandbox';
export { DEFAULT_MEMBERS, memberFromUser, teamsUserId, type ConnectorMember } from '../test/support/connector/connector-members';
