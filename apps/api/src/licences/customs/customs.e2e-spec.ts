import type { Application } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { ManualClock } from '@shtc/platform';
import { givenLicence, registerAndLogin, staffLogin, startApp, type TestApp } from '@shtc/testing';

/**
 * Customs over HTTP (R-CUS-1, R-CUS-2, R-LIC-3, R-LIC-4): declarations compared with the licence
 * and releases drawn from its balance, each through the licence decider; customs is a machine
 * that retries, so the same declaration or release again is answered as first and recorded once.
 * Monday 2027-01-04 09:00 in Taipei; the licences were issued the Friday before, valid until 2027-06-30.
 */
describe('customs: declarations and releases (R-CUS-1, R-CUS-2)', () => {
  let t: TestApp;
  let customs: { businessId: string; token: string };
  let applicant: { businessId: string; token: string; accountId: string };
  const issuedAt = '2027-01-01T02:00:00.000Z';
  const validUntil = '2027-06-30';
  let counter = 0;
  const declarationNo = () => `AA/16/${process.pid % 1000}/${String(++counter).padStart(5, '0')}`;

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2027-01-04T09:00:00+08:00') });
    customs = await staffLogin(t, 'CUSTOMS');
    applicant = await registerAndLogin(t.http);
  });
  afterAll(async () => t.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => t.http.post(path, body, { token: customs.token, headers });
  const licenceEvents = async (licenceNo: string) => (await t.app.get<EventStore>(EVENT_STORE).readStream(`licence-${licenceNo}`)).map((event) => event.type);
  const twoItems = (application: Application) => {
    application.items = [application.items[0], { ...application.items[0], itemNo: 2, cccCode: '90013000002', quantity: '10', unit: 'KGM', amount: '500', currency: 'EUR' }] as Application['items'];
  };
  const declaration = (licenceNo: string, number: string, overrides: Record<string, unknown> = {}) => ({
    declarationNo: number,
    licenceNo,
    exporterId: applicant.businessId,
    destination: 'de',
    consigneeName: 'RHEIN OPTICS GMBH',
    items: [
      { itemNo: 1, cccCode: '85414100001', quantity: '100.50', unit: 'pce', amount: '12000.00', currency: 'usd' },
      { itemNo: 2, cccCode: '90013000002', quantity: '5', unit: 'KGM', amount: '250', currency: 'EUR' },
    ],
    ...overrides,
  });
  const release = (licenceNo: string, number: string, items: Array<{ itemNo: number; quantity: string }>, releasedAt = '2027-01-04T10:00:00+08:00') => ({
    declarationNo: number, licenceNo, releasedAt, items,
  });

  it('compares a declaration with the licence: MATCH; the same declaration again answers the same and records nothing', async () => {
    const { licenceNo } = await givenLicence(t, applicant, { issuedAt, validUntil, change: twoItems });
    const number = declarationNo();
    const first = await post('/customs/declarations', declaration(licenceNo, number));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ declarationNo: number, licenceNo, result: 'MATCH', differences: [], coProcessingCode: null, comparedAt: '2027-01-04T01:00:00.000Z' });

    // A retry without a key: the same content (trimmed, codes in upper case) answers the first comparison.
    const retry = await post('/customs/declarations', declaration(licenceNo, number, { destination: 'DE', consigneeName: ' RHEIN OPTICS GMBH ' }));
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    // With a key: the stored answer again.
    const keyed = { 'idempotency-key': `decl-${number}` };
    const withKey = await post('/customs/declarations', declaration(licenceNo, number), keyed);
    const replayed = await post('/customs/declarations', declaration(licenceNo, number), keyed);
    expect([withKey.status, replayed.status, replayed.headers.get('idempotent-replayed')]).toEqual([200, 200, 'true']);
    expect(replayed.body).toEqual(withKey.body);
    expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued', 'DeclarationCompared']);

    // Other content under the same number: 409 naming R-CUS-1, nothing recorded.
    const other = await post('/customs/declarations', declaration(licenceNo, number, { consigneeName: 'Someone Else Ltd' }));
    expect(other.status).toBe(409);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.body).toMatchObject({ rule: 'R-CUS-1', errors: [{ field: 'declarationNo', rule: 'R-CUS-1' }] });
    expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued', 'DeclarationCompared']);

    const looked = await t.http.get(`/customs/declarations/${encodeURIComponent(number)}?after=${first.body.position}`, { token: customs.token });
    expect(looked.status).toBe(200);
    expect(looked.body).toEqual({ ...first.body, position: undefined, declaration: looked.body.declaration });
    expect(looked.body.declaration).toMatchObject({ destination: 'DE', items: [{ itemNo: 1, quantity: '100.5', unit: 'PCE', amount: '12000', currency: 'USD' }, { itemNo: 2 }] });
  });

  it('answers a MISMATCH with each differing field and a co-processing code; the lookup answers the last comparison', async () => {
    const { licenceNo } = await givenLicence(t, applicant, { issuedAt, validUntil, change: twoItems });
    const number = declarationNo();
    const mismatch = await post('/customs/declarations', declaration(licenceNo, number, {
      exporterId: '22099131',
      items: [
        { itemNo: 1, cccCode: '85414100002', quantity: '101', unit: 'PCE', amount: '12000', currency: 'USD' },
        { itemNo: 3, cccCode: '90013000002', quantity: '1', unit: 'KGM', amount: '1', currency: 'EUR' },
      ],
    }));
    expect(mismatch.status).toBe(200);
    expect(mismatch.body).toMatchObject({
      result: 'MISMATCH',
      coProcessingCode: expect.stringMatching(/^M[0-9A-F]{10}$/),
      differences: [
        { itemNo: null, field: 'exporterId', licence: applicant.businessId, declaration: '22099131' },
        { itemNo: 1, field: 'cccCode', licence: '85414100001', declaration: '85414100002' },
        { itemNo: 1, field: 'quantity', licence: '100.5', declaration: '101' },
        { itemNo: 3, field: 'itemNo', licence: null, declaration: '3' },
      ],
    });
    const looked = await t.http.get(`/customs/declarations/${encodeURIComponent(number)}?after=${mismatch.body.position}`, { token: customs.token });
    expect(looked.body).toMatchObject({ licenceNo, result: 'MISMATCH', coProcessingCode: mismatch.body.coProcessingCode, differences: mismatch.body.differences });
    expect((await t.http.get('/customs/declarations/AA%2F00%2F000%2F00000', { token: customs.token })).status).toBe(404);
  });

  it('refuses what is not a declaration (400 naming R-CUS-1), an unknown licence (404), and every role but CUSTOMS (403)', async () => {
    const { licenceNo } = await givenLicence(t, applicant, { issuedAt, validUntil });
    const missing = await post('/customs/declarations', { ...declaration(licenceNo, declarationNo()), consigneeName: ' ', items: [] });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([
      { field: 'consigneeName', rule: 'R-CUS-1', message: expect.any(String) },
      { field: 'items', rule: 'R-CUS-1', message: expect.any(String) },
    ]);
    expect((await post('/customs/declarations', { ...declaration(licenceNo, declarationNo()), licenceNo: undefined })).body).toMatchObject({ status: 400, rule: 'R-CUS-1' });
    expect((await post('/customs/declarations', { ...declaration(licenceNo, declarationNo()), extra: 1 })).status).toBe(400);
    const unknown = await post('/customs/declarations', declaration('LIC-2026-999999', declarationNo()));
    expect(unknown.status).toBe(404);
    expect((await post('/customs/releases', release('LIC-2026-999999', declarationNo(), [{ itemNo: 1, quantity: '1' }]))).status).toBe(404);
    expect((await post('/customs/declarations', declaration('../case-SHTC-2026-000001', declarationNo()))).status).toBe(404);

    const reviewer = await staffLogin(t, 'REVIEWER');
    for (const token of [applicant.token, reviewer.token]) {
      expect((await t.http.post('/customs/declarations', declaration(licenceNo, declarationNo()), { token })).status).toBe(403);
      expect((await t.http.post('/customs/releases', release(licenceNo, declarationNo(), [{ itemNo: 1, quantity: '1' }]), { token })).status).toBe(403);
      expect((await t.http.get('/customs/declarations/X1', { token })).status).toBe(403);
    }
    expect((await t.http.post('/customs/declarations', declaration(licenceNo, declarationNo()))).status).toBe(401);
    expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued']);
  });

  it('draws releases from each item\'s balance; the same release again answers the same balance and records nothing (R-CUS-2)', async () => {
    const { licenceNo } = await givenLicence(t, applicant, { issuedAt, validUntil, change: twoItems });
    const number = declarationNo();
    const first = await post('/customs/releases', release(licenceNo, number, [{ itemNo: 1, quantity: '40' }, { itemNo: 2, quantity: '2.5' }]));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      licenceNo, declarationNo: number, releasedAt: '2027-01-04T02:00:00.000Z', status: 'VALID',
      items: [{ itemNo: 1, quantity: '40', balance: '60.5' }, { itemNo: 2, quantity: '2.5', balance: '7.5' }],
    });
    const retry = await post('/customs/releases', release(licenceNo, number, [{ itemNo: 2, quantity: '2.50' }, { itemNo: 1, quantity: '40' }], '2027-01-04T02:00:00Z'));
    expect(retry.body).toEqual(first.body);
    const keyed = { 'idempotency-key': `rel-${number}` };
    const withKey = await post('/customs/releases', release(licenceNo, number, [{ itemNo: 1, quantity: '40' }, { itemNo: 2, quantity: '2.5' }]), keyed);
    const replayed = await post('/customs/releases', release(licenceNo, number, [{ itemNo: 1, quantity: '40' }, { itemNo: 2, quantity: '2.5' }]), keyed);
    expect([replayed.headers.get('idempotent-replayed'), replayed.body]).toEqual(['true', withKey.body]);
    const other = await post('/customs/releases', release(licenceNo, number, [{ itemNo: 1, quantity: '41' }]));
    expect(other.status).toBe(409);
    expect(other.body.rule).toBe('R-CUS-2');
    expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued', 'GoodsReleased']);

    // Over the balance: 422 naming R-LIC-4, item by item.
    const over = await post('/customs/releases', release(licenceNo, declarationNo(), [{ itemNo: 1, quantity: '60.6' }, { itemNo: 2, quantity: '1' }]));
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ rule: 'R-LIC-4', errors: [{ field: 'items[0].quantity', rule: 'R-LIC-4' }] });
    // The rest of both items exhausts the licence; nothing is released after that.
    const rest = await post('/customs/releases', release(licenceNo, declarationNo(), [{ itemNo: 1, quantity: '60.5' }, { itemNo: 2, quantity: '7.5' }]));
    expect(rest.body).toMatchObject({ status: 'EXHAUSTED', items: [{ itemNo: 1, balance: '0' }, { itemNo: 2, balance: '0' }] });
    const afterExhausted = await post('/customs/releases', release(licenceNo, declarationNo(), [{ itemNo: 1, quantity: '1' }]));
    expect(afterExhausted.status).toBe(422);
    expect(afterExhausted.body).toMatchObject({ rule: 'R-LIC-4', licenceStatus: 'EXHAUSTED' });
    expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued', 'GoodsReleased', 'GoodsReleased', 'LicenceExhausted']);
  });

  it('refuses a second shipment on a single-shipment licence (R-LIC-3), a release after the last valid day (R-LIC-4), and an item the licence lacks', async () => {
    const single = await givenLicence(t, applicant, { issuedAt, validUntil, change: (application) => void (application.partialShipments = false) });
    expect((await post('/customs/releases', release(single.licenceNo, declarationNo(), [{ itemNo: 1, quantity: '10' }]))).status).toBe(200);
    const second = await post('/customs/releases', release(single.licenceNo, declarationNo(), [{ itemNo: 1, quantity: '10' }]));
    expect(second.status).toBe(422);
    expect(second.body.rule).toBe('R-LIC-3');

    const { licenceNo } = await givenLicence(t, applicant, { issuedAt, validUntil });
    const late = await post('/customs/releases', release(licenceNo, declarationNo(), [{ itemNo: 1, quantity: '1' }], '2027-07-01T00:00:00+08:00'));
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ rule: 'R-LIC-4', errors: [{ field: 'releasedAt', rule: 'R-LIC-4' }] });
    const noSuchItem = await post('/customs/releases', release(licenceNo, declarationNo(), [{ itemNo: 9, quantity: '1' }]));
    expect(noSuchItem.status).toBe(422);
    expect(noSuchItem.body).toMatchObject({ rule: 'R-CUS-2', errors: [{ field: 'items[0].itemNo' }] });
    expect((await post('/customs/releases', release(licenceNo, declarationNo(), [{ itemNo: 1, quantity: '1,5' }]))).status).toBe(400);
    expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued']);
  });
});
