import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { ManualClock } from '@shtc/platform';
import { givenLicence, registerAndLogin, staffLogin, startApp, type TestApp } from '@shtc/testing';

/**
 * R-BAL-1: before its licence expires, the holder cancels it with a reason; each item's balance
 * stays on record, for a balance reissue quoting the cancelled-licence number. Nothing is
 * released on it after that (R-LIC-4), and nothing reopens it (R-LIC-2).
 */
describe('POST /licences/:licenceNo/cancel (R-BAL-1)', () => {
  let t: TestApp;
  let customs: { businessId: string; token: string };
  const issuedAt = '2027-01-01T02:00:00.000Z';

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2027-01-04T09:00:00+08:00') });
    customs = await staffLogin(t, 'CUSTOMS');
  });
  afterAll(async () => t.close());

  const licenceEvents = async (licenceNo: string) => (await t.app.get<EventStore>(EVENT_STORE).readStream(`licence-${licenceNo}`)).map((event) => event.type);

  it('cancels the licence with its balance on record; a release after that is refused (R-LIC-4)', async () => {
    const holder = await registerAndLogin(t.http);
    const { licenceNo } = await givenLicence(t, holder, { issuedAt, validUntil: '2027-06-30' });
    const declarationNo = `CC/16/${process.pid % 1000}/00001`;
    await t.http.post('/customs/releases', { declarationNo, licenceNo, releasedAt: '2027-01-04T08:00:00+08:00', items: [{ itemNo: 1, quantity: '0.5' }] }, { token: customs.token });

    expect((await t.http.post(`/licences/${licenceNo}/cancel`, { reason: ' ' }, { token: holder.token })).body).toMatchObject({ status: 400, rule: 'R-BAL-1' });
    const key = { 'idempotency-key': `cancel-${licenceNo}` };
    const cancelled = await t.http.post(`/licences/${licenceNo}/cancel`, { reason: 'The buyer reduced its order' }, { token: holder.token, headers: key });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      licenceNo, cancelledLicenceNo: licenceNo, status: 'CANCELLED',
      balance: [{ itemNo: 1, quantity: '100.5', shipped: '0.5', balance: '100' }],
    });
    const replayed = await t.http.post(`/licences/${licenceNo}/cancel`, { reason: 'The buyer reduced its order' }, { token: holder.token, headers: key });
    expect([replayed.headers.get('idempotent-replayed'), replayed.body]).toEqual(['true', cancelled.body]);
    const again = await t.http.post(`/licences/${licenceNo}/cancel`, { reason: 'Again' }, { token: holder.token });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ rule: 'R-BAL-1', licenceStatus: 'CANCELLED', allowedActions: [] });

    const seen = await t.http.get(`/licences/${licenceNo}?after=${cancelled.body.position}`, { token: holder.token });
    expect(seen.body).toMatchObject({ status: 'CANCELLED', statusZh: '已註銷', cancellation: { cancelledLicenceNo: licenceNo, reason: 'The buyer reduced its order' }, allowedActions: [] });
    const late = await t.http.post('/customs/releases', { declarationNo: `${declarationNo}-2`, licenceNo, releasedAt: '2027-01-04T08:30:00+08:00', items: [{ itemNo: 1, quantity: '1' }] }, { token: customs.token });
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ rule: 'R-LIC-4', licenceStatus: 'CANCELLED' });
    expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued', 'GoodsReleased', 'LicenceCancelled']);
  });

  it('answers 404 to another applicant, 403 to reviewers and customs, and lets an agent cancel only while authorised (R-ACC-4)', async () => {
    const holder = await registerAndLogin(t.http);
    const stranger = await registerAndLogin(t.http);
    const agent = await registerAndLogin(t.http);
    const { licenceNo } = await givenLicence(t, holder, { issuedAt, validUntil: '2027-06-30', agentId: agent.businessId });
    const reason = { reason: 'No longer needed' };
    expect((await t.http.post(`/licences/${licenceNo}/cancel`, reason, { token: stranger.token })).status).toBe(404);
    expect((await t.http.post('/licences/LIC-2026-999999/cancel', reason, { token: holder.token })).status).toBe(404);
    expect((await t.http.post(`/licences/${licenceNo}/cancel`, reason, { token: (await staffLogin(t, 'REVIEWER')).token })).status).toBe(403);
    expect((await t.http.post(`/licences/${licenceNo}/cancel`, reason, { token: customs.token })).status).toBe(403);
    // The agent filed the case, but the holder has not authorised it (any more).
    const unauthorised = await t.http.post(`/licences/${licenceNo}/cancel`, reason, { token: agent.token });
    expect([unauthorised.status, unauthorised.body.rule]).toEqual([403, 'R-ACC-4']);
    expect((await t.http.post('/agents/authorizations', { agentBusinessId: agent.businessId }, { token: holder.token })).status).toBe(201);
    const byAgent = await t.http.post(`/licences/${licenceNo}/cancel`, reason, { token: agent.token });
    expect(byAgent.body).toMatchObject({ status: 'CANCELLED', cancelledLicenceNo: licenceNo });
    expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued', 'LicenceCancelled']);
  });
});
