/**
 * The load generator of bench/http, run as its own process by http.bench.ts: BENCH_CLIENTS
 * clients on keep-alive node:http connections. Each registers and logs in, and the staff
 * accounts log in (all at once, then a barrier); then each client runs cases of the scenario
 * (scenarios.ts) until BENCH_CASES per client or BENCH_DURATION_S have passed, while a probe
 * (lag.ts) times `?after=` reads against plain ones for the read-your-writes lag.
 *
 * Prints one JSON line (raw latencies summarised, counts, its own CPU time) on stdout; progress
 * and the first failures on stderr. Kept cheap: no JSON parsing but of the answers it needs.
 */
import { performance } from 'node:perf_hooks';
import { businessNumberFrom } from './business-number';
import { Http, KINDS, json } from './client';
import { ReadYourWritesLag } from './lag';
import { filing, lifecycle, type CaseActors } from './scenarios';
import { CUSTOMS_ID, STAFF_PASSWORD, reviewerId } from './staff';
import { summary } from './summary';

const BASE = new URL(required('BENCH_URL'));
const SCENARIO = process.env.BENCH_SCENARIO ?? 'lifecycle';
if (SCENARIO !== 'filing' && SCENARIO !== 'lifecycle') throw new Error('BENCH_SCENARIO must be filing or lifecycle');
const runCase = SCENARIO === 'filing' ? filing : lifecycle;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const REVIEWERS = SCENARIO === 'lifecycle' ? Number(process.env.BENCH_REVIEWERS ?? 8) : 0;
const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const DURATION_MS = Number(process.env.BENCH_DURATION_S ?? 60) * 1000;
const STATUS_READS = Number(process.env.BENCH_STATUS_READS ?? 1);
const LAG_PROBES = Number(process.env.BENCH_LAG_PROBES ?? 4);
const PREFIX_BASE = Number(process.env.BENCH_PREFIX_BASE ?? 1_000_000);
const PASSWORD = 'correct horse battery staple';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

function log(message: string): void {
  process.stderr.write(`[bench:http] ${message}\n`);
}

const lag = new ReadYourWritesLag(BASE, LAG_PROBES);
const http = new Http(BASE, CLIENTS, lag.noteCommand, log);
let casesDone = 0;

async function login(businessId: string, password: string): Promise<string | null> {
  const answer = await http.timed('login', 'POST', '/auth/login', json(), JSON.stringify({ businessId, password }));
  return answer ? (JSON.parse(answer.body) as { token: string }).token : null;
}

async function signUp(client: number): Promise<{ businessId: string; token: string } | null> {
  const businessId = businessNumberFrom(PREFIX_BASE + client);
  const registration = JSON.stringify({
    businessId, kind: 'COMPANY', name: `Bench Trading ${client} Co., Ltd.`, email: `bench-${businessId}@example.com`, password: PASSWORD,
  });
  if (!(await http.timed('register', 'POST', '/auth/register', json(), registration))) return null;
  const token = await login(businessId, PASSWORD);
  return token ? { businessId, token } : null;
}

/** The staff a client acts as for its n-th case: reviewers rotate, the second always another (R-REV-3). */
function actorsOf(client: number, n: number, applicant: { businessId: string; token: string }, staff: { reviewers: string[]; customs: string }): CaseActors {
  if (REVIEWERS === 0) return { client, applicant, initialReviewer: '', secondReviewer: '', customs: '' };
  const initial = (client + n) % REVIEWERS;
  return { client, applicant, initialReviewer: staff.reviewers[initial], secondReviewer: staff.reviewers[(initial + 1) % REVIEWERS], customs: staff.customs };
}

async function main(): Promise<void> {
  if (SCENARIO === 'lifecycle' && REVIEWERS < 2) throw new Error('BENCH_REVIEWERS must be at least 2: a case needs two reviewers (R-REV-3)');
  const cpuStart = process.cpuUsage();
  log(`scenario=${SCENARIO} clients=${CLIENTS} reviewers=${REVIEWERS} casesPerClient=${CASES} duration=${DURATION_MS / 1000}s statusReads=${STATUS_READS} url=${BASE.origin}`);

  const signUpStart = performance.now();
  const [applicants, reviewers, customs] = await Promise.all([
    Promise.all(Array.from({ length: CLIENTS }, (_, c) => signUp(c))),
    Promise.all(Array.from({ length: REVIEWERS }, (_, r) => login(reviewerId(r), STAFF_PASSWORD))),
    REVIEWERS > 0 ? login(CUSTOMS_ID, STAFF_PASSWORD) : Promise.resolve(''),
  ]);
  const signUpMs = performance.now() - signUpStart;
  const accounts = applicants.filter(Boolean).length;
  log(`signed up ${accounts}/${CLIENTS}${REVIEWERS ? `, staff signed in ${reviewers.filter(Boolean).length + (customs ? 1 : 0)}/${REVIEWERS + 1}` : ''} in ${(signUpMs / 1000).toFixed(1)} s`);
  if (reviewers.some((token) => !token) || customs === null) throw new Error('a staff account could not sign in');
  const staff = { reviewers: reviewers as string[], customs: customs as string };

  // Tells the bench the loop starts now (it samples the server's CPU from here on).
  process.stdout.write(`${JSON.stringify({ phase: 'loop' })}\n`);
  if (LAG_PROBES > 0) lag.start();
  const loopStart = performance.now();
  const deadline = loopStart + DURATION_MS;
  const progress = setInterval(() => {
    const s = (performance.now() - loopStart) / 1000;
    log(`${s.toFixed(0)} s: ${http.commands} commands (${Math.round(http.commands / s)}/s), ${http.gets} GETs, ${casesDone} cases, ${http.errors} errors`);
  }, 10_000);
  await Promise.all(
    applicants.map(async (applicant, client) => {
      if (!applicant) return;
      for (let n = 0; n < CASES && performance.now() < deadline; n++) {
        if (await runCase(http, actorsOf(client, n, applicant, staff), n, STATUS_READS)) casesDone++;
      }
    }),
  );
  const loopMs = performance.now() - loopStart;
  process.stdout.write(`${JSON.stringify({ phase: 'done' })}\n`);
  clearInterval(progress);
  await lag.stop();
  http.close();
  const cpu = process.cpuUsage(cpuStart);

  const latencies = http.latencies;
  const result = {
    scenario: SCENARIO,
    reviewers: REVIEWERS,
    signUp: { accounts, seconds: signUpMs / 1000, requests: latencies.get('register')!.length + latencies.get('login')!.length },
    loop: { seconds: loopMs / 1000, cases: casesDone, commands: http.commands, gets: http.gets },
    latencyMs: Object.fromEntries(KINDS.filter((k) => latencies.get(k)!.length > 0).map((k) => [k, summary(latencies.get(k)!)])),
    lagMs: LAG_PROBES > 0 ? lag.summary() : null,
    non2xx: http.non2xx,
    errors: http.errors,
    failures: http.failures,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  log(`load generator failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
