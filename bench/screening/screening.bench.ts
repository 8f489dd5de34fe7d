/**
 * Screening at submission against a large list: 20,000 entries with two aliases each (60,000
 * names), built from random syllables and company words. Prints one JSON line: time to compile
 * the list, and per-case screening latency (buyer, consignee, end user and its Chinese name),
 * wall clock and CPU time of the thread (which a busy machine does not inflate).
 * `npm run build && npm run bench:screening` (BENCH_ENTRIES to change the size).
 *
 * The first BENCH_WARMUP cases (50) are screened and not measured.
 *
 * BENCH_BASELINE=N also screens the first N cases with the index as it was before prefix
 * filtering with counts (baseline-index.ts), alternating which goes first, checks that both
 * find the same hits with the same scores, and prints a second line for it.
 */
import type { Screening } from '@shtc/domain';
import { ScreeningIndex, parseScreeningList, screenApplication } from '@shtc/screening';
import { BaselineScreeningIndex } from './baseline-index';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 20_000);
const CASES = Number(process.env.BENCH_CASES ?? 2_000);
const BASELINE = Math.min(CASES, Number(process.env.BENCH_BASELINE ?? 0));
/** Cases screened first and not measured, so that the figures are of compiled code, not of the JIT warming up. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 50);
let seed = 42;
/** mulberry32: a small seeded generator, so every run screens the same names. */
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
const CONSONANTS = [...'bcdfghjklmnprstvwxz', 'sh', 'ch', 'th', 'kr', 'st', 'tr'];
const VOWELS = [...'aeiou', 'ai', 'ei', 'ou', 'ia'];
/** Syllables as real names have them (several hundred distinct letter pairs, as lists do). */
const syllable = () => pick(CONSONANTS) + pick(VOWELS) + (random() < 0.3 ? pick([...'nrlmsk']) : '');
const WORDS = ['Trading', 'Technology', 'Electronics', 'Industries', 'International', 'Optics', 'Systems', 'Engineering', 'Import Export'];
const SUFFIXES = ['Co., Ltd.', 'GmbH', 'LLC', 'Inc.', 'Limited', ''];
const word = () => Array.from({ length: 2 + Math.floor(random() * 2) }, syllable).join('');
const capital = (text: string) => text[0].toUpperCase() + text.slice(1);
const company = () => `${capital(word())} ${capital(word())} ${pick(WORDS)} ${pick(SUFFIXES)}`.trim();
/** Four of 2,000 common CJK ideographs, then a company form. */
const hanName = () => Array.from({ length: 4 }, () => String.fromCodePoint(0x4e00 + Math.floor(random() * 2000))).join('') + '有限公司';

const rows = ['name,aliases,country,source,listDate'];
const listed: string[] = [];
for (let i = 0; i < ENTRIES; i++) {
  const name = company();
  listed.push(name);
  rows.push(`"${name}","${company()};${hanName()}",CN,BENCH,2026-01-01`);
}
const csv = rows.join('\n');

const party = (name: string) => ({ name, address: 'x', country: 'DE' });
const t0 = performance.now();
const version = parseScreeningList(csv);
const t1 = performance.now();
const index = new ScreeningIndex([version]);
const t2 = performance.now();

const baseline = BASELINE > 0 ? new BaselineScreeningIndex([version]) : null;
const t3 = performance.now();

type Application = Parameters<typeof screenApplication>[0];
interface Timings {
  wall: number[];
  cpu: number[];
  hits: number;
}
const timings = (): Timings => ({ wall: [], cpu: [], hits: 0 });
const measured = { current: timings(), baseline: timings() };
const screen = (application: Application, index: ScreeningIndex, into: Timings): Screening => {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const screening = screenApplication(application, index);
  into.wall.push(performance.now() - started);
  into.cpu.push(process.cpuUsage(cpu).user / 1000);
  into.hits += screening.hits.length;
  return screening;
};
const sameHits = (a: Screening, b: Screening) => {
  const hits = (screening: Screening) => JSON.stringify(screening.hits.map((hit) => `${hit.hitId}@${hit.score}`).sort());
  return hits(a) === hits(b);
};

let differing = 0;
for (let i = -WARMUP; i < CASES; i++) {
  // One case in ten names a listed party, with one letter changed.
  const buyer = i % 10 === 0 ? pick(listed).replace(/[aeiou]/, 'y') : company();
  const application = { buyer: party(buyer), consignee: party(company()), endUser: { ...party(company()), nameZh: hanName() } };
  if (i < 0) {
    screenApplication(application, index);
    if (baseline) screenApplication(application, baseline as unknown as ScreeningIndex);
  } else if (baseline && i < BASELINE) {
    // The baseline index has the same shape where screenApplication looks (lists, match).
    const old = baseline as unknown as ScreeningIndex;
    const [first, second] = i % 2 === 0 ? [old, index] : [index, old];
    const a = screen(application, first, first === index ? measured.current : measured.baseline);
    const b = screen(application, second, second === index ? measured.current : measured.baseline);
    if (!sameHits(a, b)) differing++;
  } else screen(application, index, measured.current);
}

const at = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(3));
};
const summary = (timed: Timings) => ({
  cases: timed.wall.length,
  caseP50Ms: at(timed.wall, 0.5),
  caseP99Ms: at(timed.wall, 0.99),
  caseMaxMs: at(timed.wall, 1),
  caseCpuP50Ms: at(timed.cpu, 0.5),
  caseCpuP99Ms: at(timed.cpu, 0.99),
  casesPerSecond: Math.round(timed.wall.length / (timed.wall.reduce((a, b) => a + b, 0) / 1000)),
  hitsPerCase: Number((timed.hits / timed.wall.length).toFixed(2)),
});
console.log(
  JSON.stringify({
    bench: 'screening',
    entries: version.entries.length,
    names: index.size,
    parseMs: Math.round(t1 - t0),
    compileMs: Math.round(t2 - t1),
    ...summary(measured.current),
    heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  }),
);
if (baseline) {
  console.log(JSON.stringify({ bench: 'screening-baseline', compileMs: Math.round(t3 - t2), ...summary(measured.baseline), casesWithDifferentHits: differing }));
}
