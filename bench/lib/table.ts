/** The benchmark's one table (Markdown, so it can go into the README as printed). */
export interface Row {
  readonly figure: string;
  readonly ours: string;
  readonly floor: string;
  /** ours / floor (or a difference when ratioUnit is set); NaN prints "—". */
  readonly ratio: number;
  readonly goal: string;
  readonly ratioUnit?: string;
}

export function printTable(rows: readonly Row[], seconds: number): void {
  console.log(`\n| figure | ours | floor / baseline | ratio | goal (#12) |`);
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    const ratio = Number.isNaN(r.ratio) ? '—' : r.ratioUnit ? `${r.ratio >= 0 ? '+' : ''}${r.ratio.toFixed(0)} ${r.ratioUnit}` : `${r.ratio.toFixed(2)}`;
    console.log(`| ${r.figure} | ${r.ours} | ${r.floor} | ${ratio} | ${r.goal} |`);
  }
  console.log(`\n(${seconds} s per throughput run, closed loop; node ${process.version}, ${process.platform}/${process.arch})`);
}
