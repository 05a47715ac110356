/**
 * The doctor's target when no credentials are configured: an in-process Graph sandbox (with its
 * identity-platform token endpoint) and the bot itself started on a free port against it — the same code paths as `npm start` in sandbox mode, except
 * that the doctor inspects the roles of the tokens the production credential gets. Together with sandbox-mode.ts
 * this is the only non-test code that uses the sandbox (through sandbox-mode.ts, which loads it); default-deps.ts loads it only in sandbox mode.
 */
import { randomUUID } from 'node:crypto';
import { MemoryStorage } from 'botbuilder';
import { startApp } from '../app';
import type { AppConfig } from '../config';
import { graphCredential } from '../graph/credential';
import { silentLogger } from '../log';
import { loadGraphSandbox, sandboxConfig } from '../sandbox-mode';
import type { DoctorOptions, DoctorTarget, Simulation } from './doctor-types';

export const DEFAULT_MISSING_ROLE = 'Calls.JoinGroupCall.All';

function describeSimulation(s: Simulation, organizerLabel: string): string {
  switch (s.kind) {
    case 'missing-role':
      return `the app's ${s.role ?? DEFAULT_MISSING_ROLE} permission is withheld`;
    case 'missing-policy':
      return `no access policy covers organizer ${organizerLabel}`;
    case 'wrong-secret':
      return 'the configured client secret is not the app\'s';
  }
}

export async function sandboxTarget(config: AppConfig, options: DoctorOptions): Promise<DoctorTarget> {
  const { DEFAULT_APP_ROLES, MEGAN_BOWEN, SANDBOX_BOT_APP_ID, SANDBOX_TENANT_ID, startGraphSandbox } = await loadGraphSandbox();
  const clientId = config.graph.clientId ?? SANDBOX_BOT_APP_ID;
  const tenantId = config.graph.tenantId ?? SANDBOX_TENANT_ID;
  // A free port (not SANDBOX_GRAPH_PORT): `npm start` may be running next to the doctor.
  const graph = await startGraphSandbox({ port: 0, tenantId, botAppId: clientId, botDisplayName: 'IncidentBridge', ...(config.graph.clientSecret !== undefined ? { clientSecret: config.graph.clientSecret } : {}) });
  try {
    const secret = graph.clientSecret;
    const organizerId = options.organizerId ?? config.meeting.organizerId;
    const defaultOrganizer = organizerId === undefined ? { id: MEGAN_BOWEN.id, label: `${MEGAN_BOWEN.id} (${MEGAN_BOWEN.displayName}, a sandbox user)` } : undefined;
    const probed = organizerId ?? MEGAN_BOWEN.id;
    const simulations = options.simulate ?? [];
    for (const s of simulations) {
      if (s.kind === 'missing-role') {
        const withheld = (s.role ?? DEFAULT_MISSING_ROLE).toLowerCase();
        graph.control.setAppRoles(DEFAULT_APP_ROLES.filter((r) => r.toLowerCase() !== withheld));
      } else if (s.kind === 'missing-policy') {
        graph.control.denyAccessPolicy(probed);
      } else {
        graph.control.setClientSecret(clientId, `not-${randomUUID()}`);
      }
    }
    await options.onSandbox?.(graph);

    const pointed = sandboxConfig(config, graph);
    const botConfig: AppConfig = {
      ...pointed,
      port: 0,
      playground: false,
      graph: { ...pointed.graph, tenantId, clientId, clientSecret: secret, credential: 'clientSecret' },
    };
    // The production credential (@azure/identity), pointed at the sandbox's authority and trusting its CA.
    const credential = graphCredential(botConfig.graph);
    // The doctor's own bot keeps its state in memory: the configured storage is probed separately, and a
    // running `npm start` may own DATA_DIR.
    const app = await startApp(botConfig, credential, silentLogger(), { storage: new MemoryStorage() });
    const baseUrl = config.publicBaseUrl ?? app.url;
    const notes = [
      `No credentials are configured, so the checks run against an in-process Graph sandbox (${graph.url}, token endpoint ${graph.tokenEndpoint})`,
      `and a bot started on ${app.url}${config.publicBaseUrl !== undefined ? `; PUBLIC_BASE_URL ${config.publicBaseUrl} is checked as configured` : ''}.`,
      'Set MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId and PUBLIC_BASE_URL (.env) to check a real deployment.',
      ...simulations.map((s) => `Simulated: ${describeSimulation(s, probed)}.`),
    ];
    return {
      mode: 'sandbox',
      config: { ...botConfig, publicBaseUrl: baseUrl },
      createCredential: () => credential,
      ...(defaultOrganizer !== undefined ? { defaultOrganizer } : {}),
      notes,
      secrets: [secret],
      close: async () => {
        await app.close();
        await graph.close();
      },
    };
  } catch (e: unknown) {
    await graph.close();
    throw e;
  }
}
