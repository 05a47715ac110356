/**
 * Application permissions (app roles) for the Graph endpoints that answer in the Teams workloads' own wording
 * (meeting artifacts, chat app installation). The roles are those of the request's verified token (graph-sandbox.ts
 * checks it before routing); the other endpoints' roles are checked in sandbox/identity/required-roles.ts.
 *
 * Refusal wording as Graph's Teams workloads answer it (issue threads quote it verbatim):
 *   403 {"error":{"code":"Forbidden","message":"Missing role permissions on the request. API requires one of '<roles>'. Roles on the request '<roles>'."}}
 */
import { GraphError } from './graph-errors';
import type { GraphRequest } from './graph-context';

function missingRoles(anyOf: readonly string[], have: readonly string[]): GraphError {
  return new GraphError(403, 'Forbidden', `Missing role permissions on the request. API requires one of '${anyOf.join(', ')}'. Roles on the request '${have.join(', ')}'.`);
}

/** Throws Graph's 403 unless the request's verified token holds one of `anyOf`. */
export function requireAppRole(req: GraphRequest, anyOf: readonly string[]): void {
  const have = req.roles;
  const lower = new Set(have.map((r) => r.toLowerCase()));
  if (!anyOf.some((r) => lower.has(r.toLowerCase()))) throw missingRoles(anyOf, have);
}
