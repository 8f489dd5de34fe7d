import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { SqliteEventStore, verifyIntegrity } from '@shtc/event-store';
import { FIVE_DOCUMENTS, PASSWORD, registerAndLogin, standardBody, upload, type Answer } from '@shtc/testing';
import { samplePdf } from '../../libs/attachments/src/testing/sample-files';
import { Acknowledged } from './support/disk-acknowledged';
import { hasUtilLinux, limitFileSize, startDiskServer, type DiskServer, type LogLine } from './support/disk-server';

/**
 * Issue 12, reliability item 4: the disk fills up, or the data directory becomes read-only,
 * under a running service. Commands answer 503 problem+json (never 500), the failure is logged
 * once (not once a request), nothing acknowledged is lost, and commands succeed again once the
 * disk takes writes, without a restart where the service can manage it.
 *
 * No root here to mount a small file system, so the service runs as a process of its own and:
 * - disk full: its RLIMIT_FSIZE is lowered to 1 byte (`prlimit --pid`), so every write that
 *   would grow any file fails with EFBIG, as on a full disk (ENOSPC): SQLite reports
 *   SQLITE_FULL or SQLITE_IOERR_WRITE, the file store EFBIG. Raising the limit is the space
 *   coming back. Node ignores SIGXFSZ, so the process is not killed by it.
 * - read-only: its data directory is made read-only (chmod -R a-w; as root the service runs as
 *   `nobody`, since root ignores permissions). Linux checks permissions when a file is opened:
 *   the SQLite files the service holds open stay writable to it, so commands go on; what it must
 *   open or create now (uploads under files/, files.sqlite's writer when first needed, mail)
 *   fails with EACCES or SQLITE_READONLY, and works again once the directory is writable.
 *   Restarted on a read-only directory, SQLite opens its files read-only: reads are served,
 *   commands answer 503, and once the directory is writable again it takes a restart (SQLite
 *   shares one read-only view of a file's -shm among all the process's connections to it while
 *   any is open, and the stores hold theirs for the process's life). After a clean stop (no -wal
 *   and -shm files left) it does not start on a read-only directory at all, and says why.
 */
const runnable = hasUtilLinux();
const maybe = runnable ? describe : describe.skip;
if (!runnable) console.warn('disk-full.spec: prlimit or setpriv (util-linux) is missing: skipped');

/**
 * Run as root, the read-only test starts the service as nobody, which must be able to reach this
 * checkout: a clone under a private directory (mktemp -d is 0700, as CI's fresh clone) it cannot.
 */
function reachableByOthers(path: string): boolean {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dirname(dir) === dir) return true;
  }
}
const asNobody = process.getuid?.() === 0;
const readOnlyIt = !asNobody || reachableByOthers(__dirname) ? it : it.skip;
if (asNobody && !reachableByOthers(__dirname)) {
  console.warn(`disk-full.spec: the read-only test runs the service as nobody, who cannot reach ${__dirname} (a directory on the way is not o+x): skipped`);
}

const large = (title: string) => Buffer.concat([samplePdf(title), Buffer.from(`%${'x'.repeat(200_000)}\n`)]);
/** A 503 as api.md's problems are: problem+json, with Retry-After. */
const unavailable = (answer: { status: number; headers: Headers; body: any }) => ({
  status: answer.status,
  type: answer.headers.get('content-type')?.split(';')[0],
  retryAfter: answer.headers.get('retry-after'),
  problemStatus: answer.body?.status,
});
const UNAVAILABLE = { status: 503, type: 'application/problem+json', retryAfter: expect.stringMatching(/^\d+$/), problemStatus: 503 };
const errorsAmong = (logs: LogLine[]) => logs.filter((line) => line.level >= 50);

maybe('a full disk, and a read-only data directory', () => {
  // Each test starts the service two or three times, and waits for its projections to catch up after the failure.
  jest.setTimeout(60_000);
  const dirs: string[] = [];
  let server: DiskServer | null = null;
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'shtc-disk-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    await server?.stop();
    server = null;
  });
  afterAll(() => {
    for (const dir of dirs) {
      execFileSync('chmod', ['-R', 'u+w', dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers commands 503 while the disk is full, logs it once, loses nothing it acknowledged, and takes commands again once space is back', async () => {
    const dir = dataDir();
    server = await startDiskServer(dir);
    const acknowledged = new Acknowledged();
    const applicant = await registerAndLogin(server.http);
    acknowledged.tokens.push(applicant.token);
    const token = applicant.token;
    const s = server;

    const first = await s.http.post('/applications', standardBody(), { token });
    acknowledged.filed(first);
    const caseNo: string = first.body.caseNo;
    for (const type of FIVE_DOCUMENTS.slice(0, 4)) {
      const content = samplePdf(`${type} of ${caseNo}`);
      acknowledged.uploaded(caseNo, content, await upload(s.baseUrl, token, caseNo, type, content));
    }
    expect(acknowledged.attachments).toHaveLength(4);

    // Commands in flight when the disk fills: each is acknowledged (and kept) or answered 503 (or
    // 409: the uploads race on one case's stream, and one may lose three times).
    const burst: Array<Promise<{ answer: Answer | { status: number; headers: Headers; body: any }; note: () => void }>> = [];
    for (let i = 0; i < 12; i++) {
      burst.push(s.http.post('/applications', standardBody(), { token, headers: { 'idempotency-key': `burst-${i}` } }).then((answer) => ({ answer, note: () => acknowledged.filed(answer) })));
      const content = samplePdf(`burst upload ${i}`);
      burst.push(upload(s.baseUrl, token, caseNo, 'OTHER', content).then((answer) => ({ answer, note: () => acknowledged.uploaded(caseNo, content, answer) })));
    }
    await Promise.race(burst);
    const logsBefore = s.logs.length;
    limitFileSize(s.pid, 1);
    const burstAnswers = await Promise.all(burst);
    for (const { answer, note } of burstAnswers) {
      if (answer.status >= 200 && answer.status < 300) note();
      else if (answer.status !== 409 || answer.body.rule !== undefined) expect(unavailable(answer)).toEqual(UNAVAILABLE);
    }
    const refusedFilings = burstAnswers.flatMap(({ answer }, i) => (i % 2 === 0 && answer.status === 503 ? [i / 2] : []));

    // While it is full: every kind of command, each 503 problem+json.
    const keyed = { 'idempotency-key': 'file-while-full' };
    const last = samplePdf(`END_USER_INTRODUCTION of ${caseNo}`);
    const whileFull = {
      file: await s.http.post('/applications', standardBody(), { token, headers: keyed }),
      upload: await upload(s.baseUrl, token, caseNo, 'END_USER_INTRODUCTION', last),
      largeUpload: await upload(s.baseUrl, token, caseNo, 'CATALOGUE', large(`catalogue of ${caseNo}`)),
      edit: await s.http.put(`/applications/${caseNo}`, standardBody({ destination: 'FR' }), { token }),
      draft: await s.http.put('/drafts/current', { note: 'half a case' }, { token }),
      login: await s.http.post('/auth/login', { businessId: applicant.businessId, password: PASSWORD }),
    };
    for (const [what, answer] of Object.entries(whileFull)) expect({ what, ...unavailable(answer) }).toEqual({ what, ...UNAVAILABLE });
    // Reads go on.
    expect((await s.http.get(`/applications/${caseNo}`, { token })).status).toBe(200);
    // The background work (projections, outbox) fails as well meanwhile: give it time to.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const outage = s.logs.slice(logsBefore);
    expect(errorsAmong(outage).map((line) => line.msg)).toEqual([expect.stringMatching(/^Storage unavailable \((SQLITE_FULL|SQLITE_IOERR\w*|EFBIG)\)/)]);

    // Space is back: the same service takes the same commands, the keyed one included.
    limitFileSize(s.pid, null);
    const again = await s.http.post('/applications', standardBody(), { token, headers: keyed });
    expect(again.status).toBe(201);
    acknowledged.filed(again);
    // Each filing the full disk refused is taken when sent again under its key, once, though two
    // clients send it at once: one runs it, the other is told it is in progress, then replayed.
    for (const i of refusedFilings) {
      const send = () => s.http.post('/applications', standardBody(), { token, headers: { 'idempotency-key': `burst-${i}` } });
      const pair = await Promise.all([send(), send()]);
      expect(pair.map((answer) => answer.status).sort()).toEqual([201, 409]);
      const retried = pair.find((answer) => answer.status === 201)!;
      expect(retried.body).toMatchObject({ status: 'REGISTERED' });
      acknowledged.filed(retried);
      await new Promise((resolve) => setTimeout(resolve, 1000 * Number(pair.find((answer) => answer.status === 409)!.headers.get('retry-after'))));
      const replayed = await send();
      expect([replayed.status, replayed.headers.get('idempotent-replayed'), replayed.body]).toEqual([201, 'true', retried.body]);
    }
    acknowledged.uploaded(caseNo, last, await upload(s.baseUrl, token, caseNo, 'END_USER_INTRODUCTION', last));
    const submitted = await s.http.post(`/applications/${caseNo}/submit`, { endUse: 'Optical test benches for telecom research' }, { token });
    expect(submitted.status).toBe(200);
    acknowledged.submitted(caseNo, submitted);
    const login = await s.http.post('/auth/login', { businessId: applicant.businessId, password: PASSWORD });
    expect(login.status).toBe(200);
    acknowledged.tokens.push(login.body.token);
    expect(acknowledged.cases.get(caseNo)).toBe('INITIAL_REVIEW');
    expect(await acknowledged.missing(s, token)).toEqual([]);

    // And all of it is on disk: a restart gives it back, the hash chains whole.
    expect(await s.stop()).not.toBe(1);
    server = await startDiskServer(dir);
    expect(await acknowledged.missing(server, token)).toEqual([]);
    await server.stop();
    server = null;
    const events = new SqliteEventStore(join(dir, 'events.sqlite'));
    try {
      expect(await verifyIntegrity(events)).toMatchObject({ valid: true, broken: [] });
    } finally {
      await events.close();
    }
  });

  readOnlyIt('answers 503 for what it cannot write in a read-only data directory, takes it again once writable, and is restarted after starting read-only', async () => {
    const dir = dataDir();
    // Root ignores permissions: run the service as nobody, over a directory nobody owns.
    const uid = process.getuid?.() === 0 ? 65534 : undefined;
    if (uid !== undefined) chownSync(dir, uid, uid);
    server = await startDiskServer(dir, { uid });
    const s = server;
    const acknowledged = new Acknowledged();
    const applicant = await registerAndLogin(s.http);
    const token = applicant.token;
    acknowledged.tokens.push(token);
    const filed = await s.http.post('/applications', standardBody(), { token });
    acknowledged.filed(filed);
    const caseNo: string = filed.body.caseNo;
    // Only a large file so far: files.sqlite (small files) is not written yet.
    const catalogue = large(`catalogue of ${caseNo}`);
    acknowledged.uploaded(caseNo, catalogue, await upload(s.baseUrl, token, caseNo, 'CATALOGUE', catalogue));

    const logsBefore = s.logs.length;
    execFileSync('chmod', ['-R', 'a-w', dir]);
    // A file above 128 KB is a new file under files/; a small one needs files.sqlite opened for
    // writing, which it now cannot be: both refused as unavailable, not as a fault.
    const transaction = large(`transaction document of ${caseNo}`);
    const assurance = samplePdf(`END_USE_ASSURANCE of ${caseNo}`);
    expect(unavailable(await upload(s.baseUrl, token, caseNo, 'TRANSACTION_DOCUMENT', transaction))).toEqual(UNAVAILABLE);
    expect(unavailable(await upload(s.baseUrl, token, caseNo, 'END_USE_ASSURANCE', assurance))).toEqual(UNAVAILABLE);
    expect(unavailable(await upload(s.baseUrl, token, caseNo, 'TRANSACTION_DOCUMENT', large(`another of ${caseNo}`)))).toEqual(UNAVAILABLE);
    // The SQLite files it holds open take writes still (permissions are checked on open).
    const second = await s.http.post('/applications', standardBody(), { token });
    expect(second.status).toBe(201);
    acknowledged.filed(second);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(errorsAmong(s.logs.slice(logsBefore)).map((line) => line.msg)).toEqual([expect.stringMatching(/^Storage unavailable \(EACCES\)/)]);

    // Writable again: the same uploads are taken, without a restart.
    execFileSync('chmod', ['-R', 'u+w', dir]);
    acknowledged.uploaded(caseNo, transaction, await upload(s.baseUrl, token, caseNo, 'TRANSACTION_DOCUMENT', transaction));
    acknowledged.uploaded(caseNo, assurance, await upload(s.baseUrl, token, caseNo, 'END_USE_ASSURANCE', assurance));
    expect(acknowledged.attachments).toHaveLength(3);
    expect(await acknowledged.missing(s, token)).toEqual([]);

    // Restarted while the directory is read-only (SQLite could not remove its -wal and -shm
    // files on the way out): it opens its files read-only. Reads are served, commands answer 503.
    execFileSync('chmod', ['-R', 'a-w', dir]);
    await s.stop();
    server = await startDiskServer(dir, { uid });
    const readOnly = server;
    expect(await acknowledged.missing(readOnly, token)).toEqual([]);
    const affidavit = samplePdf(`RED_FLAG_AFFIDAVIT of ${caseNo}`);
    expect(unavailable(await readOnly.http.post('/applications', standardBody(), { token }))).toEqual(UNAVAILABLE);
    expect(unavailable(await upload(readOnly.baseUrl, token, caseNo, 'RED_FLAG_AFFIDAVIT', affidavit))).toEqual(UNAVAILABLE);
    expect(await readOnly.http.get('/health/ready')).toMatchObject({ status: 503, body: { status: 503, fileStore: 'down', projections: expect.any(Array) } });
    expect(errorsAmong(readOnly.logs).map((line) => line.msg)).toEqual([expect.stringMatching(/^Storage unavailable \(SQLITE_READONLY\w*\)/)]);
    // Once writable, it needs a restart: SQLite keeps one view of a file's -shm for all the
    // process's connections to it, read-only while any of them is open (the stores hold theirs
    // for the process's life), so even a connection opened afresh cannot write.
    execFileSync('chmod', ['-R', 'u+w', dir]);
    expect(unavailable(await readOnly.http.post('/applications', standardBody(), { token }))).toEqual(UNAVAILABLE);
    await readOnly.stop();
    server = await startDiskServer(dir, { uid });
    const third = await server.http.post('/applications', standardBody(), { token });
    expect(third.status).toBe(201);
    acknowledged.filed(third);
    acknowledged.uploaded(caseNo, affidavit, await upload(server.baseUrl, token, caseNo, 'RED_FLAG_AFFIDAVIT', affidavit));
    expect(acknowledged.attachments).toHaveLength(4);
    expect(await acknowledged.missing(server, token)).toEqual([]);

    // Stopped cleanly (SQLite removes its -wal and -shm files), a read-only directory does not
    // start at all: SQLite cannot create them again. It exits, naming why.
    await server.stop();
    server = null;
    execFileSync('chmod', ['-R', 'a-w', dir]);
    await expect(startDiskServer(dir, { uid })).rejects.toThrow(/exited \(1\)[\s\S]*readonly database/);
  });
});
