/**
 * Graph signs call notifications with tokens that live for an hour and reuses one token for many notifications:
 * a token that passed validation is remembered (keyed by the whole header) until it expires — at most 10 minutes —
 * so a burst costs one RSA verification, not one per notification. Only successes are remembered; the cache is
 * bounded; expiry is checked against the token's own `exp` on every use.
 */
import type { NotificationAuth } from './calls-route';

const MAX_ENTRIES = 1000;
const MAX_TTL_MS = 10 * 60_000;

type Ok = Extract<Awaited<ReturnType<NotificationAuth['validate']>>, { ok: true }>;

export function cachedNotificationAuth(inner: NotificationAuth, now: () => number = Date.now): NotificationAuth {
  const cache = new Map<string, { result: Ok; until: number }>();
  return {
    async validate(header) {
      if (header === undefined) return inner.validate(header);
      const hit = cache.get(header);
      if (hit && hit.until > now()) return hit.result;
      if (hit) cache.delete(header);
      const result = await inner.validate(header);
      if (result.ok) {
        const exp = expiryMs(header);
        if (exp !== undefined) {
          const oldest = cache.size >= MAX_ENTRIES ? cache.keys().next().value : undefined;
          if (oldest !== undefined) cache.delete(oldest);
          cache.set(header, { result, until: Math.min(exp, now() + MAX_TTL_MS) });
        }
      }
      return result;
    },
  };
}

/** `exp` of a token that already passed validation (so the payload is trusted), in epoch ms. */
function expiryMs(header: string): number | undefined {
  const payload = header.replace(/^Bearer\s+/i, '').split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch (e: unknown) {
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}
