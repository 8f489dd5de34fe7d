import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { caseCodec, statusAfter } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { OutboxSender } from '@shtc/notifications';
import { ManualClock } from '@shtc/platform';
import { ProjectionRunner, READ_STORE, type Projection, type ReadStore } from '@shtc/read-store';
import { PROJECTIONS } from '@shtc/storage';
import {
  FIVE_DOCUMENTS,
  eventually,
  fileApplication,
  login,
  projectionsReach,
  readMail,
  registerAndLogin,
  staffLogin,
  standardBody,
  startApp,
  startSmtpSink,
  upload,
  type SmtpSink,
  type TestApp,
} from '@shtc/testing';
import { samplePdf } from '../../libs/attachments/src/testing/sample-files';

const MINUTE = 60_000;

/**
 * R-NOTE-1 end to end: a case driven over HTTP from filing to approval, its status-change mail
 * received by a real SMTP server started here, one message per change, in order.
 */
describe('status-change email to the company (R-NOTE-1)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startApp({ clock: new ManualClock('2026-12-30T09:00:00+08:00'), env: { SMTP_URL: sink.url } });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  /** Every step a minute after the one before, as people work: each status change has its own time. */
  const post = (token: string, path: string, body: unknown = {}) => {
    t.clock.advance(MINUTE);
    return t.http.post(path, body, { token });
  };
  const settled = async () => {
    await t.app.get(OutboxSender).drain();
    await new Promise((resolve) => setTimeout(resolve, 300));
  };

  it('mails each status change once, in order, to the company email, with the case number and the status in Chinese', async () => {
    const alice = await staffLogin(t, 'REVIEWER');
    const bob = await staffLogin(t, 'REVIEWER');
    const applicant = await registerAndLogin(t.http);
    const companyEmail = `export-${applicant.businessId}@formosa.example`;

    const { caseNo } = await fileApplication(t.http, applicant.token, standardBody({ companyEmail }));
    for (const type of FIVE_DOCUMENTS) expect((await upload(t.baseUrl, applicant.token, caseNo, type, samplePdf(type))).status).toBe(201);
    expect((await post(applicant.token, `/applications/${caseNo}/submit`, { endUse: 'Optical test benches for telecom research' })).status).toBe(200);
    // Steps that change no status mail nobody; an internal note never reaches the applicant.
    expect((await post(alice.token, `/review/cases/${caseNo}/claim`)).status).toBe(200);
    expect((await post(alice.token, `/review/cases/${caseNo}/notes`, { text: 'Internal: the buyer’s bank asked questions' })).status).toBe(201);
    const asked = await post(alice.token, `/review/cases/${caseNo}/request-supplement`, {
      documents: ['BUSINESS_LICENCE'],
      message: '請補營業執照 Please upload the business licence',
      replyBy: '2027-01-15',
    });
    expect(asked.body).toMatchObject({ status: 'AWAITING_SUPPLEMENT' });
    expect((await upload(t.baseUrl, applicant.token, caseNo, 'BUSINESS_LICENCE', samplePdf('營業執照'))).status).toBe(201);
    expect((await post(applicant.token, `/applications/${caseNo}/supplement`, { note: 'Uploaded' })).body).toMatchObject({ status: 'INITIAL_REVIEW' });
    const forwarded = await post(alice.token, `/review/cases/${caseNo}/forward`, { recommendation: 'APPROVE', note: 'Recommend approval: parties check out' });
    expect(forwarded.body).toMatchObject({ status: 'SECOND_REVIEW' });
    const approved = await post(bob.token, `/review/cases/${caseNo}/approve`, { note: 'Approved as filed' });
    expect(approved.body).toMatchObject({ status: 'APPROVED', licenceNo: expect.stringMatching(/^LIC-/) });

    await eventually(() => sink.received.length >= 6);
    await settled();
    expect(sink.received.map((m) => m.to)).toEqual(Array(6).fill([companyEmail]));
    const mails = sink.received.map((m) => readMail(m.raw));

    // The Message-ID of each is the id of the event that changed the status.
    const events = await t.app.get<EventStore>(EVENT_STORE).readStream(caseCodec.streamOf(caseNo));
    const changes = events.filter((event) => statusAfter(caseCodec.decode(event)!) !== null);
    expect(mails.map((m) => m.messageId)).toEqual(changes.map((event) => `<${event.metadata.eventId}@shtc.local>`));
    expect(mails.map((m) => m.to)).toEqual(Array(6).fill(companyEmail));
    expect(mails.map((m) => m.subject)).toEqual([
      `案件 ${caseNo}：登錄中 / Case ${caseNo}: registered`,
      `案件 ${caseNo}：初審中 / Case ${caseNo}: in initial review`,
      `案件 ${caseNo}：補件 / Case ${caseNo}: awaiting documents`,
      `案件 ${caseNo}：初審中 / Case ${caseNo}: in initial review`,
      `案件 ${caseNo}：複審中 / Case ${caseNo}: in second review`,
      `案件 ${caseNo}：准件結案 / Case ${caseNo}: approved`,
    ]);
    for (const mail of mails) expect(mail.text).toContain(`案件編號 / Case number: ${caseNo}`);

    const [, , supplement, , , approval] = mails;
    expect(supplement.text).toContain("- 公司營業執照影本 / a copy of the end user's business licence (BUSINESS_LICENCE)");
    expect(supplement.text).toContain('補件期限 / Reply by: 2027-01-15');
    expect(supplement.text).toContain('請補營業執照 Please upload the business licence');
    expect(approval.text).toContain(`許可證號碼 / Licence number: ${approved.body.licenceNo}`);
    expect(approval.text).toContain(`有效期限至 / Valid until: ${approved.body.validUntil}`);
    for (const mail of mails) {
      expect(mail.text).not.toContain('Internal: the buyer’s bank');
      expect(mail.text).not.toContain('Recommend approval');
      expect(mail.text).not.toContain(alice.businessId);
    }
  });

  it('sends nothing again when the mail projection is rebuilt', async () => {
    const applicant = await registerAndLogin(t.http);
    const { caseNo, position } = await fileApplication(t.http, applicant.token, standardBody({ companyEmail: `rebuild-${applicant.businessId}@formosa.example` }));
    await projectionsReach(t, position);
    await eventually(() => sink.received.some((m) => readMail(m.raw).subject.includes(caseNo)));
    const before = sink.received.length;

    // As `npm run cli -- rebuild-projections --name case-mail` does beside the running server.
    const runner = new ProjectionRunner(t.app.get(EVENT_STORE), t.app.get<ReadStore>(READ_STORE), t.app.get<Projection[]>(PROJECTIONS));
    await runner.rebuild('case-mail');
    await settled();
    expect(sink.received.length).toBe(before);
  });
});

describe('status-change email over a read store built afresh', () => {
  it('does not mail a day-old history again when the read store is rebuilt from the log', async () => {
    const sink = await startSmtpSink();
    const clock = new ManualClock('2026-12-30T09:00:00+08:00');
    let t = await startApp({ clock, env: { SMTP_URL: sink.url } });
    const applicant = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, applicant.token, standardBody({ companyEmail: `fresh-${applicant.businessId}@formosa.example` }));
    await eventually(() => sink.received.length === 1);
    await t.stop();

    // A new read store (the SQLite file lost, a new MongoDB) over the same event log, a day later.
    for (const file of ['read.sqlite', 'read.sqlite-wal', 'read.sqlite-shm']) rmSync(join(t.dataDir, file), { force: true });
    clock.advance(25 * 60 * MINUTE);
    t = await startApp({ dataDir: t.dataDir, clock, env: { SMTP_URL: sink.url } });
    try {
      await projectionsReach(t, await t.app.get<EventStore>(EVENT_STORE).headPosition());
      const status = await t.http.get(`/applications/${caseNo}/status`, { token: await login(t.http, applicant.businessId) });
      expect(status.body).toMatchObject({ status: 'REGISTERED', statusZh: '登錄中' });
      await t.app.get(OutboxSender).drain();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(sink.received).toHaveLength(1);
    } finally {
      await t.close();
      await sink.stop();
    }
  });
});
