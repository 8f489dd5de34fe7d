import { createHash } from 'node:crypto';
import { FILE_STORE, type FileStore } from '@shtc/attachments';
import type { Application } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { ManualClock } from '@shtc/platform';
import { eventually, exemptBody, fileApplication, givenLicence, login, registerAndLogin, staff, startApp, type Staff, type TestApp } from '@shtc/testing';
import { sampleExe, samplePdf } from '../../../../../libs/attachments/src/testing/sample-files';

type Account = { businessId: string; token: string; accountId?: string };

/**
 * R-EXEMPT-4 over HTTP: an exhibition licence is closed out (銷案) within its approved period
 * with proof of re-import, or with the importer's document for goods sold at the show. Once
 * goods were released and the close-out is past due, the exporter's cases in review are flagged
 * for reviewers (OVERDUE_CLOSE_OUT) until it is closed out.
 */
describe('POST /licences/:licenceNo/close-out (R-EXEMPT-4)', () => {
  let t: TestApp;
  let alice: Staff;
  let bob: Staff;
  let customs: Staff;
  let auditor: Staff;

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2027-01-04T09:00:00+08:00'), env: { MAX_UPLOAD_BYTES: String(256 * 1024) } });
    [alice, bob, customs, auditor] = [await staff(t, 'REVIEWER'), await staff(t, 'REVIEWER'), await staff(t, 'CUSTOMS'), await staff(t, 'AUDITOR')];
  });
  afterAll(async () => t.close());

  /** Moves the clock to `instant` and signs these accounts in again (sessions end after 20 idle minutes, R-ACC-3). */
  async function setClock(instant: string, ...accounts: Account[]) {
    t.clock.set(instant);
    for (const account of accounts) account.token = await login(t.http, account.businessId);
  }

  const post = (who: Account, path: string, body: unknown = {}) => t.http.post(path, body, { token: who.token });
  const get = (who: Account, path: string) => t.http.get(path, { token: who.token });
  const licenceEvents = async (licenceNo: string) => (await t.app.get<EventStore>(EVENT_STORE).readStream(`licence-${licenceNo}`)).map((event) => event.type);
  const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

  /** The close-out form as a browser sends it: multipart `outcome`, `note` and `file`. */
  async function closeOut(
    who: Account,
    licenceNo: string,
    form: { outcome?: string; note?: string; file?: Buffer; fileName?: string },
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const body = new FormData();
    body.append('outcome', form.outcome ?? 'REIMPORTED');
    body.append('note', form.note ?? 'Re-import declaration BE/16/001/00077 of 2027-02-26');
    body.append('file', new Blob([form.file ?? samplePdf('Re-import declaration')]), form.fileName ?? 're-import-declaration.pdf');
    const response = await fetch(`${t.baseUrl}/licences/${licenceNo}/close-out`, { method: 'POST', headers: { authorization: `Bearer ${who.token}`, ...headers }, body });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  }

  /** An exhibition case filed over HTTP (filed is submitted, R-EXEMPT-2), approved by two reviewers: its licence. */
  async function exhibitionLicence(exporter: Account): Promise<{ caseNo: string; licenceNo: string }> {
    const { caseNo } = await fileApplication(t.http, exporter.token, exemptBody());
    expect((await post(alice, `/review/cases/${caseNo}/claim`)).status).toBe(200);
    expect((await post(alice, `/review/cases/${caseNo}/forward`, { recommendation: 'APPROVE', note: 'Exhibition goods, back by 2027-03-01' })).status).toBe(200);
    const approved = await post(bob, `/review/cases/${caseNo}/approve`, { note: 'Approved' });
    expect(approved.status).toBe(200);
    return { caseNo, licenceNo: approved.body.licenceNo };
  }

  it('flags the exporter\'s cases in review once a close-out is overdue, and clears the flag when the goods are closed out', async () => {
    const exporter = await registerAndLogin(t.http);
    const other = await registerAndLogin(t.http);
    const stranger = await registerAndLogin(t.http);
    const { caseNo: exhibitionCaseNo, licenceNo } = await exhibitionLicence(exporter);

    const issued = await eventually(async () => {
      const answer = await get(exporter, `/licences/${licenceNo}`);
      return answer.status === 200 ? answer.body : null;
    });
    expect(issued).toMatchObject({ closeOutBy: '2027-03-01', closeOutOverdue: false, closedOut: null, allowedActions: ['cancel'] });
    const nothingReleased = await closeOut(exporter, licenceNo, {});
    expect([nothingReleased.status, nothingReleased.body.rule]).toEqual([422, 'R-EXEMPT-4']);
    expect(nothingReleased.body.detail).toMatch(/Nothing was released .* no goods went abroad/);

    // The goods go to the show: everything released, the licence is exhausted.
    t.clock.advance(5 * 60_000);
    const release = { declarationNo: `EX/16/${process.pid % 1000}/00001`, licenceNo, releasedAt: '2027-01-04T09:03:00+08:00', items: [{ itemNo: 1, quantity: '100.5' }] };
    expect((await post(customs, '/customs/releases', release)).body).toMatchObject({ status: 'EXHAUSTED' });
    const { caseNo: nextCaseNo } = await fileApplication(t.http, exporter.token, exemptBody());
    const { caseNo: othersCaseNo } = await fileApplication(t.http, other.token, exemptBody());
    const flagsOf = async (caseNo: string, after = '') => (await get(alice, `/review/cases/${caseNo}${after}`)).body;
    expect(await flagsOf(nextCaseNo)).toMatchObject({ status: 'INITIAL_REVIEW', overdueCloseOuts: [] });
    expect((await flagsOf(nextCaseNo)).flags).not.toContain('OVERDUE_CLOSE_OUT');

    // The last day to close out (Taipei): not overdue yet.
    await setClock('2027-03-01T23:55:00+08:00', alice, customs, auditor, exporter, stranger);
    expect((await flagsOf(nextCaseNo)).flags).not.toContain('OVERDUE_CLOSE_OUT');

    // The day after: overdue. The exporter's case in review is flagged, naming the licence; another exporter's is not.
    await setClock('2027-03-02T00:05:00+08:00');
    const flagged = await flagsOf(nextCaseNo);
    expect(flagged.flags).toContain('OVERDUE_CLOSE_OUT');
    expect(flagged.overdueCloseOuts).toEqual([{ licenceNo, caseNo: exhibitionCaseNo, closeOutBy: '2027-03-01', href: `/licences/${licenceNo}` }]);
    expect((await flagsOf(othersCaseNo)).flags).not.toContain('OVERDUE_CLOSE_OUT');

    const queue = (await get(alice, '/review/queues/INITIAL_REVIEW?limit=500')).body.items as Array<{ caseNo: string; flags: string[]; overdueCloseOuts: string[] }>;
    expect(queue.find((item) => item.caseNo === nextCaseNo)).toMatchObject({ flags: expect.arrayContaining(['OVERDUE_CLOSE_OUT']), overdueCloseOuts: [licenceNo] });
    expect(queue.find((item) => item.caseNo === othersCaseNo)).toMatchObject({ overdueCloseOuts: [] });
    expect(queue.find((item) => item.caseNo === othersCaseNo)!.flags).not.toContain('OVERDUE_CLOSE_OUT');
    const filtered = (await get(alice, '/review/queues/INITIAL_REVIEW?flag=OVERDUE_CLOSE_OUT')).body.items.map((item: { caseNo: string }) => item.caseNo);
    expect(filtered).toEqual([nextCaseNo]);
    const next = await post(alice, '/review/queues/INITIAL_REVIEW/next?flag=OVERDUE_CLOSE_OUT');
    expect(next.body).toMatchObject({ caseNo: nextCaseNo, assignee: { businessId: alice.businessId }, flags: expect.arrayContaining(['OVERDUE_CLOSE_OUT']), overdueCloseOuts: [licenceNo] });

    const overdue = (await get(exporter, `/licences/${licenceNo}`)).body;
    expect(overdue).toMatchObject({ status: 'EXHAUSTED', closeOutBy: '2027-03-01', closeOutOverdue: true, closedOut: null, allowedActions: ['close-out'] });

    // The exporter closes it out with the re-import declaration (a PDF), late; a retry under its key is answered again.
    const proof = samplePdf('Re-import declaration BE/16/001/00077');
    const key = { 'Idempotency-Key': `close-out-${licenceNo}` };
    const closed = await closeOut(exporter, licenceNo, { file: proof }, key);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      licenceNo, closedOut: true, outcome: 'REIMPORTED', closedOutAt: '2027-03-01T16:05:00.000Z', late: true,
      document: { fileName: 're-import-declaration.pdf', mediaType: 'application/pdf', size: proof.length, sha256: sha256(proof), href: `/licences/${licenceNo}/close-out/document` },
    });
    const replayed = await closeOut(exporter, licenceNo, { file: proof }, key);
    expect([replayed.status, replayed.headers.get('idempotent-replayed'), replayed.body]).toEqual([200, 'true', closed.body]);
    // Without the key, the same close-out again is answered as recorded; another is refused.
    t.clock.advance(60_000);
    const again = await closeOut(exporter, licenceNo, { file: proof });
    expect([again.status, again.body.closedOutAt]).toEqual([200, closed.body.closedOutAt]);
    const second = await closeOut(exporter, licenceNo, { outcome: 'SOLD_AT_SHOW', note: 'Sold to Rhein Optics GmbH for its laboratory', file: proof });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ rule: 'R-EXEMPT-4', closedOut: { outcome: 'REIMPORTED' } });
    expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued', 'GoodsReleased', 'LicenceExhausted', 'LicenceClosedOut']);

    // The flag is gone, from the case view and the queues.
    const cleared = await flagsOf(nextCaseNo, `?after=${closed.body.position}`);
    expect([cleared.flags.includes('OVERDUE_CLOSE_OUT'), cleared.overdueCloseOuts]).toEqual([false, []]);
    expect((await get(alice, `/review/queues/INITIAL_REVIEW?flag=OVERDUE_CLOSE_OUT&after=${closed.body.position}`)).body.items).toEqual([]);
    const mine = (await get(alice, '/review/queues/INITIAL_REVIEW?assignee=me&limit=500')).body.items.find((item: { caseNo: string }) => item.caseNo === nextCaseNo);
    expect([mine.flags.includes('OVERDUE_CLOSE_OUT'), mine.overdueCloseOuts]).toEqual([false, []]);

    // The licence shows the close-out, in its view and in the holder's list.
    const seen = (await get(exporter, `/licences/${licenceNo}`)).body;
    expect(seen).toMatchObject({
      closeOutBy: '2027-03-01', closeOutOverdue: false, allowedActions: [],
      closedOut: { outcome: 'REIMPORTED', note: 'Re-import declaration BE/16/001/00077 of 2027-02-26', closedOutAt: closed.body.closedOutAt, late: true, by: exporter.businessId, document: closed.body.document },
    });
    const listed = (await get(exporter, '/licences')).body.items;
    expect(listed).toEqual([expect.objectContaining({ licenceNo, closeOutBy: '2027-03-01', closeOutOverdue: false, closedOut: seen.closedOut })]);

    // The document: to the holder, reviewers and auditors; 404 to anyone else.
    for (const reader of [exporter, alice, auditor]) {
      const download = await fetch(`${t.baseUrl}${closed.body.document.href}`, { headers: { authorization: `Bearer ${reader.token}` } });
      expect([download.status, download.headers.get('content-type'), Buffer.from(await download.arrayBuffer()).equals(proof)]).toEqual([200, 'application/pdf', true]);
    }
    expect((await get(stranger, closed.body.document.href)).status).toBe(404);
    expect((await get(stranger, `/licences/${licenceNo}`)).status).toBe(404);
  }, 60_000);

  describe('refusals', () => {
    beforeAll(async () => {
      for (const account of [alice, customs]) account.token = await login(t.http, account.businessId);
    });
    const exhibition = (returnBy: string) => (application: Application) => {
      application.route = 'EXEMPT';
      application.exemption = { reason: 'EXHIBITION', endUse: 'Shown at Laser World of Photonics, Munich', returnBy };
    };
    const released = async (licenceNo: string, n: number) => {
      const answer = await post(customs, '/customs/releases', {
        declarationNo: `EX/16/${process.pid % 1000}/1000${n}`, licenceNo, releasedAt: new Date(t.clock.now().getTime() - 3_600_000).toISOString(), items: [{ itemNo: 1, quantity: '1' }],
      });
      expect(answer.status).toBe(200);
    };
    const issuedAt = () => new Date(t.clock.now().getTime() - 2 * 86_400_000).toISOString();

    it('refuses a licence that is not an exhibition licence (422), which shows no close-out', async () => {
      const holder = await registerAndLogin(t.http);
      const { licenceNo } = await givenLicence(t, holder, { issuedAt: issuedAt(), validUntil: '2027-08-31' });
      await released(licenceNo, 1);
      const refused = await closeOut(holder, licenceNo, {});
      expect([refused.status, refused.body.rule]).toEqual([422, 'R-EXEMPT-4']);
      expect(refused.body.detail).toMatch(/not an exhibition licence/);
      const view = (await get(holder, `/licences/${licenceNo}`)).body;
      expect(['closeOutBy', 'closedOut'].filter((key) => key in view)).toEqual([]);
      expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued', 'GoodsReleased']);
    });

    it('answers 404 to another applicant and 403 to reviewers and customs; checks the form and the file, storing nothing refused', async () => {
      const holder = await registerAndLogin(t.http);
      const stranger = await registerAndLogin(t.http);
      const { licenceNo } = await givenLicence(t, holder, { issuedAt: issuedAt(), validUntil: '2027-08-31', change: exhibition('2027-04-30') });
      expect((await get(holder, `/licences/${licenceNo}`)).body).toMatchObject({ closeOutBy: '2027-04-30', closedOut: null });
      await released(licenceNo, 2);

      expect((await closeOut(stranger, licenceNo, {})).status).toBe(404);
      expect((await closeOut(holder, 'LIC-2026-999999', {})).status).toBe(404);
      expect((await closeOut(alice, licenceNo, {})).status).toBe(403);
      expect((await closeOut(customs, licenceNo, {})).status).toBe(403);

      const exe = await closeOut(holder, licenceNo, { file: sampleExe(), fileName: 're-import-declaration.pdf' });
      expect(exe.status).toBe(415);
      expect(exe.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
      const big = await closeOut(holder, licenceNo, { file: Buffer.concat([samplePdf(), Buffer.alloc(300 * 1024, 32)]) });
      expect(big.status).toBe(413);
      const unnamed = samplePdf('Import certificate, use and end user not said');
      const noNote = await closeOut(holder, licenceNo, { outcome: 'SOLD_AT_SHOW', note: ' ', file: unnamed });
      expect(noNote.status).toBe(400);
      expect(noNote.body.errors).toEqual([{ field: 'note', rule: 'R-EXEMPT-4', message: 'Note (the use and the end user of the goods sold) is required' }]);
      const lost = await closeOut(holder, licenceNo, { outcome: 'LOST', file: unnamed });
      expect([lost.status, lost.body.errors[0].field]).toEqual([400, 'outcome']);
      const files = t.app.get<FileStore>(FILE_STORE);
      expect([await files.exists(sha256(sampleExe())), await files.exists(sha256(unnamed))]).toEqual([false, false]);
      expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued', 'GoodsReleased']);

      // Goods sold at the show, on time, with the importer's end-use certificate (a PNG scan would do as well).
      const certificate = samplePdf('End-use certificate of Rhein Optics GmbH');
      const sold = await closeOut(holder, licenceNo, { outcome: 'SOLD_AT_SHOW', note: 'Sold to Rhein Optics GmbH, Mainz, for its fibre test laboratory', file: certificate, fileName: 'end-use-certificate.pdf' });
      expect(sold.status).toBe(200);
      expect(sold.body).toMatchObject({ licenceNo, closedOut: true, outcome: 'SOLD_AT_SHOW', late: false });
      expect(await files.exists(sha256(certificate))).toBe(true);
      const second = await closeOut(holder, licenceNo, { file: samplePdf('Re-import declaration, too late to matter') });
      expect([second.status, second.body.rule]).toEqual([409, 'R-EXEMPT-4']);
      // The close-out accounts for what the licence exported: customs releases nothing more under it.
      const later = await post(customs, '/customs/releases', { declarationNo: `EX/16/${process.pid % 1000}/20002`, licenceNo, releasedAt: t.clock.now().toISOString(), items: [{ itemNo: 1, quantity: '1' }] });
      expect([later.status, later.body.rule, later.body.licenceStatus]).toEqual([422, 'R-EXEMPT-4', 'VALID']);
      expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued', 'GoodsReleased', 'LicenceClosedOut']);
    });
  });
});
