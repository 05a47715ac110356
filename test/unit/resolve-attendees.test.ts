import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UserLookupResult } from '../../src/incidents/ports';
import { resolveAttendees } from '../../src/incidents/resolve-attendees';

function delayed<T>(ms: number, v: T): Promise<T> {
  return new Promise((r) => setTimeout(() => r(v), ms));
}

test('all look-ups run at the same time, never one after another', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  const track = async <T>(p: () => Promise<T>): Promise<T> => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      return await p();
    } finally {
      inFlight--;
    }
  };
  const res = await resolveAttendees(
    [
      { kind: 'mention', channelUserId: '29:a', name: 'A' },
      { kind: 'mention', channelUserId: '29:b', name: 'B' },
      { kind: 'email', address: 'c@contoso.com' },
      { kind: 'email', address: 'd@contoso.com' },
    ],
    {
      members: (id) => track(() => delayed(30, { found: true, user: { aadObjectId: `oid-${id}`, displayName: id } } as UserLookupResult)),
      directory: {
        lookupByUpn: (upns) => track(() => delayed(30, new Map(upns.map((u) => [u, { found: true, user: { aadObjectId: `oid-${u}`, displayName: u } } as UserLookupResult])))),
      },
    },
  );
  assert.equal(maxInFlight, 3, 'two member look-ups and one directory batch overlap');
  assert.deepEqual(res.resolved.map((r) => r.aadObjectId), ['oid-29:a', 'oid-29:b', 'oid-c@contoso.com', 'oid-d@contoso.com']);
});

test('a failing or unknown attendee is reported and the others still resolve', async () => {
  const res = await resolveAttendees(
    [
      { kind: 'mention', channelUserId: '29:boom', name: 'Boom' },
      { kind: 'mention', channelUserId: '29:ok', name: 'Ok' },
      { kind: 'email', address: 'nobody@contoso.com' },
    ],
    {
      members: async (id) => {
        if (id === '29:boom') throw new Error('socket hang up');
        return { found: true, user: { aadObjectId: 'oid-ok', displayName: 'Ok Person' } };
      },
      directory: { lookupByUpn: async () => new Map([['nobody@contoso.com', { found: false, reason: 'not found in the directory' } as UserLookupResult]]) },
    },
  );
  assert.deepEqual(res.resolved.map((r) => r.displayName), ['Ok Person']);
  assert.deepEqual(res.unresolved, [
    { requestedAs: 'Boom', reason: 'look-up failed' },
    { requestedAs: 'nobody@contoso.com', reason: 'not found in the directory' },
  ]);
});

test('the same person named twice (mention and e-mail) is invited once', async () => {
  const res = await resolveAttendees(
    [{ kind: 'mention', channelUserId: '29:m', name: 'Megan' }, { kind: 'email', address: 'meganb@contoso.com' }],
    {
      members: async () => ({ found: true, user: { aadObjectId: 'oid-m', displayName: 'Megan Bowen' } }),
      directory: { lookupByUpn: async () => new Map([['meganb@contoso.com', { found: true, user: { aadObjectId: 'oid-m', displayName: 'Megan Bowen' } } as UserLookupResult]]) },
    },
  );
  assert.equal(res.resolved.length, 1);
});

test('a directory outage marks the e-mail attendees unresolved instead of failing', async () => {
  const res = await resolveAttendees([{ kind: 'email', address: 'x@contoso.com' }], {
    members: async () => ({ found: false, reason: 'n/a' }),
    directory: { lookupByUpn: async () => { throw Object.assign(new Error('down'), { code: 'GRAPH_UNAVAILABLE' }); } },
  });
  assert.deepEqual(res.unresolved, [{ requestedAs: 'x@contoso.com', reason: 'look-up failed (GRAPH_UNAVAILABLE)' }]);
});
