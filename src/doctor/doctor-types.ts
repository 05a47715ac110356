/** The shapes `npm run doctor` works with: check results, the target it checks, and its injectable dependencies. */
import type { TokenCredential } from '@azure/identity';
import type { Storage } from 'botbuilder';
import type { AppConfig } from '../config';
import type { MeetingGateway } from '../incidents/ports';
import type { GraphSandbox } from '../sandbox-mode';

export type DoctorEnv = Readonly<Record<string, string | undefined>>;

export type CheckStatus = 'OK' | 'WARN' | 'FAIL' | 'SKIP';

export type CheckId = 'config' | 'graph-token' | 'graph-permissions' | 'access-policy' | 'public-url' | 'calls-route' | 'health' | 'storage';

export interface CheckResult {
  readonly id: CheckId;
  readonly title: string;
  readonly status: CheckStatus;
  /** One line: what was found. */
  readonly summary: string;
  /** Facts worth seeing (printed indented under the summary). */
  readonly details?: readonly string[];
  /** What to do about a FAIL/WARN, ready to copy (printed under "fix:"). */
  readonly fix?: readonly string[];
}

/** Demo/test switches for sandbox mode (`--simulate missing-role,missing-policy`). */
export type SimulationKind = 'missing-role' | 'missing-policy' | 'wrong-secret';

export interface Simulation {
  readonly kind: SimulationKind;
  /** missing-role: which application permission to withhold (default Calls.JoinGroupCall.All). */
  readonly role?: string;
}

export interface DoctorOptions {
  /** The environment (process.env merged with .env), as `npm start` would see it. */
  readonly env: DoctorEnv;
  /** `--organizer <objectId>`: the organizer to probe instead of MEETING_ORGANIZER_ID. */
  readonly organizerId?: string;
  /** Sandbox mode only. */
  readonly simulate?: readonly Simulation[];
  /** Sandbox mode only: called once the Graph sandbox is up, before any check (tests: control.setAppRoles, …). */
  readonly onSandbox?: (sandbox: GraphSandbox) => void | Promise<void>;
}

/** What the checks run against: the real deployment, or an in-process sandbox world. */
export interface DoctorTarget {
  readonly mode: 'sandbox' | 'production';
  /** The configuration the checks use (sandbox: Graph pointed at the sandbox; base URL = the local bot unless PUBLIC_BASE_URL is set). */
  readonly config: AppConfig;
  /** Builds the Graph credential (may throw, e.g. a ConfigError for a missing certificate path). */
  createCredential(): TokenCredential;
  /** Organizer to probe when neither --organizer nor MEETING_ORGANIZER_ID is given (sandbox: a directory user). */
  readonly defaultOrganizer?: { readonly id: string; readonly label: string };
  /** Lines printed under the header (what is being checked). */
  readonly notes: readonly string[];
  /** Values that must never be printed, beyond those found in the environment (e.g. a generated sandbox secret). */
  readonly secrets: readonly string[];
  close(): Promise<void>;
}

export interface DoctorDeps {
  readonly fetch: typeof fetch;
  readonly createStorage: (cfg: AppConfig['storage']) => Promise<Storage>;
  /** Production: the configured credential and Graph; sandbox: starts the Graph sandbox and a bot on a free port. */
  readonly prepareTarget: (config: AppConfig, options: DoctorOptions) => Promise<DoctorTarget>;
  readonly meetingGateway: (config: AppConfig, credential: TokenCredential, appId: string | undefined) => MeetingGateway;
  /** Progress output (already masked); the report's text holds the same lines. */
  readonly write: (text: string) => void;
  /** Limit for each network step. */
  readonly timeoutMs: number;
}

export interface DoctorReport {
  readonly results: readonly CheckResult[];
  /** 1 when any check failed, else 0. */
  readonly exitCode: 0 | 1;
  /** Everything printed, secrets masked. */
  readonly text: string;
}
