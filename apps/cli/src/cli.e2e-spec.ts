import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addWorkingDays, CALENDAR_RECHECK_MS, calendarYears, DateOutsideCalendarError } from '@shtc/reference-data';
import { API, CLI, PASSWORD, registerAndLogin, requireBuiltCli, runBuilt as run, startApp } from '@shtc/testing';
import { dgpaCsv } from '../../../libs/reference-data/src/testing/dgpa-csv';

describe('npm run cli', () => {
  beforeAll(requireBuiltCli);

  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'shtc-cli-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a staff account that logs in with its role, while the server runs', async () => {
    const t = await startApp({ dataDir });
    try {
      const created = await run(CLI, ['create-staff', '--role', 'REVIEWER', '--business-id', 'R001', '--name', 'Lin Mei-hua', '--email', 'lin@boft.example', '--password', PASSWORD], { DATA_DIR: dataDir });
      expect(created.code).toBe(0);
      expect(created.stdout).toContain('Created REVIEWER account R001');
      const login = await t.http.post('/auth/login', { businessId: 'R001', password: PASSWORD });
      expect(login.status).toBe(200);
      expect(login.body.role).toBe('REVIEWER');

      const twice = await run(CLI, ['create-staff', '--role', 'REVIEWER', '--business-id', 'R001', '--name', 'X', '--email', 'x@boft.example', '--password', PASSWORD], { DATA_DIR: dataDir });
      expect(twice.code).toBe(1);
      expect(twice.stderr).toContain('R-ACC-1');
    } finally {
      await t.stop();
    }
  });

  it('refuses a role that is not a staff role', async () => {
    const bad = await run(CLI, ['create-staff', '--role', 'APPLICANT', '--business-id', 'X1', '--name', 'X', '--email', 'x@boft.example', '--password', PASSWORD], { DATA_DIR: dataDir });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--role must be one of REVIEWER, AUDITOR, CUSTOMS, ADMIN');
  });

  it('verifies every hash chain, and names the stream and revision of an edited event', async () => {
    const t = await startApp({ dataDir });
    const { businessId, token } = await registerAndLogin(t.http);
    const agent = await registerAndLogin(t.http);
    await t.http.post('/agents/authorizations', { agentBusinessId: agent.businessId }, { token });
    await t.stop();

    const intact = await run(CLI, ['verify-integrity'], { DATA_DIR: dataDir });
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain('OK: 2 streams, 3 events, 0 broken');

    // Someone with access to the file rewrites history: the agent authorised becomes another.
    const db = new Database(join(dataDir, 'events.sqlite'));
    const changed = db
      .prepare("UPDATE events SET data = json_set(data, '$.agentBusinessId', '00000000') WHERE stream = ? AND revision = 1")
      .run(`account-${businessId}`);
    db.close();
    expect(changed.changes).toBe(1);

    const broken = await run(CLI, ['verify-integrity'], { DATA_DIR: dataDir });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`BROKEN account-${businessId} at revision 1 (HASH_MISMATCH)`);
    const other = await run(CLI, ['verify-integrity', '--stream', `account-${agent.businessId}`], { DATA_DIR: dataDir });
    expect(other.code).toBe(0);
  });

  it('rebuilds projections with a progress bar, and the server answers from the rebuilt ones', async () => {
    let t = await startApp({ dataDir });
    const applicant = await registerAndLogin(t.http);
    const agent = await registerAndLogin(t.http);
    const { body } = await t.http.post('/agents/authorizations', { agentBusinessId: agent.businessId }, { token: applicant.token });
    await t.stop();

    const rebuilt = await run(CLI, ['rebuild-projections', '--name', 'accounts'], { DATA_DIR: dataDir });
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr + rebuilt.stdout).toMatch(/accounts\s+\[=+\] 100% \| 3\/3 \| \d+ events\/s/);
    expect(rebuilt.stdout).toContain('accounts: rebuilt (version 2)');

    t = await startApp({ dataDir, clock: t.clock });
    try {
      const listed = await t.http.get(`/agents/authorizations?after=${body.position}`, { token: applicant.token });
      expect(listed.body.items).toEqual([expect.objectContaining({ agentBusinessId: agent.businessId })]);
    } finally {
      await t.stop();
    }
    const unknown = await run(CLI, ['rebuild-projections', '--name', 'nope'], { DATA_DIR: dataDir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('there are: accounts, case-status, licence-issue, review-queues, account-mail, case-mail, precedents, licence-register, shipment-history, audit-trail, statistics');
  });
});

describe('npm run cli -- load-calendar', () => {
  const saved = process.env.REFERENCE_DATA_DIR;
  let dataDir: string;
  let referenceDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'shtc-cli-'));
    referenceDir = mkdtempSync(join(tmpdir(), 'shtc-reference-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    if (saved === undefined) delete process.env.REFERENCE_DATA_DIR;
    else process.env.REFERENCE_DATA_DIR = saved;
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(referenceDir, { recursive: true, force: true });
  });

  it('loads a year of the DGPA CSV into REFERENCE_DATA_DIR, and working days then skip its days off', async () => {
    // A synthetic 2028 (not the DGPA's): Tuesday 4 January off, Saturday 15 January a working day.
    const csv = join(dataDir, 'dgpa-2028.csv');
    writeFileSync(csv, dgpaCsv(2028, { daysOff: { '2028-01-04': '測試假日' }, workingWeekendDays: { '2028-01-15': '補行上班' } }));
    const env = { DATA_DIR: dataDir, REFERENCE_DATA_DIR: referenceDir };

    // This process stands for a running server: it reads the calendar before the load.
    process.env.REFERENCE_DATA_DIR = referenceDir;
    expect(() => addWorkingDays('2028-01-03', 1)).toThrow(DateOutsideCalendarError);

    const loaded = await run(CLI, ['load-calendar', '--file', csv], env);
    expect(loaded.stderr).toBe('');
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toContain(`2028: added (1 weekday day off, 1 working weekend day; read as utf-8 with BOM) in ${join(referenceDir, 'taiwan-calendar.json')}, created from the shipped calendar`);
    expect(loaded.stdout).toContain('Years loaded: 2024, 2025, 2026, 2027, 2028');

    // Within CALENDAR_RECHECK_MS the running process counts with 2028, without a restart.
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + CALENDAR_RECHECK_MS);
    expect(calendarYears()).toEqual([2024, 2025, 2026, 2027, 2028]);
    expect(addWorkingDays('2028-01-03', 1)).toBe('2028-01-05'); // over the day off
    expect(addWorkingDays('2028-01-14', 1)).toBe('2028-01-15'); // onto the working Saturday
    expect(addWorkingDays('2027-12-30', 2)).toBe('2028-01-05'); // 31 December 2027 off, then the weekend, then 4 January

    const file = readFileSync(join(referenceDir, 'taiwan-calendar.json'), 'utf8');
    const again = await run(CLI, ['load-calendar', '--file', csv], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('2028: unchanged (1 weekday day off, 1 working weekend day); nothing written');
    expect(readFileSync(join(referenceDir, 'taiwan-calendar.json'), 'utf8')).toBe(file);
  }, 60_000);

  it('refuses a malformed file naming the line, and writes nothing', async () => {
    const csv = join(dataDir, 'dgpa-2028.csv');
    writeFileSync(csv, dgpaCsv(2028).replace('20280104,二,0,', '20280104,二,2,'));
    const refused = await run(CLI, ['load-calendar', '--file', csv], { DATA_DIR: dataDir, REFERENCE_DATA_DIR: referenceDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${csv}: line 5: 20280104 is a weekday off with no name in 備註; nothing was loaded`);
    expect(readdirSync(referenceDir)).toEqual([]);

    const unset = await run(CLI, ['load-calendar', '--file', csv], { DATA_DIR: dataDir, REFERENCE_DATA_DIR: '' });
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain('REFERENCE_DATA_DIR is not set');
  }, 60_000);
});

describe('configuration', () => {
  it('refuses to start with a bad value and says which and why', async () => {
    const started = await run(API, [], { PORT: 'eighty', EVENT_STORE: 'postgres', DATA_DIR: tmpdir() }, 10_000);
    expect(started.code).toBe(1);
    expect(started.stderr).toContain('Invalid configuration');
    expect(started.stderr).toContain('PORT must be a whole number');
    expect(started.stderr).toContain('EVENT_STORE must be sqlite or eventstoredb');
  });

  it('needs EVENTSTORE_URL when EVENT_STORE=eventstoredb, and never echoes URLs', async () => {
    const started = await run(API, [], { EVENT_STORE: 'eventstoredb', MONGODB_URL: 'http://secret:pw@x', DATA_DIR: tmpdir() }, 10_000);
    expect(started.code).toBe(1);
    expect(started.stderr).toContain('EVENTSTORE_URL must be a connection string');
    expect(started.stderr).not.toContain('secret:pw');
  });
});

describe('graceful shutdown', () => {
  it('closes the stores cleanly on SIGTERM (SQLite leaves no write-ahead log behind)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shtc-stop-'));
    const port = String(20_000 + (process.pid % 20_000));
    const server = spawn(process.execPath, [API], { env: { ...process.env, DATA_DIR: dataDir, PORT: port, LOG_LEVEL: 'silent' } });
    try {
      let up = false;
      for (let i = 0; i < 100 && !up; i++) {
        up = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
        if (!up) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(up).toBe(true);
      expect(readdirSync(dataDir)).toContain('events.sqlite-wal');
      const exited = new Promise<NodeJS.Signals | null>((resolve) => server.on('exit', (_, signal) => resolve(signal)));
      server.kill('SIGTERM');
      expect(await exited).toBe('SIGTERM');
      expect(readdirSync(dataDir).filter((f) => f.endsWith('-wal'))).toEqual([]);
    } finally {
      server.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
