/**
 * Application permissions (app roles) for the Graph endpoints that check them (meeting artifacts, chat app
 * installation). Graph reads `roles` from the app-only token; the bot's Graph client sends no token to the plain-http
 * sandbox (wire-notes §5), so a request without a readable token is judged by the roles the sandbox's token endpoint
 * currently grants (control.setAppRoles) — the same roles its tokens would carry.
 *
 * Refusal wording as Graph's Teams workloads answer it (issue threads quote it verbatim):
 *   403 {"error":{"code":"Forbidden","message":"Missing role permissions on the request. API requires one of '<roles>'. Roles on the request '<roles>'."}}
 */
import { GraphError } from './graph-errors';
import type { GraphRequest } from './graph-context';

export type GrantedRoles = () => readonly string[];

/** The `roles` claim of a bearer JWT (not verified: the sandbox issued it), or undefined without a readable token. */
function tokenRoles(headers: Readonly<Record<string, string>>): readonly string[] | undefined {
  const m = /^Bearer\s+([\w-]+)\.([\w-]+)\.[\w-]*$/i.exec(headers['authorization'] ?? '');
  if (m?.[2] === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(m[2], 'base64url').toString('utf8')) as { roles?: unknown };
    return Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
  } catch (e: unknown) {
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}

function missingRoles(anyOf: readonly string[], have: readonly string[]): GraphError {
  return new GraphError(403, 'Forbidden', `Missing role permissions on the request. API requires one of '${anyOf.join(', ')}'. Roles on the request '${have.join(', ')}'.`);
}

/** Throws Graph's 403 unless the request (its token, else the granted roles) holds one of `anyOf`. */
export function requireAppRole(req: GraphRequest, granted: GrantedRoles, anyOf: readonly string[]): void {
  const have = tokenRoles(req.headers) ?? granted();
  const lower = new Set(have.map((r) => r.toLowerCase()));
  if (!anyOf.some((r) => lower.has(r.toLowerCase()))) throw missingRoles(anyOf, have);
}
