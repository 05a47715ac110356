/** One row of the fault suite's table, and the table itself (bench/faults.ts). */
export interface Row { area: string; tried: number; refused: number; crashed: number; lost: number; duplicated: number; note: string }

export function row(area: string, note = ''): Row {
  return { area, tried: 0, refused: 0, crashed: 0, lost: 0, duplicated: 0, note };
}

export async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
    return { status: res.status, text: await res.text() };
  } catch (e: unknown) {
    return { status: 0, text: e instanceof Error ? e.message : String(e) };
  }
}

/** A 5xx, no answer at all, or a stack trace in the body. */
export const isCrash = (r: { status: number; text: string }): boolean => r.status === 0 || r.status >= 500 || /\bat .+\(.+:\d+:\d+\)/.test(r.text);

export function table(rows: readonly Row[]): string {
  const head = ['area', 'tried', 'refused', 'crashed', 'lost', 'duplicated', 'note'];
  const lines = rows.map((r) => [r.area, String(r.tried), String(r.refused), String(r.crashed), String(r.lost), String(r.duplicated), r.note]);
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...lines.map((l) => `| ${l.join(' | ')} |`)].join('\n');
}
