/** Plain-text rendering of the doctor's results: one line per check, facts and the fix indented under it. */
import type { CheckResult, CheckStatus } from './doctor-types';

const INDENT = '      ';

export function formatCheck(r: CheckResult): string {
  const lines = [`${r.status.padEnd(5)} ${r.title}: ${r.summary}`];
  for (const d of r.details ?? []) lines.push(`${INDENT}${d}`);
  if (r.fix !== undefined && r.fix.length > 0 && r.status !== 'OK') {
    lines.push(`${INDENT}fix:`);
    for (const f of r.fix) lines.push(`${INDENT}  ${f}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatSummary(results: readonly CheckResult[]): string {
  const count = (s: CheckStatus): number => results.filter((r) => r.status === s).length;
  const failed = results.filter((r) => r.status === 'FAIL').map((r) => r.title);
  const parts = [`${count('OK')} OK`, `${count('WARN')} WARN`, `${count('FAIL')} FAIL`, ...(count('SKIP') > 0 ? [`${count('SKIP')} SKIP`] : [])];
  if (failed.length === 0) {
    return `\n${parts.join(', ')}: ${count('WARN') === 0 ? 'all checks passed' : 'no check failed (see the warnings)'}.\n`;
  }
  return `\n${parts.join(', ')}: failed: ${failed.join(', ')}. Fix these and run npm run doctor again.\n`;
}
