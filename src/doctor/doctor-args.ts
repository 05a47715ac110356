/** Command line of `npm run doctor -- [--organizer <objectId>] [--simulate missing-role[:Role],missing-policy,wrong-secret]`. */
import type { Simulation, SimulationKind } from './doctor-types';

export const DOCTOR_USAGE = [
  'usage: npm run doctor -- [options]',
  '',
  'Checks the configuration, the Graph credential and its application permissions, the meeting organizer\'s',
  'application access policy, the public base URL (https, POST /api/calls → 401, GET /healthz → 200) and the',
  'storage. Exit code 1 when a check fails. With no credentials configured it checks an in-process sandbox.',
  '',
  'options:',
  '  --organizer <objectId>   probe this organizer instead of MEETING_ORGANIZER_ID',
  '  --simulate <list>        sandbox mode only, comma-separated:',
  '                             missing-role[:<Role>]  withhold an application permission (default Calls.JoinGroupCall.All)',
  '                             missing-policy         no application access policy for the organizer',
  '                             wrong-secret           the token endpoint refuses the client secret',
  '  --help                   this text',
].join('\n');

export type DoctorArgs =
  | { readonly kind: 'run'; readonly organizerId?: string; readonly simulate: readonly Simulation[] }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

const KINDS: readonly SimulationKind[] = ['missing-role', 'missing-policy', 'wrong-secret'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseSimulations(list: string): Simulation[] | string {
  const out: Simulation[] = [];
  for (const raw of list.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const [name, role] = raw.split(':', 2) as [string, string | undefined];
    const kind = KINDS.find((k) => k === name.toLowerCase());
    if (kind === undefined) return `unknown simulation "${name}" (known: ${KINDS.join(', ')})`;
    if (role !== undefined && kind !== 'missing-role') return `"${raw}": only missing-role takes a value`;
    out.push(role !== undefined && role !== '' ? { kind, role } : { kind });
  }
  return out;
}

export function parseDoctorArgs(argv: readonly string[]): DoctorArgs {
  let organizerId: string | undefined;
  const simulate: Simulation[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq !== -1 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq !== -1 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? argv[++i];
    switch (name) {
      case '--help':
      case '-h':
        return { kind: 'help' };
      case '--organizer': {
        const v = value();
        if (v === undefined || !GUID.test(v)) return { kind: 'error', message: `--organizer needs an Entra object id (GUID), got ${v === undefined ? 'nothing' : `"${v}"`}` };
        organizerId = v;
        break;
      }
      case '--simulate': {
        const v = value();
        if (v === undefined) return { kind: 'error', message: '--simulate needs a list, e.g. --simulate missing-role,missing-policy' };
        const parsed = parseSimulations(v);
        if (typeof parsed === 'string') return { kind: 'error', message: parsed };
        simulate.push(...parsed);
        break;
      }
      default:
        return { kind: 'error', message: `unknown argument "${arg}"` };
    }
  }
  return { kind: 'run', ...(organizerId !== undefined ? { organizerId } : {}), simulate };
}
