/**
 * `npm run doctor` against the sandbox with each documented application permission withheld in turn (through
 * the sandbox's control surface, as an admin removing it would): the report names the permission, why the bot
 * needs it and the admin's fix — the same permission the user-facing card names (test/e2e/missing-permissions.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultDoctorDeps } from '../../src/doctor/default-deps';
import { NEEDED_GRAPH_PERMISSIONS } from '../../src/doctor/graph-permissions';
import { runDoctor } from '../../src/doctor/run-doctor';
import { INCIDENT_COMMANDERS } from '../../sandbox/graph/users/directory';

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('doctor: each documented application permission withheld', () => {
  for (const p of NEEDED_GRAPH_PERMISSIONS) {
    test(`${p.role} (${p.neededFor})`, async () => {
      const env: Record<string, string> = { STORAGE: 'memory', ...(p.neededFor === 'adminGroup' ? { INCIDENT_ADMIN_GROUP_ID: INCIDENT_COMMANDERS.id } : {}) };
      const report = await runDoctor({
        env,
        onSandbox: async (sandbox) => {
          // The control surface, over plain http, as the control page's "remove" does it.
          const res = await fetch(`${sandbox.plainUrl}/_sandbox/app-roles/${encodeURIComponent(p.role)}/remove`, { method: 'POST' });
          assert.equal(res.status, 200);
          const granted = ((await res.json()) as { grantedRoles: string[] }).grantedRoles;
          assert.ok(!granted.includes(p.role));
        },
      }, defaultDoctorDeps({ timeoutMs: 5000 }));
      const status = report.results.find((r) => r.id === 'graph-permissions')?.status;
      assert.equal(status, p.neededFor === 'core' || p.neededFor === 'adminGroup' ? 'FAIL' : 'WARN', report.text);
      assert.match(report.text, new RegExp(`missing ${escaped(p.role)}`));
      assert.match(report.text, new RegExp(escaped(p.why.slice(0, 30))));
      assert.match(report.text, /admin-consent/);
    });
  }
});
