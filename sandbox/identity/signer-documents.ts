/**
 * The notification signer's documents, served like https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration
 * and /v1/keys: they live outside Graph's versions (/v1/…), so no Graph latency, authorization or throttling
 * applies to them. undefined: not a /v1/… path.
 */
import type { NotificationSigner } from './notification-signer';

export interface SignerDocumentResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export function signerDocument(signer: NotificationSigner, url: string, method: string, segments: readonly string[]): SignerDocumentResponse | undefined {
  if (segments[0]?.toLowerCase() !== 'v1') return undefined;
  const rest = segments.slice(1).map((s) => s.toLowerCase()).join('/');
  const known = rest === '.well-known/openidconfiguration' || rest === 'keys';
  if (!known) return { status: 404, body: { error: { code: 'NotFound', message: `No resource at /${segments.join('/')}.` } } };
  if (method !== 'GET') return { status: 405, headers: { Allow: 'GET' }, body: { error: { code: 'MethodNotAllowed', message: 'Only GET is supported.' } } };
  if (rest === 'keys') return { status: 200, body: signer.jwks() };
  return { status: 200, body: signer.openIdConfiguration(`${url}/v1/keys`) };
}
