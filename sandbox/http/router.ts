/**
 * A tiny path router shared by the sandboxes. Patterns are `/`-separated; a `{name}` segment
 * captures one (already URL-decoded) path segment; literal segments match case-insensitively,
 * as Graph's do. When a path matches nothing the router reports the first segment no route
 * could consume, which is what Graph names in "Resource not found for the segment '…'".
 *
 * New families of endpoints (communications/calls, the OpenID metadata and JWKS of the
 * notification signer, …) are added with `add()`; nothing here knows about Graph.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type RouteParams = Readonly<Record<string, string>>;

export type RouteHandler<Req, Res> = (req: Req, params: RouteParams) => Res | Promise<Res>;

type Segment = { readonly literal: string } | { readonly param: string };

interface Route<Req, Res> {
  readonly method: HttpMethod;
  readonly pattern: string;
  readonly segments: readonly Segment[];
  readonly handler: RouteHandler<Req, Res>;
}

export type RouteMatch<Req, Res> =
  | { readonly kind: 'matched'; readonly handler: RouteHandler<Req, Res>; readonly params: RouteParams; readonly pattern: string }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly HttpMethod[] }
  | { readonly kind: 'not-found'; readonly segment: string; readonly index: number };

export function splitPath(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch (e: unknown) {
        // A stray '%' is not an encoding; keep the raw text, as servers that decode leniently do.
        if (e instanceof URIError) return s;
        throw e;
      }
    });
}

function parsePattern(pattern: string): Segment[] {
  return pattern
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      const m = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(s);
      return m?.[1] !== undefined ? { param: m[1] } : { literal: s.toLowerCase() };
    });
}

/** How many leading path segments the route consumes (stops at the first mismatch). */
function prefixLength<Req, Res>(route: Route<Req, Res>, segments: readonly string[]): number {
  let n = 0;
  for (; n < segments.length && n < route.segments.length; n++) {
    const seg = route.segments[n];
    const actual = segments[n];
    if (seg === undefined || actual === undefined) break;
    if ('literal' in seg && seg.literal !== actual.toLowerCase()) break;
  }
  return n;
}

/** Literal segments outrank parameters, earlier positions first. */
function specificity<Req, Res>(route: Route<Req, Res>): string {
  return route.segments.map((s) => ('literal' in s ? '2' : '1')).join('');
}

export class Router<Req, Res> {
  private readonly routes: Route<Req, Res>[] = [];

  add(method: HttpMethod, pattern: string, handler: RouteHandler<Req, Res>): this {
    this.routes.push({ method, pattern, segments: parsePattern(pattern), handler });
    return this;
  }

  match(method: string, segments: readonly string[]): RouteMatch<Req, Res> {
    const full = this.routes.filter(
      (r) => r.segments.length === segments.length && prefixLength(r, segments) === segments.length,
    );
    if (full.length === 0) {
      let best = 0;
      for (const r of this.routes) best = Math.max(best, prefixLength(r, segments));
      const index = Math.min(best, Math.max(segments.length - 1, 0));
      return { kind: 'not-found', segment: segments[index] ?? '', index };
    }
    // The most specific shape wins first (a literal `createOrGet` beats `{meetingId}`), then the verb:
    // a GET on an action is "method not allowed", not a lookup of a meeting called "createOrGet".
    const top = full
      .map((r) => specificity(r))
      .reduce((a, b) => (a.localeCompare(b) >= 0 ? a : b));
    const shape = full.filter((r) => specificity(r) === top);
    const route = shape.find((r) => r.method === method.toUpperCase());
    if (route === undefined) {
      return { kind: 'method-not-allowed', allowed: [...new Set(shape.map((r) => r.method))] };
    }
    const params: Record<string, string> = {};
    route.segments.forEach((seg, i) => {
      const actual = segments[i];
      if ('param' in seg && actual !== undefined) params[seg.param] = actual;
    });
    return { kind: 'matched', handler: route.handler, params, pattern: route.pattern };
  }
}
