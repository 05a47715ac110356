/**
 * The slice of OData query options the sandbox's directory endpoints understand, with the
 * restrictions Graph's directory applies:
 *  - $filter: eq, in, startswith, combined with and/or and parentheses; `ne`, `not` and
 *    `endswith` are "advanced queries" that need `ConsistencyLevel: eventual` and `$count=true`.
 *  - $search: `"property:term"` clauses joined by AND/OR, tokenized prefix match; requires
 *    `ConsistencyLevel: eventual`.
 *  - $select: comma-separated property names (case-insensitive), unknown names rejected.
 *  - $top: 1..999.
 */
import { badRequest, unsupportedQuery } from '../graph-errors';

export type PropertyReader = (property: string) => string | null | undefined;
export type Predicate = (read: PropertyReader) => boolean;

export interface QueryVocabulary {
  /** Entity type name for messages, e.g. 'microsoft.graph.user'. */
  readonly typeName: string;
  /** Canonical property names that may appear in $select. */
  readonly selectable: readonly string[];
  /** Canonical property names that may appear in $filter / $search. */
  readonly filterable: readonly string[];
}

// --- $select ------------------------------------------------------------------------------------

export function parseSelect(text: string | null, vocab: QueryVocabulary): string[] | undefined {
  if (text === null || text.trim() === '') return undefined;
  return text.split(',').map((raw) => {
    const name = raw.trim();
    const canonical = vocab.selectable.find((p) => p.toLowerCase() === name.toLowerCase());
    if (canonical === undefined) {
      throw badRequest(`Could not find a property named '${name}' on type '${vocab.typeName}'.`);
    }
    return canonical;
  });
}

// --- $top ---------------------------------------------------------------------------------------

export function parseTop(text: string | null, max = 999): number | undefined {
  if (text === null) return undefined;
  if (!/^\d+$/.test(text.trim())) throw badRequest(`Invalid value '${text}' for query option '$top'.`);
  const n = Number(text.trim());
  if (n < 1 || n > max) {
    throw badRequest(`Invalid page size specified: '${n}'. Must be between 1 and ${max} inclusive.`, 'Request_BadRequest');
  }
  return n;
}

// --- $filter ------------------------------------------------------------------------------------

type Token =
  | { readonly kind: 'ident'; readonly text: string; readonly pos: number }
  | { readonly kind: 'string'; readonly text: string; readonly pos: number }
  | { readonly kind: 'null'; readonly pos: number }
  | { readonly kind: 'punct'; readonly text: '(' | ')' | ','; readonly pos: number };

function syntaxError(filter: string, pos: number): Error {
  return badRequest(`Invalid filter clause: Syntax error at position ${pos} in '${filter}'.`);
}

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const c = filter.charAt(i);
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c, pos: i });
      i++;
    } else if (c === "'") {
      const start = i;
      let text = '';
      i++;
      for (;;) {
        if (i >= filter.length) throw syntaxError(filter, start);
        const ch = filter.charAt(i);
        if (ch === "'") {
          if (filter.charAt(i + 1) === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += ch;
        i++;
      }
      tokens.push({ kind: 'string', text, pos: start });
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < filter.length && /[A-Za-z0-9_./]/.test(filter.charAt(i))) i++;
      const text = filter.slice(start, i);
      tokens.push(text === 'null' ? { kind: 'null', pos: start } : { kind: 'ident', text, pos: start });
    } else {
      throw syntaxError(filter, i);
    }
  }
  return tokens;
}

type Literal = string | null;

class FilterParser {
  private pos = 0;
  private readonly tokens: Token[];

  constructor(
    private readonly filter: string,
    private readonly vocab: QueryVocabulary,
    private readonly advanced: boolean,
  ) {
    this.tokens = tokenize(filter);
  }

  parse(): Predicate {
    const p = this.orExpr();
    const rest = this.tokens[this.pos];
    if (rest !== undefined) throw syntaxError(this.filter, rest.pos);
    return p;
  }

  private peekKeyword(word: string): boolean {
    const t = this.tokens[this.pos];
    return t !== undefined && t.kind === 'ident' && t.text.toLowerCase() === word;
  }

  private peekPunct(p: '(' | ')' | ','): boolean {
    const t = this.tokens[this.pos];
    return t !== undefined && t.kind === 'punct' && t.text === p;
  }

  private next(): Token {
    const t = this.tokens[this.pos];
    if (t === undefined) throw syntaxError(this.filter, this.filter.length);
    this.pos++;
    return t;
  }

  private expectPunct(p: '(' | ')' | ','): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== p) throw syntaxError(this.filter, t.pos);
  }

  private literal(): Literal {
    const t = this.next();
    if (t.kind === 'string') return t.text;
    if (t.kind === 'null') return null;
    throw syntaxError(this.filter, t.pos);
  }

  private property(): string {
    const t = this.next();
    if (t.kind !== 'ident') throw syntaxError(this.filter, t.pos);
    const canonical = this.vocab.filterable.find((p) => p.toLowerCase() === t.text.toLowerCase());
    if (canonical === undefined) throw unsupportedQuery();
    return canonical;
  }

  private requireAdvanced(): void {
    if (!this.advanced) throw unsupportedQuery();
  }

  private orExpr(): Predicate {
    let left = this.andExpr();
    while (this.peekKeyword('or')) {
      this.pos++;
      const l = left;
      const r = this.andExpr();
      left = (read) => l(read) || r(read);
    }
    return left;
  }

  private andExpr(): Predicate {
    let left = this.unary();
    while (this.peekKeyword('and')) {
      this.pos++;
      const l = left;
      const r = this.unary();
      left = (read) => l(read) && r(read);
    }
    return left;
  }

  private unary(): Predicate {
    if (this.peekKeyword('not')) {
      this.requireAdvanced();
      this.pos++;
      const inner = this.unary();
      return (read) => !inner(read);
    }
    return this.primary();
  }

  private primary(): Predicate {
    const t = this.tokens[this.pos];
    if (t === undefined) throw syntaxError(this.filter, this.filter.length);
    if (t.kind === 'punct' && t.text === '(') {
      this.pos++;
      const inner = this.orExpr();
      this.expectPunct(')');
      return inner;
    }
    if (t.kind === 'ident' && (this.peekKeyword('startswith') || this.peekKeyword('endswith'))) {
      const fn = t.text.toLowerCase();
      if (fn === 'endswith') this.requireAdvanced();
      this.pos++;
      this.expectPunct('(');
      const prop = this.property();
      this.expectPunct(',');
      const value = this.literal();
      this.expectPunct(')');
      if (value === null) throw syntaxError(this.filter, t.pos);
      const v = value.toLowerCase();
      return (read) => {
        const actual = read(prop);
        if (typeof actual !== 'string') return false;
        return fn === 'startswith' ? actual.toLowerCase().startsWith(v) : actual.toLowerCase().endsWith(v);
      };
    }
    const prop = this.property();
    const op = this.next();
    if (op.kind !== 'ident') throw syntaxError(this.filter, op.pos);
    const opName = op.text.toLowerCase();
    if (opName === 'eq' || opName === 'ne') {
      if (opName === 'ne') this.requireAdvanced();
      const value = this.literal();
      const eq = (read: PropertyReader): boolean => {
        const actual = read(prop) ?? null;
        if (value === null || actual === null) return value === actual;
        return actual.toLowerCase() === value.toLowerCase();
      };
      return opName === 'eq' ? eq : (read) => !eq(read);
    }
    if (opName === 'in') {
      this.expectPunct('(');
      const values: Literal[] = [this.literal()];
      while (this.peekPunct(',')) {
        this.pos++;
        values.push(this.literal());
      }
      this.expectPunct(')');
      const set = new Set(values.map((v) => (v === null ? null : v.toLowerCase())));
      return (read) => {
        const actual = read(prop) ?? null;
        return set.has(actual === null ? null : actual.toLowerCase());
      };
    }
    throw unsupportedQuery();
  }
}

export function parseFilter(text: string | null, vocab: QueryVocabulary, advanced: boolean): Predicate | undefined {
  if (text === null || text.trim() === '') return undefined;
  return new FilterParser(text, vocab, advanced).parse();
}

// --- $search ------------------------------------------------------------------------------------

export function parseSearch(text: string | null, vocab: QueryVocabulary, consistencyEventual: boolean): Predicate | undefined {
  if (text === null || text.trim() === '') return undefined;
  if (!consistencyEventual) {
    throw unsupportedQuery(
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  }
  const parts = text.trim().split(/\s+(AND|OR)\s+/);
  const clauses: Predicate[] = [];
  const joins: string[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      joins.push(part);
      return;
    }
    const m = /^"([^":]+):([^"]*)"$/.exec(part.trim());
    if (m?.[1] === undefined || m[2] === undefined) {
      throw badRequest(`Syntax error: '${part}' is not a valid $search clause; use "property:value".`);
    }
    const prop = vocab.filterable.find((p) => p.toLowerCase() === (m[1] ?? '').toLowerCase());
    if (prop === undefined) throw unsupportedQuery();
    const term = m[2].toLowerCase();
    clauses.push((read) => {
      const actual = read(prop);
      if (typeof actual !== 'string') return false;
      const lower = actual.toLowerCase();
      // Tokenized search: the term matches the start of the value or of any word in it.
      return lower.startsWith(term) || lower.split(/[^a-z0-9]+/).some((w) => w.startsWith(term));
    });
  });
  return (read) => {
    let result = clauses[0]?.(read) ?? true;
    joins.forEach((join, i) => {
      const next = clauses[i + 1];
      if (next === undefined) return;
      result = join === 'AND' ? result && next(read) : result || next(read);
    });
    return result;
  };
}
