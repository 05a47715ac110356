/** The notification token cache: one validation per token until it expires; failures are never remembered. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cachedNotificationAuth } from '../../src/http/notification-auth-cache';
import type { NotificationAuth } from '../../src/http/calls-route';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const token = (exp: number) => `Bearer ${b64({ alg: 'RS256' })}.${b64({ exp, tid: 't1' })}.sig`;

test('a valid token is validated once until its exp; an invalid one every time', async () => {
  let now = 1_000_000_000_000;
  let calls = 0;
  const inner: NotificationAuth = {
    validate: async (h) => {
      calls++;
      return h?.endsWith('.sig') ? { ok: true, tenantId: 't1' } : { ok: false, status: 403, reason: 'bad' };
    },
  };
  const auth = cachedNotificationAuth(inner, () => now);
  const good = token(now / 1000 + 120);
  for (let i = 0; i < 5; i++) assert.deepEqual(await auth.validate(good), { ok: true, tenantId: 't1' });
  assert.equal(calls, 1);
  for (let i = 0; i < 3; i++) assert.equal((await auth.validate('Bearer x.y.forged')).ok, false);
  assert.equal(calls, 4);
  now += 121_000; // past exp: validated again (and refused by the real validator)
  await auth.validate(good);
  assert.equal(calls, 5);
  assert.equal((await auth.validate(undefined)).ok, false);
});
