import Database from 'better-sqlite3';
import { join } from 'node:path';
import {
  CLI,
  given,
  registerAndLogin,
  requireBuiltCli,
  runBuilt,
  seededCaseNo,
  staff,
  startApp,
  submittedCase,
  type Staff,
  type TestApp,
} from '@shtc/testing';

/**
 * GET /audit/integrity and `npm run cli -- verify-integrity` over the same SQLite file, changed
 * behind the running server's back as someone with access to the file would change it: each
 * names the stream and its first broken revision. Only auditors and admins may ask (R-ACC-5).
 */
describe('GET /audit/integrity', () => {
  beforeAll(requireBuiltCli);

  let t: TestApp;
  let auditor: Staff;
  let caseStream: string;
  beforeEach(async () => {
    t = await startApp();
    auditor = await staff(t, 'AUDITOR');
    const applicant = await registerAndLogin(t.http);
    const caseNo = seededCaseNo();
    // Revisions 0 to 6: CaseRegistered, five AttachmentAdded, ApplicationSubmitted.
    await given(t, submittedCase(caseNo, applicant, t.clock.now().toISOString()));
    caseStream = `case-${caseNo}`;
  });
  afterEach(() => t.close());

  /** Runs SQL on the server's event file through a connection of its own. */
  const onFile = <T>(change: (db: Database.Database) => T): T => {
    const db = new Database(join(t.dataDir, 'events.sqlite'));
    try {
      return change(db);
    } finally {
      db.close();
    }
  };
  const verifyByCli = (...args: string[]) => runBuilt(CLI, ['verify-integrity', ...args], { DATA_DIR: t.dataDir });

  it('answers valid for a store nobody changed, with what it checked, as the CLI does', async () => {
    const answer = await t.http.get('/audit/integrity', { token: auditor.token });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      valid: true,
      streams: expect.any(Number),
      events: expect.any(Number),
      broken: [],
      position: expect.stringMatching(/^\d+$/),
      checkedAt: t.clock.now().toISOString(),
    });
    // The auditor's account, the applicant's and the case at least.
    expect(answer.body.streams).toBeGreaterThanOrEqual(3);
    expect(answer.body.events).toBeGreaterThanOrEqual(9);

    const one = await t.http.get(`/audit/integrity?stream=${caseStream}`, { token: auditor.token });
    expect(one.body).toMatchObject({ valid: true, streams: 1, events: 7, broken: [] });

    const cli = await verifyByCli();
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain(`OK: ${answer.body.streams} streams, ${answer.body.events} events, 0 broken`);
  });

  it.each([
    {
      change: 'an event edited',
      revision: 2,
      reason: 'HASH_MISMATCH',
      tamper: (db: Database.Database, stream: string) =>
        db.prepare("UPDATE events SET data = json_set(data, '$.fileName', 'harmless.pdf') WHERE stream = ? AND revision = 2").run(stream),
    },
    {
      change: 'an event deleted from the middle',
      revision: 3,
      reason: 'REVISION_GAP',
      tamper: (db: Database.Database, stream: string) => db.prepare('DELETE FROM events WHERE stream = ? AND revision = 3').run(stream),
    },
    {
      change: 'the stream truncated at its end',
      revision: 5,
      reason: 'TRUNCATED',
      tamper: (db: Database.Database, stream: string) => db.prepare('DELETE FROM events WHERE stream = ? AND revision >= 5').run(stream),
    },
    {
      change: 'two events swapped',
      revision: 1,
      reason: 'PREV_HASH_MISMATCH',
      tamper: (db: Database.Database, stream: string) => {
        const read = db.prepare('SELECT type, data, metadata FROM events WHERE stream = ? AND revision = ?');
        const write = db.prepare('UPDATE events SET type = ?, data = ?, metadata = ? WHERE stream = ? AND revision = ?');
        const [one, four] = [1, 4].map((revision) => read.get(stream, revision) as { type: string; data: string; metadata: string });
        write.run(four.type, four.data, four.metadata, stream, 1);
        write.run(one.type, one.data, one.metadata, stream, 4);
      },
    },
  ])('reports $change, with the stream and its first broken revision, over HTTP and in the CLI', async ({ revision, reason, tamper }) => {
    const before = await t.http.get('/audit/integrity', { token: auditor.token });
    onFile((db) => tamper(db, caseStream));

    const answer = await t.http.get('/audit/integrity', { token: auditor.token });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ valid: false, streams: before.body.streams });
    expect(answer.body.broken).toEqual([expect.objectContaining({ stream: caseStream, revision, reason, message: expect.stringContaining(`revision`) })]);

    const one = await t.http.get(`/audit/integrity?stream=${encodeURIComponent(caseStream)}`, { token: auditor.token });
    expect(one.body).toMatchObject({ valid: false, streams: 1, broken: [{ stream: caseStream, revision, reason }] });

    const cli = await verifyByCli();
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`BROKEN ${caseStream} at revision ${revision} (${reason})`);
    expect(cli.stdout).toContain(`BROKEN: ${before.body.streams} streams`);
  }, 60_000);

  it('is for auditors and admins only', async () => {
    const admin = await staff(t, 'ADMIN');
    expect((await t.http.get('/audit/integrity', { token: admin.token })).status).toBe(200);
    for (const role of ['REVIEWER', 'CUSTOMS'] as const) {
      const other = await staff(t, role);
      const refused = await t.http.get('/audit/integrity', { token: other.token });
      expect(refused.status).toBe(403);
      expect(refused.body.rule).toBe('R-ACC-5');
    }
    const applicant = await registerAndLogin(t.http);
    expect((await t.http.get(`/audit/integrity?stream=${caseStream}`, { token: applicant.token })).status).toBe(403);
    expect((await t.http.get('/audit/integrity')).status).toBe(401);
  });

  it('answers 404 for a stream that does not exist, and the CLI exits 2', async () => {
    const answer = await t.http.get('/audit/integrity?stream=case-SHTC-1999-000001', { token: auditor.token });
    expect(answer.status).toBe(404);
    expect(answer.body.detail).toContain('No stream case-SHTC-1999-000001');
    const cli = await verifyByCli('--stream', 'case-SHTC-1999-000001');
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('No stream case-SHTC-1999-000001');
  });
});
