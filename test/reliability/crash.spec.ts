/**
 * Crash (issue 12, reliability item 1): the built server under the lifecycle load of bench/http,
 * killed with SIGKILL at random moments and started again on the same data each time, while its
 * clients go on as real ones do (every command under an Idempotency-Key; one whose answer a kill
 * cut is sent again, identical, once the server answers). Then:
 *
 * - every command answered 2xx has its events in the log;
 * - no stream has a gap or a broken chain (`verify-integrity` exits 0), and every case stream is
 *   a legal sequence, each command whole and once (its events folded through the case decider's
 *   `evolve`, each one's command open by the transition table in the state before it);
 * - every approval's licence was opened, once; no case or licence number was handed out twice;
 * - the read models, caught up, equal a rebuild from the log (`rebuild-projections` on a copy of
 *   the data), collection by collection;
 * - every status-change mail arrived at a real SMTP server. The outbox is at-least-once: it marks
 *   a message SENT only after the SMTP server accepted it, so a kill between the two sends it
 *   again, and no SMTP exchange can make that exactly-once. Hence "no Message-ID lost; repeats
 *   only with the same Message-ID (the event id), at most OUTBOX_CONCURRENCY per kill, and those
 *   among the last messages received before the kill" (the sender has that many messages in the
 *   SMTP server's hands at once, so that many at most are in that window when the process dies).
 *
 * CI runs a short load with 3 kills; the soak is the same test with more: CRASH_KILLS (3),
 * CRASH_CLIENTS (4), CRASH_REVIEWERS (2), CRASH_MIN_MS / CRASH_MAX_MS (1500 / 4000: load between
 * a start and the next kill), CRASH_TAIL_MS (3000: load after the last restart),
 * CRASH_RESTART_KILL_PERCENT (30: how often a restart is killed again, 0 to 4 s into its start-up,
 * before the server starts for good), CRASH_SEED (random and printed: the same seed gives the
 * same kill moments, not the same interleaving), CRASH_KEEP (keep the data and the server's log),
 * CRASH_REPORT (a path for the figures as JSON; they are printed on stderr in any case). A soak of
 * about 4 minutes: CRASH_KILLS=15 CRASH_CLIENTS=6 CRASH_MIN_MS=200 CRASH_MAX_MS=3000
 * CRASH_RESTART_KILL_PERCENT=50. `npm test` builds first; alone: `npm run build`, then
 * `npx jest --selectProjects reliability -- test/reliability/crash.spec.ts`.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStaff } from '../../bench/http/staff';
import { CLI, requireBuiltCli, runBuilt } from '../support/cli';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { CrashTolerantHttp } from './support/crash-client';
import { CrashLoad } from './support/crash-load';
import { duplicateNumbers, missingAcknowledged, readLog, streamProblems } from './support/crash-log-checks';
import { OUTBOX_CONCURRENCY } from '@shtc/notifications';
import { expectedMessageIds, repeatsOutsideKillWindow, tallyMail } from './support/crash-mail';
import { compareDigests, digestProjections } from './support/crash-projections';
import { CrashServer, freePort } from './support/crash-server';

function intFromEnv(name: string, fallback: number, min = 0): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}`);
  return value;
}

const KILLS = intFromEnv('CRASH_KILLS', 3);
const CLIENTS = intFromEnv('CRASH_CLIENTS', 4, 1);
const REVIEWERS = intFromEnv('CRASH_REVIEWERS', 2, 2);
const MIN_MS = intFromEnv('CRASH_MIN_MS', 1500);
const MAX_MS = Math.max(intFromEnv('CRASH_MAX_MS', 4000), MIN_MS);
const TAIL_MS = intFromEnv('CRASH_TAIL_MS', 3000);
const SEED = intFromEnv('CRASH_SEED', Math.floor(Math.random() * 2 ** 31));
/** How often a restart is itself killed, 0 to 4 s into its start-up (percent). */
const RESTART_KILL_PERCENT = intFromEnv('CRASH_RESTART_KILL_PERCENT', 30);

/** mulberry32: the kill moments repeat with the seed (what the server is doing then does not). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const started = Date.now();
const log = (message: string) => process.stderr.write(`[crash] ${((Date.now() - started) / 1000).toFixed(1)} s: ${message}\n`);

/** Polls until `check` answers true, or fails naming `what`. */
async function waitUntil(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(200);
  }
}

describe('the server killed with SIGKILL under load', () => {
  let dir: string;
  let sink: SmtpSink;
  let server: CrashServer | undefined;

  beforeAll(() => {
    requireBuiltCli();
    dir = mkdtempSync(join(tmpdir(), 'shtc-crash-'));
  });

  afterAll(async () => {
    await server?.kill();
    await sink?.stop();
    if (dir && !process.env.CRASH_KEEP) rmSync(dir, { recursive: true, force: true });
  });

  // Staff creation, KILLS + 1 starts (≈ 4 s each on a loaded machine) and some killed, the load, the mail, the checks.
  const budgetMs = 90_000 + (KILLS + 1) * 20_000 + KILLS * (MAX_MS + 4000) + TAIL_MS;

  it(
    'loses no acknowledged command, event, mail or number, and its read models equal a rebuild',
    async () => {
      const next = random(SEED);
      log(`seed=${SEED} kills=${KILLS} clients=${CLIENTS} reviewers=${REVIEWERS} between kills ${MIN_MS}-${MAX_MS} ms, tail ${TAIL_MS} ms; data in ${dir}`);
      const dataDir = join(dir, 'data');
      sink = await startSmtpSink();
      await createStaff(dataDir, REVIEWERS, CLI);
      server = new CrashServer({ dataDir, port: await freePort(), env: { SMTP_URL: sink.url, LOG_LEVEL: 'warn' }, logFile: join(dir, 'server.log') });
      await server.start();
      log('staff created, server started');

      const http = new CrashTolerantHttp(new URL(server.url), CLIENTS * 2, `crash-${SEED}`, log);
      const load = new CrashLoad(http, { clients: CLIENTS, reviewers: REVIEWERS, prefixBase: 3_000_000 + (SEED % 1_000_000) });
      let loopStarted!: () => void;
      const looping = new Promise<void>((resolve) => (loopStarted = resolve));
      const running = load.run(loopStarted);
      await Promise.race([looping, running]);

      const kills: Array<{ afterMs: number; commandsAcknowledged: number; mailsReceived: number }> = [];
      const restartKills: number[] = [];
      /** How many mails the sink held as each kill ended (restarts' too), to place repeats. */
      const mailAtKills: number[] = [];
      for (let k = 0; k < KILLS; k++) {
        const afterMs = Math.round(MIN_MS + next() * (MAX_MS - MIN_MS));
        await sleep(afterMs);
        await server.kill();
        kills.push({ afterMs, commandsAcknowledged: http.acknowledged.length, mailsReceived: sink.received.length });
        mailAtKills.push(sink.received.length);
        log(`kill ${k + 1}/${KILLS} after ${afterMs} ms: ${http.acknowledged.length} commands acknowledged so far`);
        if (next() * 100 < RESTART_KILL_PERCENT) {
          const intoStartMs = Math.round(next() * 4000);
          await server.startAndKill(intoStartMs);
          restartKills.push(intoStartMs);
          mailAtKills.push(sink.received.length);
          log(`restart killed ${intoStartMs} ms into its start-up`);
        }
        await server.start();
      }
      await sleep(TAIL_MS);
      load.stop();
      const figures = await running;
      http.close();
      log('load stopped');

      // Caught up: every projection at the head, so the outbox holds every mail the log calls for.
      await waitUntil('projections caught up', async () => {
        const health = (await (await fetch(`${server!.url}/health/ready`)).json()) as { projections: Array<{ behind: string }> };
        return health.projections.every((p) => p.behind === '0');
      }, 30_000);
      const expected = expectedMessageIds(await readLog(dataDir));
      // The outbox sends one message at a time: wait while mail keeps arriving (what is missing then is lost).
      for (let seen = -1; seen !== sink.received.length && tallyMail(expected, sink.received).missing.length > 0; ) {
        seen = sink.received.length;
        await waitUntil('more mail', () => sink.received.length > seen || tallyMail(expected, sink.received).missing.length === 0, 15_000).catch(() => undefined);
      }
      await sleep(1000); // a repeat would come now, if at all
      await server.stop();
      log('mail in, server stopped');

      const events = await readLog(dataDir);
      const integrity = await runBuilt(CLI, ['verify-integrity'], { DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, 60_000);
      const { problems: streams, figures: streamFigures } = streamProblems(events);
      const mail = tallyMail(expectedMessageIds(events), sink.received);

      log('log read and verified');
      const live = await digestProjections(dataDir);
      const copy = join(dir, 'rebuilt');
      cpSync(dataDir, copy, { recursive: true });
      const rebuild = await runBuilt(CLI, ['rebuild-projections'], { DATA_DIR: copy, LOG_LEVEL: 'silent' }, 120_000);
      const projections = rebuild.code === 0 ? compareDigests(live, await digestProjections(copy)) : [`rebuild-projections exited ${rebuild.code}: ${rebuild.stderr}`];

      log('projections rebuilt and compared');
      const report = {
        seed: SEED,
        kills: kills.length,
        restartsKilledAtMs: restartKills,
        clients: CLIENTS,
        serverStartsMs: server.startMs,
        cases: { started: figures.casesStarted, completed: figures.casesDone, ...streamFigures },
        commands: {
          acknowledged: http.acknowledged.length,
          answersCutByKills: http.cutAnswers,
          acknowledgedAfterResend: http.acknowledged.filter((a) => a.cut > 0).length,
          // Retries that took over the Idempotency-Key claim of an attempt a kill cut short (the server logs each).
          resumedAfterKill: (readFileSync(join(dir, 'server.log'), 'utf8').match(/whose process ended before it answered/g) ?? []).length,
          replayed: http.acknowledged.filter((a) => a.replayed).length,
          retries: http.retries,
          unexpectedAnswers: http.errors,
          stuckInProgress: http.stuck.length,
        },
        events: events.length,
        mail: { expected: mail.expected, received: mail.received, missing: mail.missing.length, unexpected: mail.unexpected.length, repeated: mail.duplicates },
        projections: { collections: live.length, documents: live.reduce((n, c) => n + c.documents, 0), differing: projections.length },
        killMoments: kills,
      };
      log(JSON.stringify(report));
      if (process.env.CRASH_REPORT) writeFileSync(process.env.CRASH_REPORT, `${JSON.stringify(report, null, 2)}\n`);

      // Every finding at once, so one run shows them all.
      expect({
        unexpectedAnswers: http.failures,
        stuckInProgress: http.stuck,
        acknowledgedWithoutEvents: missingAcknowledged(http.acknowledged, events),
        verifyIntegrity: { code: integrity.code, stderr: integrity.stderr },
        streams,
        numbersAnsweredTwice: duplicateNumbers(http.acknowledged),
        projectionsUnlikeRebuild: projections,
        mailMissing: mail.missing,
        mailNotInLog: mail.unexpected,
        // At-least-once with a stable Message-ID: a repeat is the same message again, at most the messages in flight a kill.
        mailRepeatedMoreThanOnce: mail.duplicates.filter((d) => d.times > 2),
        mailRepeatsBeyondInFlightPerKill: Math.max(0, mail.duplicates.length - OUTBOX_CONCURRENCY * (kills.length + restartKills.length)),
        mailRepeatsNotNextToAKill: repeatsOutsideKillWindow(sink.received, mail.duplicates, mailAtKills),
      }).toEqual({
        unexpectedAnswers: [],
        stuckInProgress: [],
        acknowledgedWithoutEvents: [],
        verifyIntegrity: { code: 0, stderr: '' },
        streams: [],
        numbersAnsweredTwice: [],
        projectionsUnlikeRebuild: [],
        mailMissing: [],
        mailNotInLog: [],
        mailRepeatedMoreThanOnce: [],
        mailRepeatsBeyondInFlightPerKill: 0,
        mailRepeatsNotNextToAKill: [],
      });
      expect(figures.casesDone).toBeGreaterThan(0);
    },
    budgetMs,
  );
});
