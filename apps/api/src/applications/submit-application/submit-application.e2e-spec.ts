import { ManualClock } from '@shtc/platform';
import {
  FIVE_DOCUMENTS,
  assuranceBody,
  existingCase,
  fileApplication,
  given,
  registerAndLogin,
  seededCaseNo,
  startApp,
  submittedCase,
  upload,
  type TestApp,
} from '@shtc/testing';
import { samplePdf } from '../../../../../libs/attachments/src/testing/sample-files';
import { standardApplication } from '../../../../../libs/domain/src/case/case.fixtures';

describe('POST /applications/:caseNo/submit (R-NEW-3, R-NEW-4, R-REV-1)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ clock: new ManualClock('2026-12-28T10:00:00+08:00') })));
  afterAll(async () => t.close());

  it('refuses to submit a case already in review: 409 with its status and the actions open now', async () => {
    const applicant = await registerAndLogin(t.http);
    const caseNo = seededCaseNo();
    await given(t, submittedCase(caseNo, applicant, t.clock.now().toISOString()));

    const again = await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Telecom research' }, { token: applicant.token });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body).toMatchObject({ rule: 'R-NEW-5', caseStatus: 'INITIAL_REVIEW', allowedActions: [] });
    const view = await t.http.get(`/applications/${caseNo}`, { token: applicant.token });
    expect(view.body).toMatchObject({ status: 'INITIAL_REVIEW', allowedActions: [], attachments: expect.arrayContaining([expect.objectContaining({ type: 'CATALOGUE' })]) });
    // The seeded documents are real files in the file store.
    const download = await fetch(`${t.baseUrl}/applications/${caseNo}/attachments/${view.body.attachments[0].attachmentId}`, { headers: { authorization: `Bearer ${applicant.token}` } });
    expect(download.status).toBe(200);
  });

  it('counts 30 working days over 2027\'s holidays: an Iran/NK case submitted on 28 Dec 2026 is due on 16 Feb 2027 (R-REV-4)', async () => {
    const { token } = await registerAndLogin(t.http);
    const { assuranceNo } = (await t.http.post('/assurances', assuranceBody(), { token })).body;
    const { caseNo } = await fileApplication(t.http, token, { ...assuranceBody(), kind: 'NEW', route: 'IRAN_NK', assuranceNo, partialShipments: false });
    for (const type of FIVE_DOCUMENTS) expect((await upload(t.baseUrl, token, caseNo, type, samplePdf(type))).status).toBe(201);
    const submitted = await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Power grid maintenance' }, { token });
    expect(submitted.status).toBe(200);
    const status = await t.http.get(`/applications/${caseNo}/status?after=${submitted.body.position}`, { token });
    expect(status.body).toMatchObject({ status: 'INITIAL_REVIEW', dueDate: '2027-02-16' });
  });

  it('reads a case whose events were stored in an older shape, upcast on every read path', async () => {
    const applicant = await registerAndLogin(t.http);
    const caseNo = seededCaseNo();
    const filedBy = { accountId: applicant.accountId, role: 'APPLICANT', businessId: applicant.businessId };
    const at = t.clock.now().toISOString();
    await given(
      t,
      existingCase(caseNo, [
        { type: 'CaseRegistered', data: { caseNo, application: standardApplication({ applicantId: applicant.businessId }), warnings: [], filedBy, agentId: null, amends: null, reissues: null, corrects: null, registeredAt: at } },
        // Version 1 of a cancellation named the side that cancelled, not the person.
        { type: 'CaseCancelled', data: { reason: 'Order withdrawn', cancelledAt: at, by: 'APPLICANT' }, schemaVersion: 1 },
      ]),
    );
    const view = await t.http.get(`/applications/${caseNo}`, { token: applicant.token });
    expect(view.body).toMatchObject({ status: 'CANCELLED', statusHistory: [{ status: 'REGISTERED' }, { status: 'CANCELLED' }], allowedActions: [] });
    expect((await t.http.get(`/applications/${caseNo}/status`, { token: applicant.token })).body.status).toBe('CANCELLED');
  });
});
