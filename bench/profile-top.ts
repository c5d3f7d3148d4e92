/**
 * Reads a V8 CPU profile (`npm run bench -- --profile DIR` writes the server's) and prints the
 * functions with the most self time, and the most inclusive time, with their share of samples:
 * `node bench/profile-top.ts DIR/xxx.cpuprofile [N] [LAST_S]` (LAST_S: only the last seconds of
 * the profile, e.g. the measured step without the server's start-up).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/profile-top.ts <file.cpuprofile> [N]');
const top = Number(process.argv[3] ?? 40);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const lastS = Number(process.argv[4] ?? 0);
const at: number[] = [];
profile.timeDeltas.reduce((t, d, i) => (at[i] = t + d), 0);
const from = lastS > 0 ? (at.at(-1) ?? 0) - lastS * 1e6 : -Infinity;
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  if ((at[i] ?? 0) < from) return;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const label = (n: ProfileNode) => {
  const f = n.callFrame;
  const where = f.url
    ? `${path.basename(f.url.replace(/^file:\/\//, ''))}:${f.lineNumber + 1}`
    : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
};
const self = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
let idle = 0;
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  all += us;
  if (n.callFrame.functionName === '(idle)') idle += us;
  self.set(label(n), (self.get(label(n)) ?? 0) + us);
  // Inclusive: once per distinct label on the stack.
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur)!);
    if (seen.has(l)) continue;
    seen.add(l);
    total.set(l, (total.get(l) ?? 0) + us);
  }
}
const busy = all - idle;
const show = (title: string, m: Map<string, number>) => {
  console.log(
    `\n${title} (of ${(busy / 1000).toFixed(0)} ms busy, ${(idle / 1000).toFixed(0)} ms idle)`,
  );
  for (const [l, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(
      `${((100 * us) / busy).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${l}`,
    );
  }
};
show('self time', self);
show('inclusive time', total);
