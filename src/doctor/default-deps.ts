/** The real dependencies of `npm run doctor`: global fetch, the app's storage factory, Graph through the app's gateway. */
import { createGraphClient } from '../graph/graph-client';
import { GraphMeetingGateway } from '../graph/graph-meeting-gateway';
import { createStorage } from '../storage/create-storage';
import type { DoctorDeps } from './doctor-types';
import { productionTarget } from './production-target';

const DEFAULT_TIMEOUT_MS = 15_000;

export function defaultDoctorDeps(overrides: Partial<DoctorDeps> = {}): DoctorDeps {
  return {
    fetch: (input, init) => fetch(input, init),
    createStorage,
    // The sandbox (and the bot it starts) is loaded only in sandbox mode.
    prepareTarget: async (config, options) => (config.sandbox ? (await import('./sandbox-target')).sandboxTarget(config, options) : productionTarget(config)),
    meetingGateway: (config, credential, appId) => new GraphMeetingGateway(createGraphClient({ baseUrl: config.graph.baseUrl, credential, ...(config.graph.caCertificatePem !== undefined ? { caCertificatePem: config.graph.caCertificatePem } : {}) }), appId),
    write: () => undefined,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    ...overrides,
  };
}
