import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cachedUserDirectory } from '../../src/graph/cached-user-directory';
import type { UserDirectory, UserLookupResult } from '../../src/incidents/ports';

function countingDirectory(): UserDirectory & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    async lookupByUpn(upns) {
      asked.push([...upns]);
      return new Map<string, UserLookupResult>(upns.map((u) => [u, u.startsWith('nobody')
        ? { found: false, reason: 'not found' }
        : { found: true, user: { aadObjectId: `id-${u.toLowerCase()}`, displayName: u } }]));
    },
  };
}

test('found people are remembered (case-insensitively) until the TTL; not-found ones are asked again', async () => {
  let t = 0;
  const inner = countingDirectory();
  const dir = cachedUserDirectory(inner, { ttlMs: 1000, now: () => t });
  await dir.lookupByUpn(['patti@contoso.com', 'nobody@contoso.com']);
  const again = await dir.lookupByUpn(['Patti@Contoso.com', 'nobody@contoso.com']);
  assert.deepEqual(inner.asked, [['patti@contoso.com', 'nobody@contoso.com'], ['nobody@contoso.com']]);
  const hit = again.get('Patti@Contoso.com');
  assert.equal(hit?.found && hit.user.aadObjectId, 'id-patti@contoso.com', 'keyed by the address as asked');
  t = 1001;
  await dir.lookupByUpn(['patti@contoso.com']);
  assert.deepEqual(inner.asked.at(-1), ['patti@contoso.com'], 'expired: asked again');
});
