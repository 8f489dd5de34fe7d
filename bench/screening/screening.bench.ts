/**
 * Screening at submission against a large list: 20,000 entries with two aliases each (60,000
 * names), built from random syllables and company words. Prints one JSON line: time to compile
 * the list, and per-case screening latency (buyer, consignee, end user and its Chinese name).
 * `npm run build && npm run bench:screening` (BENCH_ENTRIES to change the size).
 */
import { ScreeningIndex, parseScreeningList, screenApplication } from '@shtc/screening';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 20_000);
const CASES = Number(process.env.BENCH_CASES ?? 2_000);
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

const latencies: number[] = [];
let hits = 0;
for (let i = 0; i < CASES; i++) {
  // One case in ten names a listed party, with one letter changed.
  const buyer = i % 10 === 0 ? pick(listed).replace(/[aeiou]/, 'y') : company();
  const application = { buyer: party(buyer), consignee: party(company()), endUser: { ...party(company()), nameZh: hanName() } };
  const started = performance.now();
  hits += screenApplication(application, index).hits.length;
  latencies.push(performance.now() - started);
}
latencies.sort((a, b) => a - b);
const at = (q: number) => Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(3));
console.log(
  JSON.stringify({
    bench: 'screening',
    entries: version.entries.length,
    names: index.size,
    parseMs: Math.round(t1 - t0),
    compileMs: Math.round(t2 - t1),
    cases: CASES,
    caseP50Ms: at(0.5),
    caseP99Ms: at(0.99),
    casesPerSecond: Math.round(CASES / (latencies.reduce((a, b) => a + b, 0) / 1000)),
    hitsPerCase: Number((hits / CASES).toFixed(2)),
    heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  }),
);
