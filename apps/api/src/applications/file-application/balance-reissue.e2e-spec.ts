import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { ManualClock } from '@shtc/platform';
import { givenLicence, registerAndLogin, staffLogin, startApp, type TestApp } from '@shtc/testing';

/**
 * R-BAL-1/R-BAL-2: the holder of a licence it cancelled re-applies for what was not exported, as
 * a case of kind BALANCE_REISSUE quoting the cancelled-licence number: each item's quantity at
 * most its balance, once per licence (BalanceReissued on the licence's stream).
 */
describe('POST /applications with kind BALANCE_REISSUE (R-BAL-1, R-BAL-2)', () => {
  let t: TestApp;
  let customs: { token: string };
  const issuedAt = '2027-01-01T02:00:00.000Z';

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2027-01-04T09:00:00+08:00') });
    customs = await staffLogin(t, 'CUSTOMS');
  });
  afterAll(async () => t.close());

  const licenceEvents = async (licenceNo: string) => (await t.app.get<EventStore>(EVENT_STORE).readStream(`licence-${licenceNo}`)).map((event) => event.type);

  /** A licence of `holder` with 40 of item 1 (100.5 PCE) released, then cancelled by the holder: 60.5 left. */
  const cancelledLicence = async (holder: { accountId: string; businessId: string; token: string }) => {
    const seeded = await givenLicence(t, holder, { issuedAt, validUntil: '2027-06-30' });
    const declarationNo = `BR/16/${seeded.licenceNo.slice(-6)}/00001`;
    const released = await t.http.post('/customs/releases', { declarationNo, licenceNo: seeded.licenceNo, releasedAt: '2027-01-04T08:00:00+08:00', items: [{ itemNo: 1, quantity: '40' }] }, { token: customs.token });
    expect(released.status).toBe(200);
    const cancelled = await t.http.post(`/licences/${seeded.licenceNo}/cancel`, { reason: 'The buyer reduced its order' }, { token: holder.token });
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', balance: [{ itemNo: 1, balance: '60.5' }] });
    return seeded;
  };

  it('files the reissue from the prefill of the cancelled licence, its balance as quantity; a second one is refused naming the first (409)', async () => {
    const holder = await registerAndLogin(t.http);
    const { licenceNo } = await cancelledLicence(holder);

    const prefill = await t.http.get(`/reference-data?cancelledLicenceNo=${licenceNo}`, { token: holder.token });
    expect(prefill.status).toBe(200);
    expect(prefill.body).toMatchObject({ kind: 'BALANCE_REISSUE', cancelledLicenceNo: licenceNo, route: 'STANDARD', destination: 'DE', items: [expect.objectContaining({ itemNo: 1, quantity: '60.5', model: 'FL-200' })] });
    expect(prefill.body.items[0]).not.toHaveProperty('balance');

    const filed = await t.http.post('/applications', prefill.body, { token: holder.token });
    expect(filed.status).toBe(201);
    expect(filed.body.status).toBe('REGISTERED');
    const reissue = await t.http.get(`/applications/${filed.body.caseNo}`, { token: holder.token });
    expect(reissue.body).toMatchObject({ kind: 'BALANCE_REISSUE', cancelledLicenceNo: licenceNo, originalCaseNo: null, attachments: [], items: [expect.objectContaining({ quantity: '60.5' })] });
    expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued', 'GoodsReleased', 'LicenceCancelled', 'BalanceReissued']);
    const seen = await t.http.get(`/licences/${licenceNo}?after=${filed.body.position}`, { token: holder.token });
    expect(seen.body).toMatchObject({ status: 'CANCELLED', reissuedBy: filed.body.caseNo, allowedActions: [] });

    const again = await t.http.post('/applications', { ...prefill.body, items: [{ ...prefill.body.items[0], quantity: '1' }] }, { token: holder.token });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ rule: 'R-BAL-1', reissuedBy: filed.body.caseNo });
    expect(await licenceEvents(licenceNo)).toHaveLength(4);
  });

  it('refuses a quantity above the balance and an item not on the licence (R-BAL-2, 422), recording nothing', async () => {
    const holder = await registerAndLogin(t.http);
    const { licenceNo } = await cancelledLicence(holder);
    const body = (await t.http.get(`/reference-data?cancelledLicenceNo=${licenceNo}`, { token: holder.token })).body;
    const over = await t.http.post('/applications', { ...body, items: [{ ...body.items[0], quantity: '60.5001' }] }, { token: holder.token });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ rule: 'R-BAL-2', errors: [expect.objectContaining({ field: 'items[0].quantity', rule: 'R-BAL-2' })] });
    const other = await t.http.post('/applications', { ...body, items: [{ ...body.items[0], model: 'FL-300', quantity: '1' }] }, { token: holder.token });
    expect(other.status).toBe(422);
    expect(other.body.errors).toEqual([expect.objectContaining({ field: 'items[0]', rule: 'R-BAL-2' })]);
    expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued', 'GoodsReleased', 'LicenceCancelled']);
    // A part of the balance is taken.
    const part = await t.http.post('/applications', { ...body, items: [{ ...body.items[0], quantity: '20' }] }, { token: holder.token });
    expect(part.status).toBe(201);
  });

  it('refuses a licence not cancelled (R-BAL-1, 422); answers 404 for another holder\'s licence or an unknown number, 400 without one', async () => {
    const holder = await registerAndLogin(t.http);
    const stranger = await registerAndLogin(t.http);
    const valid = await givenLicence(t, holder, { issuedAt, validUntil: '2027-06-30' });
    const prefill = await t.http.get(`/reference-data?cancelledLicenceNo=${valid.licenceNo}`, { token: holder.token });
    expect([prefill.status, prefill.body.rule, prefill.body.licenceStatus]).toEqual([422, 'R-BAL-1', 'VALID']);

    const { licenceNo } = await cancelledLicence(holder);
    const body = (await t.http.get(`/reference-data?cancelledLicenceNo=${licenceNo}`, { token: holder.token })).body;
    const notCancelled = await t.http.post('/applications', { ...body, cancelledLicenceNo: valid.licenceNo }, { token: holder.token });
    expect(notCancelled.status).toBe(422);
    expect(notCancelled.body).toMatchObject({ rule: 'R-BAL-1', licenceStatus: 'VALID' });

    expect((await t.http.get(`/reference-data?cancelledLicenceNo=${licenceNo}`, { token: stranger.token })).status).toBe(404);
    const { applicantId: _, ...asStranger } = body;
    const notYours = await t.http.post('/applications', asStranger, { token: stranger.token });
    expect([notYours.status, notYours.body.rule]).toEqual([404, 'R-BAL-1']);
    const unknown = await t.http.post('/applications', { ...body, cancelledLicenceNo: 'LIC-2026-999999' }, { token: holder.token });
    expect([unknown.status, unknown.body.rule]).toEqual([404, 'R-BAL-1']);
    const missing = await t.http.post('/applications', { ...body, cancelledLicenceNo: undefined }, { token: holder.token });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'cancelledLicenceNo', rule: 'R-BAL-1' })]);
    expect(await licenceEvents(valid.licenceNo)).toEqual(['LicenceIssued']);
  });
});
