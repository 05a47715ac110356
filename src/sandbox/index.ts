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
} from './directory';
export {
  startGraphSandbox,
  SANDBOX_BOT_APP_ID,
  DEFAULT_NOTIFICATION_ISSUER,
  type GraphSandbox,
  type GraphSandboxControl,
  type GraphSandboxOptions,
  type GraphRequestRecord,
} from './graph-sandbox';
export {
  type CallTimings,
  type DeliveryResult,
  type NotificationDeliveryOptions,
  type NotificationRecord,
  type SandboxCallOperation,
  type SandboxCallState,
  type SandboxCallView,
} from './call-service';
export { RESULT_INFO, type ResultInfo } from './call-resources';
export { type TokenOverrides, type PublicJwk } from './notification-signer';
export { DEFAULT_APP_ROLES, GRAPH_RESOURCE, GRAPH_RESOURCE_APP_ID, stsIssuer } from './token-endpoint';
export type { StoredMeeting, OnlineMeetingResource } from './meeting-store';
export { MAX_BATCH_REQUESTS } from './batch';
export { type SandboxEventView } from './calendar-routes';
export { MAX_CHECK_MEMBER_GROUP_IDS } from './group-routes';
export {
  startConnectorSandbox,
  type ConnectorSandbox,
  type ConnectorSandboxOptions,
  type ConnectorRequestRecord,
  type CapturedActivity,
  type ConnectorOperation,
} from './connector-sandbox';
export { DEFAULT_MEMBERS, memberFromUser, teamsUserId, type ConnectorMember } from './connector-members';
