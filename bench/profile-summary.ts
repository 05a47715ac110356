/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`, e.g. `bench/quick.ts --prof DIR`): self time per function
 * and per file (or package), top N. Run: npx tsx bench/profile-summary.ts FILE.cpuprofile [N]
 */
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary FILE.cpuprofile [N]');
const top = Number(topArg ?? 25);
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
p.samples.forEach((id, i) => {
  self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
const where = (url: string): string => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return `npm:${m[1]}`;
  return url.replace(/^file:\/\/.*?\/(dist|src|sandbox)\//, '$1/') || '(native)';
};
const fn = new Map<string, number>();
const files = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  const f = where(n.callFrame.url);
  const key = `${n.callFrame.functionName || '(anon)'} ${f}:${n.callFrame.lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + us);
  files.set(f, (files.get(f) ?? 0) + us);
}
const show = (title: string, m: Map<string, number>): void => {
  console.log(`\n${title} (total ${(total / 1000).toFixed(0)} ms)`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
};
// Inclusive: each sample counts once for every distinct frame (function / file) on its stack.
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclFn = new Map<string, number>();
const inclFile = new Map<string, number>();
let sandbox = 0;
for (const [id, us] of self) {
  if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
  const seenFn = new Set<string>();
  const seenFile = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur)!;
    const f = where(n.callFrame.url);
    if (f.startsWith('dist/') || f.startsWith('src/') || f.startsWith('sandbox/')) seenFn.add(`${n.callFrame.functionName || '(anon)'} ${f}:${n.callFrame.lineNumber + 1}`);
    seenFile.add(f);
  }
  for (const k of seenFn) inclFn.set(k, (inclFn.get(k) ?? 0) + us);
  for (const k of seenFile) inclFile.set(k, (inclFile.get(k) ?? 0) + us);
  if ([...seenFile].some((f) => f.includes('sandbox/'))) sandbox += us;
}
const busy = total - [...self].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);
console.log(`busy ${(busy / 1000).toFixed(0)} ms; samples with a sandbox/ frame on the stack: ${(sandbox / 1000).toFixed(0)} ms (${((100 * sandbox) / busy).toFixed(1)}% of busy; timers and I/O callbacks are not attributed)`);
show('inclusive time by project function', inclFn);
show('inclusive time by file / package', inclFile);
show('self time by function', fn);
show('self time by file / package', files);
