/** The production target: the configured credential, Graph and PUBLIC_BASE_URL as they are. */
import type { AppConfig } from '../config';
import { graphCredential } from '../graph/credential';
import type { DoctorTarget } from './doctor-types';

export async function productionTarget(config: AppConfig): Promise<DoctorTarget> {
  return {
    mode: 'production',
    config,
    createCredential: () => graphCredential(config.graph),
    notes: [`Checking the deployment configured here: Graph ${config.graph.baseUrl}, tenant ${config.graph.tenantId ?? '?'}, bot at ${config.publicBaseUrl ?? '?'}.`],
    secrets: [],
    close: async () => undefined,
  };
}
