/**
 * Where a V8 CPU profile's time went (the main thread of the server under `BENCH_CPU_PROF`):
 * self time by function and by package, and inclusive time of named frames.
 *
 *   node dist/bench/http/cpu-profile.js PROFILE.cpuprofile [frameName ...]
 *
 * Self time is summed from `samples` and `timeDeltas`; a frame's inclusive time counts each
 * sample once even when the frame recurses.
 */
import { readFileSync } from 'node:fs';

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

const [file, ...frames] = process.argv.slice(2);
if (!file) throw new Error('usage: cpu-profile.js PROFILE.cpuprofile [frameName ...]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const selfUs = new Map<number, number>();
let totalUs = 0;
profile.samples.forEach((id, i) => {
  // timeDeltas[i] is the time before sample i; attribute it to that sample.
  const delta = profile.timeDeltas[i] ?? 0;
  selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  totalUs += delta;
});

function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return 'node:internal';
  const ours = /\/dist\/((?:apps|libs|projections)\/[^/]+)/.exec(url);
  return ours ? ours[1] : url;
}

const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const pkg = packageOf(url, functionName);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}

const pct = (us: number) => `${((100 * us) / totalUs).toFixed(1).padStart(5)} %`;
const top = (map: Map<string, number>, n: number) =>
  [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `${pct(us)}  ${(us / 1e6).toFixed(2).padStart(7)} s  ${k}`);

console.log(`total ${(totalUs / 1e6).toFixed(1)} s of samples`);
console.log('\nself time by package:');
console.log(top(byPackage, 25).join('\n'));
console.log('\nself time by function:');
console.log(top(byFunction, 40).join('\n'));

if (frames.length > 0) {
  console.log('\ninclusive time of frames:');
  for (const name of frames) {
    let us = 0;
    profile.samples.forEach((id, i) => {
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        if (byId.get(at)!.callFrame.functionName === name) {
          us += profile.timeDeltas[i] ?? 0;
          break;
        }
      }
    });
    console.log(`${pct(us)}  ${(us / 1e6).toFixed(2).padStart(7)} s  ${name}`);
  }
}
