/**
 * `$select` as Graph's directory reads it on single-entity GETs (GET /users/{id}, GET /groups/{id}):
 * comma-separated property names, case-insensitive, unknown names rejected with a 400.
 */
import { badRequest } from './graph-errors';

export interface SelectVocabulary {
  /** Entity type name for messages, e.g. 'microsoft.graph.user'. */
  readonly typeName: string;
  /** Canonical property names that may appear in $select. */
  readonly selectable: readonly string[];
}

export function parseSelect(text: string | null, vocab: SelectVocabulary): string[] | undefined {
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
