import { createHash } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

/**
 * A short, human-friendly incident id derived from the message that started it, so a retried or
 * redelivered command maps to the same incident (and, through externalId, the same meeting).
 */
export function incidentIdFor(tenantId: string, conversationId: string, sourceActivityId: string): string {
  const digest = createHash('sha256').update(`${tenantId}\n${conversationId}\n${sourceActivityId}`).digest();
  let out = '';
  for (const byte of digest.subarray(0, 7)) out += ALPHABET[byte % 32];
  return `INC-${out}`;
}

/** Graph's createOrGet externalId: unique per incident, stable across retries. */
export function externalIdFor(incidentId: string, tenantId: string): string {
  return `incident-bridge:${tenantId}:${incidentId}`;
}
