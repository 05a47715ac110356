/**
 * Webhook authentication, pure functions over node:crypto.
 *
 * URL shape: `<PUBLIC_BASE_URL>/api/alerts/<source>?token=<subscriptionId>.<secret>` — the same token also works as
 * `Authorization: Bearer <token>` (Alertmanager http_config, Grafana, PagerDuty custom headers). Why this shape:
 * it is the single URL issue #13 puts on the card (one thing to paste, works for Azure Monitor, which cannot send
 * headers), while the id prefix lets us fetch the subscription by id (no secret-indexed lookup in storage) and then
 * compare the secret's SHA-256 with the stored hash in constant time. Only the hash is stored; secrets are never logged.
 *
 * PagerDuty additionally signs: `X-PagerDuty-Signature: v1=<hex HMAC-SHA256(raw body, signing secret)>`, several
 * comma-separated during secret rotation; any one matching v1 signature is enough.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AlertSource } from './alert';
import type { AlertSubscription } from './subscription';

const ID_PATTERN = /^al_[A-Za-z0-9_-]{8,40}$/;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{32,128}$/;

export function newSubscriptionId(random: (n: number) => Buffer = randomBytes): string {
  return `al_${random(12).toString('base64url')}`;
}

/** A fresh secret (256 bits, base64url) and its hash (what the subscription stores). */
export function newWebhookSecret(random: (n: number) => Buffer = randomBytes): { readonly secret: string; readonly secretHash: string } {
  const secret = random(32).toString('base64url');
  return { secret, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function webhookToken(subscriptionId: string, secret: string): string {
  return `${subscriptionId}.${secret}`;
}

export function webhookUrl(publicBaseUrl: string, source: AlertSource, subscriptionId: string, secret: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/api/alerts/${source}?token=${encodeURIComponent(webhookToken(subscriptionId, secret))}`;
}

/** The token from `Authorization: Bearer …` (preferred) or the `token` query parameter. */
export function presentedToken(authorization: string | undefined, queryToken: string | undefined): string | undefined {
  const m = authorization === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (m?.[1]) return m[1];
  return queryToken !== undefined && queryToken !== '' ? queryToken : undefined;
}

export function parseToken(token: string): { readonly subscriptionId: string; readonly secret: string } | undefined {
  const dot = token.indexOf('.');
  if (dot < 0) return undefined;
  const subscriptionId = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  return ID_PATTERN.test(subscriptionId) && SECRET_PATTERN.test(secret) ? { subscriptionId, secret } : undefined;
}

/** Constant time: compares SHA-256 digests (always 32 bytes), never the strings. */
export function secretMatches(secret: string, secretHash: string): boolean {
  const wellFormed = /^[0-9a-f]{64}$/i.test(secretHash);
  const expected = wellFormed ? Buffer.from(secretHash, 'hex') : Buffer.alloc(32);
  const actual = createHash('sha256').update(secret, 'utf8').digest();
  return timingSafeEqual(actual, expected) && wellFormed;
}

/** True when at least one `v1=` signature in the header is the HMAC-SHA256 of the raw body with `signingSecret`. */
export function verifyPagerDutySignature(rawBody: Buffer, header: string | undefined, signingSecret: string): boolean {
  if (header === undefined || header.trim() === '') return false;
  const expected = createHmac('sha256', signingSecret).update(rawBody).digest();
  let ok = false;
  for (const part of header.split(',')) {
    const m = /^\s*v1=([0-9a-fA-F]{64})\s*$/.exec(part);
    if (!m?.[1]) continue;
    if (timingSafeEqual(Buffer.from(m[1], 'hex'), expected)) ok = true; // no early exit: same work whichever matches
  }
  return ok;
}

type WebhookAuthFailure = 'missingToken' | 'malformedToken' | 'unknownSubscription' | 'wrongSecret' | 'missingSignature' | 'badSignature';

export type WebhookAuthResult<Ref> =
  | { readonly ok: true; readonly subscription: AlertSubscription<Ref>; readonly signatureChecked: boolean }
  | { readonly ok: false; readonly reason: WebhookAuthFailure; readonly subscriptionId?: string };

export interface WebhookCredentials {
  readonly source: AlertSource;
  readonly authorization?: string;
  readonly queryToken?: string;
  readonly pagerDutySignature?: string;
  readonly rawBody: Buffer;
}

/**
 * Token → subscription → secret → (PagerDuty) signature. `lookup` fetches a subscription by id.
 * An unknown subscription costs the same hash comparison as a known one.
 */
export async function authenticateWebhook<Ref>(
  c: WebhookCredentials,
  lookup: (subscriptionId: string) => Promise<AlertSubscription<Ref> | undefined>,
): Promise<WebhookAuthResult<Ref>> {
  const token = presentedToken(c.authorization, c.queryToken);
  if (token === undefined) return { ok: false, reason: 'missingToken' };
  const parsed = parseToken(token);
  if (!parsed) return { ok: false, reason: 'malformedToken' };
  const subscription = await lookup(parsed.subscriptionId);
  const good = secretMatches(parsed.secret, subscription?.secretHash ?? '');
  if (!subscription) return { ok: false, reason: 'unknownSubscription', subscriptionId: parsed.subscriptionId };
  if (!good) return { ok: false, reason: 'wrongSecret', subscriptionId: subscription.id };
  if (c.source === 'pagerduty' && subscription.pagerDutySigningSecret !== undefined) {
    if (c.pagerDutySignature === undefined || c.pagerDutySignature.trim() === '') return { ok: false, reason: 'missingSignature', subscriptionId: subscription.id };
    if (!verifyPagerDutySignature(c.rawBody, c.pagerDutySignature, subscription.pagerDutySigningSecret)) return { ok: false, reason: 'badSignature', subscriptionId: subscription.id };
    return { ok: true, subscription, signatureChecked: true };
  }
  return { ok: true, subscription, signatureChecked: false };
}
