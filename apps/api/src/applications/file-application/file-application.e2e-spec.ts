import { registerAndLogin, staffLogin, startApp, FIVE_DOCUMENTS, assuranceBody, exemptBody, fileApplication, standardBody, upload, type TestApp } from '@shtc/testing';
import { samplePdf } from '../../../../../libs/attachments/src/testing/sample-files';

describe('POST /applications: filing a NEW application', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  it('registers a standard case under a readable number, status REGISTERED (R-NEW-1)', async () => {
    const { token } = await registerAndLogin(t.http);
    const answer = await t.http.post('/applications', standardBody(), { token });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ caseNo: expect.stringMatching(/^SHTC-\d{4}-\d{6}$/), status: 'REGISTERED', position: expect.stringMatching(/^\d+$/), warnings: [] });
    const status = await t.http.get(`/applications/${answer.body.caseNo}/status?after=${answer.body.position}`, { token });
    expect(status.body).toMatchObject({ caseNo: answer.body.caseNo, status: 'REGISTERED', statusZh: '登錄中', dueDate: null });
  });

  it('files an exempt case and submits it at once (R-EXEMPT-2), with a due date', async () => {
    const { token } = await registerAndLogin(t.http);
    const answer = await t.http.post('/applications', exemptBody(), { token });
    expect(answer.status).toBe(201);
    expect(answer.body.status).toBe('INITIAL_REVIEW');
    const status = await t.http.get(`/applications/${answer.body.caseNo}/status?after=${answer.body.position}`, { token });
    expect(status.body).toMatchObject({ status: 'INITIAL_REVIEW', statusZh: '初審中', dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it('refuses an exempt case without its reason (R-EXEMPT-1) or English end use (R-EXEMPT-2)', async () => {
    const { token } = await registerAndLogin(t.http);
    const noReason = await t.http.post('/applications', exemptBody({ exemption: undefined }), { token });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'exemption', rule: 'R-EXEMPT-1' })]));
    const chinese = await t.http.post('/applications', exemptBody({ exemption: { reason: 'EXHIBITION', endUse: '展覽用', returnBy: '2027-03-01' } }), { token });
    expect(chinese.status).toBe(400);
    expect(chinese.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'exemption.endUse', rule: 'R-EXEMPT-2' })]));
  });

  it('gives numbers without gaps or duplicates under concurrent filing', async () => {
    const { token } = await registerAndLogin(t.http);
    const filed = await Promise.all(Array.from({ length: 12 }, () => fileApplication(t.http, token)));
    const numbers = filed.map((f) => Number(f.caseNo.slice(-6))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(12);
    expect(numbers[11] - numbers[0]).toBe(11);
  });

  it('names every field a rule refuses, and takes no number for a refused case', async () => {
    const { token } = await registerAndLogin(t.http);
    const before = await fileApplication(t.http, token);
    const answer = await t.http.post(
      '/applications',
      standardBody({
        companyEmail: 'not-an-email',
        transshipmentPort: 'SINGAPORE',
        buyer: { name: '萊茵光學', address: 'Hauptstrasse 1', country: 'DE' },
        endUser: { name: 'East Optics Ltd.', address: 'No. 1 Road, Shanghai', country: 'CN' },
        items: [
          { ...(standardBody().items as object[])[0], itemNo: 2, cccCode: '8541.41.00.00-4', eccn: '5A002.a.1.a', quantity: '1,000', goodsName: 'x'.repeat(391), currency: 'XYZ', unit: 'pieces' },
        ],
        partialShipments: undefined,
      }),
      { token },
    );
    expect(answer.status).toBe(400);
    const fields = (answer.body.errors as Array<{ field: string; rule: string }>).map((e) => `${e.field} ${e.rule}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'companyEmail R-FORM-1',
        'transshipmentPort R-FORM-4',
        'buyer.name R-FORM-2',
        'endUser.nameZh R-FORM-3',
        'items[0].itemNo R-ITEM-1',
        'items[0].goodsName R-ITEM-2',
        'items[0].quantity R-ITEM-3',
        'items[0].cccCode R-ITEM-4',
        'items[0].eccn R-ITEM-5',
        'items[0].unit R-ITEM-6',
        'items[0].currency R-ITEM-6',
        'partialShipments R-FORM-5',
      ]),
    );
    const after = await fileApplication(t.http, token);
    expect(Number(after.caseNo.slice(-6))).toBe(Number(before.caseNo.slice(-6)) + 1);
  });

  it("refuses each bad field once, with its rule: the body's shape, then the domain's rules (validate once)", async () => {
    const { token } = await registerAndLogin(t.http);
    const item = { ...(standardBody().items as object[])[0] };
    // A missing, an over-long and a malformed field: each is the domain's to refuse, once.
    const domain = await t.http.post('/applications', standardBody({ companyEmail: undefined, destination: 'DEU', items: [{ ...item, quantity: '-1' }] }), { token });
    expect(domain.status).toBe(400);
    expect(domain.body.errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`).sort()).toEqual(
      ['companyEmail R-FORM-1', 'destination R-FORM-1', 'items[0].quantity R-ITEM-3'].sort(),
    );
    // A field of the wrong JSON type is the shape's to refuse, once, with the rule and the domain's path.
    const shape = await t.http.post('/applications', standardBody({ items: [{ ...item, quantity: 100.5 }] }), { token });
    expect(shape.status).toBe(400);
    expect(shape.body.errors).toEqual([expect.objectContaining({ field: 'items[0].quantity', rule: 'R-ITEM-3' })]);
  });

  it('accepts a CCC code whose check digit does not match, with a warning (R-ITEM-4)', async () => {
    const { token } = await registerAndLogin(t.http);
    const item = { ...(standardBody().items as object[])[0], cccCode: '85414100005' };
    const answer = await t.http.post('/applications', standardBody({ items: [item] }), { token });
    expect(answer.status).toBe(201);
    expect(answer.body.warnings).toEqual([expect.objectContaining({ field: 'items[0].cccCode', rule: 'R-ITEM-4' })]);
    // Kept with the case, so reviewers see it too (api.md).
    const stored = await t.http.get(`/applications/${answer.body.caseNo}`, { token });
    expect(stored.body.warnings).toEqual(answer.body.warnings);
  });

  it('refuses a standard case to Iran or North Korea (R-IRNK-1)', async () => {
    const { token } = await registerAndLogin(t.http);
    const answer = await t.http.post('/applications', standardBody({ destination: 'IR' }), { token });
    expect(answer.status).toBe(422);
    expect(answer.body.rule).toBe('R-IRNK-1');
  });

  describe('Iran / North Korea (R-IRNK-1, R-IRNK-3)', () => {
    it('registers an assurance, locked, and files the application from it', async () => {
      const { token } = await registerAndLogin(t.http);
      const registered = await t.http.post('/assurances', assuranceBody(), { token });
      expect(registered.status).toBe(201);
      const { assuranceNo } = registered.body;
      expect(assuranceNo).toMatch(/^IRNK-\d{4}-\d{6}$/);
      expect((await t.http.get(`/assurances/${assuranceNo}`, { token })).body).toMatchObject({ assuranceNo, locked: true, destination: 'IR' });

      const prefill = await t.http.get(`/reference-data?assuranceNo=${assuranceNo}`, { token });
      expect(prefill.body).toMatchObject({ route: 'IRAN_NK', assuranceNo, destination: 'IR' });
      const items = prefill.body.items.map((i: object) => ({ ...i, quantity: '50', amount: '6000' }));
      const filed = await t.http.post('/applications', { ...prefill.body, items }, { token });
      expect(filed.status).toBe(201);
      expect(filed.body.status).toBe('REGISTERED');
    });

    it('refuses an added item or a changed goods field (R-IRNK-3)', async () => {
      const { token } = await registerAndLogin(t.http);
      const { assuranceNo } = (await t.http.post('/assurances', assuranceBody(), { token })).body;
      const base: Record<string, unknown> = { ...assuranceBody(), kind: 'NEW', route: 'IRAN_NK', assuranceNo, partialShipments: false };
      const added = await t.http.post('/applications', { ...base, items: [...(base.items as object[]), { ...(base.items as object[])[0], itemNo: 2 }] }, { token });
      expect(added.status).toBe(422);
      expect(added.body).toMatchObject({ rule: 'R-IRNK-3', errors: [expect.objectContaining({ field: 'items' })] });
      const changed = await t.http.post('/applications', { ...base, items: [{ ...(base.items as object[])[0], model: 'FL-999' }] }, { token });
      expect(changed.status).toBe(422);
      expect(changed.body.errors).toEqual([expect.objectContaining({ field: 'items[0].model', rule: 'R-IRNK-3' })]);
    });

    it('refuses another applicant\'s assurance as if it did not exist', async () => {
      const owner = await registerAndLogin(t.http);
      const other = await registerAndLogin(t.http);
      const { assuranceNo } = (await t.http.post('/assurances', assuranceBody(), { token: owner.token })).body;
      expect((await t.http.get(`/assurances/${assuranceNo}`, { token: other.token })).status).toBe(404);
      const filed = await t.http.post('/applications', { ...assuranceBody(), kind: 'NEW', route: 'IRAN_NK', assuranceNo, partialShipments: false }, { token: other.token });
      expect(filed.status).toBe(404);
      expect(filed.body.rule).toBe('R-IRNK-3');
    });

    it('submits an Iran/North Korea case with its five documents, no fewer (R-IRNK-4)', async () => {
      const { token } = await registerAndLogin(t.http);
      const { assuranceNo } = (await t.http.post('/assurances', assuranceBody(), { token })).body;
      const { caseNo } = await fileApplication(t.http, token, { ...assuranceBody(), kind: 'NEW', route: 'IRAN_NK', assuranceNo, partialShipments: false });
      for (const type of FIVE_DOCUMENTS.slice(1)) await upload(t.baseUrl, token, caseNo, type, samplePdf(type));
      const refused = await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Power grid maintenance' }, { token });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ rule: 'R-IRNK-4', errors: [expect.objectContaining({ field: 'attachments.END_USE_ASSURANCE' })] });
      await upload(t.baseUrl, token, caseNo, 'END_USE_ASSURANCE', samplePdf('signed'));
      expect((await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Power grid maintenance' }, { token })).status).toBe(200);
    });
  });
});
