import type { CaseEvent } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { FIVE_DOCUMENTS, given, registerAndLogin, seededCaseNo, startApp, submittedCase, upload, type ExistingStream, type TestApp } from '@shtc/testing';
import { samplePdf } from '../../../../../libs/attachments/src/testing/sample-files';

/**
 * R-AMEND-1: a case closed for amendment (補正結案) is amended by its own applicant, from its
 * receipt number: a new case (kind AMENDMENT, quoting `originalCaseNo`) that inherits the route,
 * starts with no documents (the corrected assurance is signed and every document uploaded
 * again) and goes through the same review.
 */
describe('POST /applications with kind AMENDMENT (R-AMEND-1)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  const reviewer = { accountId: 'acc-seed-reviewer', role: 'REVIEWER', businessId: 'R-SEED-1' };
  /** A standard case of `applicant`, submitted and closed for amendment by a reviewer. */
  const closedForAmendment = (applicant: { accountId: string; businessId: string }): ExistingStream => {
    const submitted = submittedCase(seededCaseNo(), applicant, '2026-11-25T01:00:00.000Z');
    const closed: CaseEvent = { type: 'ClosedForAmendment', data: { reasons: ['Consignee address incomplete'], closedAt: '2026-11-27T01:00:00.000Z', by: reviewer } };
    return { ...submitted, events: [...submitted.events, closed] };
  };

  it('files the amendment from the prefill of the receipt number, with no documents; it is submitted once they are all uploaded again', async () => {
    const owner = await registerAndLogin(t.http);
    const original = closedForAmendment(owner);
    await given(t, original);

    const prefill = await t.http.get(`/reference-data?receiptNo=${original.id}`, { token: owner.token });
    expect(prefill.status).toBe(200);
    expect(prefill.body).toMatchObject({ kind: 'AMENDMENT', originalCaseNo: original.id, route: 'STANDARD', applicantId: owner.businessId });
    const corrected = { ...prefill.body, consignee: { name: 'Rhein Optics Logistik GmbH', address: 'Hafenstrasse 9, 55120 Mainz', country: 'DE' } };
    const filed = await t.http.post('/applications', corrected, { token: owner.token });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'REGISTERED', caseNo: expect.not.stringMatching(original.id) });

    const amendment = await t.http.get(`/applications/${filed.body.caseNo}`, { token: owner.token });
    expect(amendment.body).toMatchObject({ kind: 'AMENDMENT', originalCaseNo: original.id, cancelledLicenceNo: null, route: 'STANDARD', attachments: [], status: 'REGISTERED' });
    expect(amendment.body.application.consignee).toEqual(corrected.consignee);
    const [registered] = await t.app.get<EventStore>(EVENT_STORE).readStream(`case-${filed.body.caseNo}`);
    expect(registered).toMatchObject({ type: 'CaseRegistered', data: { amends: original.id, reissues: null, corrects: null }, metadata: { schemaVersion: 3 } });

    const endUse = { endUse: 'Optical test benches for telecom research' };
    const early = await t.http.post(`/applications/${filed.body.caseNo}/submit`, endUse, { token: owner.token });
    expect([early.status, early.body.rule]).toEqual([422, 'R-NEW-4']);
    expect(early.body.errors.map((e: { field: string }) => e.field)).toEqual(FIVE_DOCUMENTS.map((type) => `attachments.${type}`));
    for (const type of FIVE_DOCUMENTS) expect((await upload(t.baseUrl, owner.token, filed.body.caseNo, type, samplePdf(`${type} corrected`))).status).toBe(201);
    const submitted = await t.http.post(`/applications/${filed.body.caseNo}/submit`, endUse, { token: owner.token });
    expect(submitted.body).toMatchObject({ status: 'INITIAL_REVIEW' });
    // The original stays closed.
    expect((await t.http.get(`/applications/${original.id}`, { token: owner.token })).body.status).toBe('CLOSED_FOR_AMENDMENT');
  });

  it('refuses a case in any other status (422), naming it; an edit keeps the kind and what it amends', async () => {
    const owner = await registerAndLogin(t.http);
    const inReview = submittedCase(seededCaseNo(), owner, '2026-11-25T01:00:00.000Z');
    await given(t, inReview);
    const prefill = (await t.http.get(`/reference-data?receiptNo=${inReview.id}`, { token: owner.token })).body;
    expect(prefill.kind).toBe('NEW');
    const refused = await t.http.post('/applications', { ...prefill, kind: 'AMENDMENT', originalCaseNo: inReview.id }, { token: owner.token });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ rule: 'R-AMEND-1', originalStatus: 'INITIAL_REVIEW', errors: [expect.objectContaining({ field: 'originalCaseNo' })] });

    const closed = closedForAmendment(owner);
    await given(t, closed);
    const body = (await t.http.get(`/reference-data?receiptNo=${closed.id}`, { token: owner.token })).body;
    const { caseNo } = (await t.http.post('/applications', { ...body, route: undefined }, { token: owner.token })).body;
    const edited = await t.http.put(`/applications/${caseNo}`, { ...body, originalCaseNo: undefined, route: undefined, destination: 'FR' }, { token: owner.token });
    expect(edited.status).toBe(200);
    const renamed = await t.http.put(`/applications/${caseNo}`, { ...body, kind: 'NEW' }, { token: owner.token });
    expect([renamed.status, renamed.body.rule]).toEqual([422, 'R-AMEND-1']);
    expect((await t.http.get(`/applications/${caseNo}`, { token: owner.token })).body).toMatchObject({ kind: 'AMENDMENT', originalCaseNo: closed.id, application: { destination: 'FR' } });
  });

  it("answers another applicant's case and an unknown number with 404, and a missing number with 400", async () => {
    const owner = await registerAndLogin(t.http);
    const stranger = await registerAndLogin(t.http);
    const closed = closedForAmendment(owner);
    await given(t, closed);
    const body = (await t.http.get(`/reference-data?receiptNo=${closed.id}`, { token: owner.token })).body;
    const { applicantId: _, ...asStranger } = body;
    const notYours = await t.http.post('/applications', asStranger, { token: stranger.token });
    expect([notYours.status, notYours.body.rule]).toEqual([404, 'R-AMEND-1']);
    expect((await t.http.get(`/reference-data?receiptNo=${closed.id}`, { token: stranger.token })).status).toBe(404);
    const unknown = await t.http.post('/applications', { ...body, originalCaseNo: 'SHTC-2026-999999' }, { token: owner.token });
    expect([unknown.status, unknown.body.rule]).toEqual([404, 'R-AMEND-1']);
    const missing = await t.http.post('/applications', { ...body, originalCaseNo: undefined }, { token: owner.token });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'originalCaseNo', rule: 'R-AMEND-1' })]);
  });

  it('lets the agent the applicant authorises file the amendment for it (R-ACC-4), and no other agent', async () => {
    const owner = await registerAndLogin(t.http);
    const broker = await registerAndLogin(t.http);
    const closed = closedForAmendment(owner);
    await given(t, closed);
    const body = (await t.http.get(`/reference-data?receiptNo=${closed.id}`, { token: owner.token })).body;
    const unauthorised = await t.http.post('/applications', body, { token: broker.token });
    expect([unauthorised.status, unauthorised.body.rule]).toEqual([403, 'R-ACC-4']);
    await t.http.post('/agents/authorizations', { agentBusinessId: broker.businessId }, { token: owner.token });
    const filed = await t.http.post('/applications', body, { token: broker.token });
    expect(filed.status).toBe(201);
    expect((await t.http.get(`/applications/${filed.body.caseNo}`, { token: owner.token })).body).toMatchObject({ kind: 'AMENDMENT', originalCaseNo: closed.id, agentId: broker.businessId });
  });
});
