/**
 * A small hand-rolled shape checker for webhook payloads: reads fields, collects every problem with its JSON path
 * ("alerts[0].labels: an object of strings"), and throws one AlertPayloadError listing them all.
 */
import { AlertPayloadError, type AlertSource } from './alert';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class ShapeReader {
  private readonly problems: string[] = [];
  constructor(private readonly source: AlertSource) {}

  /** Records what was expected at `path`. */
  expect(path: string, what: string): void {
    this.problems.push(`${path}: ${what}`);
  }

  object(v: unknown, path: string): JsonObject | undefined {
    if (isObject(v)) return v;
    this.expect(path, 'an object');
    return undefined;
  }

  /** A required, non-empty string. */
  string(o: JsonObject | undefined, key: string, path: string): string | undefined {
    if (!o) return undefined;
    const v = o[key];
    if (typeof v === 'string' && v.trim() !== '') return v;
    this.expect(join(path, key), 'a non-empty string');
    return undefined;
  }

  /** An optional string; null and absent are the same. */
  optionalString(o: JsonObject | undefined, key: string, path: string): string | undefined {
    if (!o) return undefined;
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    this.expect(join(path, key), 'a string when present');
    return undefined;
  }

  /** A required string that must be one of `values` (compared case-insensitively; the canonical spelling is returned). */
  oneOf<T extends string>(o: JsonObject | undefined, key: string, path: string, values: readonly T[]): T | undefined {
    const s = this.string(o, key, path);
    if (s === undefined) return undefined;
    const hit = values.find((v) => v.toLowerCase() === s.toLowerCase());
    if (hit === undefined) this.expect(join(path, key), `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
    return hit;
  }

  /** A map of string → string (labels, annotations). Absent/null gives {} unless required. */
  stringMap(o: JsonObject | undefined, key: string, path: string, required = false): Record<string, string> {
    if (!o) return {};
    const v = o[key];
    if ((v === undefined || v === null) && !required) return {};
    if (!isObject(v) || !Object.values(v).every((x) => typeof x === 'string')) {
      this.expect(join(path, key), 'an object of string values');
      return {};
    }
    return { ...(v as Record<string, string>) };
  }

  array(o: JsonObject | undefined, key: string, path: string): readonly unknown[] | undefined {
    if (!o) return undefined;
    const v = o[key];
    if (Array.isArray(v)) return v;
    this.expect(join(path, key), 'an array');
    return undefined;
  }

  /** Throws the collected problems, if any. Call once after reading everything. */
  done(): void {
    if (this.problems.length > 0) throw new AlertPayloadError(this.source, this.problems);
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
