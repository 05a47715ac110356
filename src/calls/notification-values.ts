/**
 * Reading values out of a commsNotifications payload without trusting its shape: type guards, Graph type names,
 * numeric codes, and the bounded quoting used in problem lines. Pure, no imports beyond the call events.
 */
import type { ResultInfo } from './call-events';

const GRAPH_TYPE_PREFIX = '#microsoft.graph.';

export function parseResultInfo(raw: unknown, where: string, problems: string[]): ResultInfo | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) {
    problems.push(`${where}: resultInfo is ${typeName(raw)}; ignored`);
    return undefined;
  }
  const code = toInt(raw.code);
  if (code === undefined) {
    problems.push(`${where}: resultInfo without a numeric code; ignored`);
    return undefined;
  }
  let subcode = 0;
  if (raw.subcode !== undefined && raw.subcode !== null) {
    const parsed = toInt(raw.subcode);
    if (parsed === undefined) problems.push(`${where}: resultInfo subcode is not numeric; used 0`);
    else subcode = parsed;
  }
  const message = typeof raw.message === 'string' && raw.message !== '' ? raw.message : undefined;
  return { code, subcode, ...(message !== undefined ? { message } : {}) };
}

/** Integers, and integer strings ("200" in the call-delete sample). */
function toInt(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*-?\d{1,15}\s*$/.test(v)) return Number.parseInt(v, 10);
  return undefined;
}

/** "#microsoft.graph.playPromptOperation" → "playPromptOperation". */
export function bareType(t: string): string {
  return t.startsWith(GRAPH_TYPE_PREFIX) ? t.slice(GRAPH_TYPE_PREFIX.length) : t.replace(/^#/, '');
}

export function sameType(t: unknown, name: string): boolean {
  return typeof t === 'string' && bareType(t).toLowerCase() === name.toLowerCase();
}

export function firstString(...vs: unknown[]): string | undefined {
  for (const v of vs) if (typeof v === 'string' && v.trim() !== '') return v;
  return undefined;
}

export function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

/** Quotes a value from the payload for a problem line, bounded in length. */
export function short(s: string): string {
  return JSON.stringify(bounded(s.replace(/[\r\n\t]/g, ' '), 80));
}

export function bounded(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
