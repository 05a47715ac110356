/**
 * The doctor never prints a secret. Checks are written not to, and every line goes through this masker as a
 * second line of defence: the values of secret-looking variables, extra secrets (a generated sandbox secret,
 * the access token), connection-string keys, SAS signatures and anything shaped like a JWT are replaced.
 */
import type { DoctorEnv } from './doctor-types';

const MASK = '****';

const SECRET_NAME = /(password|secret|connection_?string|(^|_)key$|_key_|token|sas)/i;
/** Shorter values are not masked verbatim (they would mangle ordinary words); patterns still apply. */
const MIN_SECRET_LENGTH = 6;

export type Masker = (text: string) => string;

/** Values of the environment that are secrets: by name, and the credentials inside connection strings. */
export function secretsOf(env: DoctorEnv): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const v = value.trim();
    if (v === '') continue;
    if (SECRET_NAME.test(name)) out.push(v);
    for (const m of v.matchAll(/(?:AccountKey|SharedAccessKey|SharedAccessSignature)=([^;]+)/gi)) if (m[1] !== undefined) out.push(m[1]);
  }
  return out;
}

export function createMasker(secrets: readonly string[]): Masker {
  const values = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  return (text) => {
    let t = text;
    for (const v of values) t = t.split(v).join(MASK);
    return t
      .replace(/\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g, '<token>')
      .replace(/((?:AccountKey|SharedAccessKey|SharedAccessSignature|client_secret)=)[^;&\s]+/gi, `$1${MASK}`)
      .replace(/([?&]sig=)[^&\s]+/gi, `$1${MASK}`);
  };
}
