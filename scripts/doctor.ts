/**
 * npm run doctor — checks a deployment (or, with no credentials, the local sandbox) and prints OK / WARN / FAIL
 * with the exact fix for each check; exit code 1 when a check fails, 2 on a usage error.
 * Reads the same variables as the bot: the environment first, then .env.
 *   npm run doctor -- --organizer <objectId>
 *   npm run doctor -- --simulate missing-role,missing-policy      (sandbox mode: demo of failing checks)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { defaultDoctorDeps } from '../src/doctor/default-deps';
import { DOCTOR_USAGE, parseDoctorArgs } from '../src/doctor/doctor-args';
import type { DoctorEnv } from '../src/doctor/doctor-types';
import { createMasker, secretsOf } from '../src/doctor/mask-secrets';
import { runDoctor } from '../src/doctor/run-doctor';

function loadEnv(): DoctorEnv {
  const file = path.join(process.cwd(), '.env');
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  return { ...fromFile, ...process.env };
}

async function main(): Promise<number> {
  const args = parseDoctorArgs(process.argv.slice(2));
  if (args.kind === 'help') {
    process.stdout.write(`${DOCTOR_USAGE}\n`);
    return 0;
  }
  if (args.kind === 'error') {
    process.stderr.write(`doctor: ${args.message}\n\n${DOCTOR_USAGE}\n`);
    return 2;
  }
  const report = await runDoctor(
    { env: loadEnv(), simulate: args.simulate, ...(args.organizerId !== undefined ? { organizerId: args.organizerId } : {}) },
    defaultDoctorDeps({ write: (text) => process.stdout.write(text) }),
  );
  return report.exitCode;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    const mask = createMasker(secretsOf(loadEnv()));
    process.stderr.write(mask(`doctor failed: ${e instanceof Error ? e.message : String(e)}\n`));
    process.exit(1);
  },
);
