import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { ManualClock } from '@shtc/platform';
import { LicenceExpiryWorker } from '@shtc/storage';
import { eventually, givenLicence, login, registerAndLogin, staffLogin, startApp, type TestApp } from '@shtc/testing';

const HOUR = 3_600_000;

/**
 * A licence ends with its validity (R-LIC-1) and is never extended (R-LIC-2): the scheduler beside
 * the projector writes the expiry from the clock once the last valid day (in Taipei) has passed,
 * and a release after that day is refused by the licence decider whether or not the expiry is
 * written yet (R-LIC-4). Wednesday 2027-06-30 09:00 in Taipei, the licence's last valid day.
 */
describe('licence expiry (R-LIC-1, R-LIC-2, R-LIC-4)', () => {
  let t: TestApp;
  let customs: { businessId: string; token: string };
  let holder: { businessId: string; token: string; accountId: string };
  let worker: LicenceExpiryWorker;

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2027-06-30T09:00:00+08:00') });
    customs = await staffLogin(t, 'CUSTOMS');
    holder = await registerAndLogin(t.http);
    worker = t.app.get(LicenceExpiryWorker, { strict: false });
  });
  afterAll(async () => t.close());

  const licenceEvents = async (licenceNo: string) => (await t.app.get<EventStore>(EVENT_STORE).readStream(`licence-${licenceNo}`)).map((event) => [event.type, event.metadata.actor.role]);
  const release = (licenceNo: string, declarationNo: string, releasedAt: string) =>
    t.http.post('/customs/releases', { declarationNo, licenceNo, releasedAt, items: [{ itemNo: 1, quantity: '1' }] }, { token: customs.token });
  async function advance(ms: number) {
    t.clock.advance(ms);
    customs.token = await login(t.http, customs.businessId);
    holder.token = await login(t.http, holder.businessId);
  }

  it('refuses a release after the last valid day before the expiry is written, then the scheduler expires the licence', async () => {
    await worker.stop(); // the scheduler waits, so the refusal is the decider's own
    const { licenceNo } = await givenLicence(t, holder, { issuedAt: '2027-01-01T02:00:00.000Z', validUntil: '2027-06-30' });
    const lastDay = await release(licenceNo, `EX/${licenceNo}/1`, '2027-06-30T23:00:00+08:00');
    expect(lastDay.status).toBe(200);

    await advance(15.5 * HOUR); // Thursday 2027-07-01 00:30 in Taipei
    const late = await release(licenceNo, `EX/${licenceNo}/2`, '2027-07-01T00:10:00+08:00');
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ rule: 'R-LIC-4', licenceStatus: 'VALID', validUntil: '2027-06-30' });
    const cancel = await t.http.post(`/licences/${licenceNo}/cancel`, { reason: 'Too late' }, { token: holder.token });
    expect([cancel.status, cancel.body.rule]).toEqual([409, 'R-BAL-1']);
    expect((await t.http.get(`/licences/${licenceNo}`, { token: holder.token })).body).toMatchObject({ status: 'VALID', allowedActions: [] });
    expect(await licenceEvents(licenceNo)).toEqual([['LicenceIssued', 'REVIEWER'], ['GoodsReleased', 'CUSTOMS']]);

    expect(await worker.drain()).toBe(1);
    expect(await licenceEvents(licenceNo)).toEqual([['LicenceIssued', 'REVIEWER'], ['GoodsReleased', 'CUSTOMS'], ['LicenceExpired', 'SCHEDULER']]);
  });

  it('expires every VALID licence whose last valid day has passed, once, and leaves the others', async () => {
    const due = await givenLicence(t, holder, { issuedAt: '2027-01-01T02:00:00.000Z', validUntil: '2027-06-30' });
    const valid = await givenLicence(t, holder, { issuedAt: '2027-01-02T02:00:00.000Z', validUntil: '2027-07-01' });
    worker.start();
    const shown = await eventually(async () => {
      const licence = await t.http.get(`/licences/${due.licenceNo}`, { token: holder.token });
      return licence.body.status === 'EXPIRED' ? licence.body : null;
    });
    expect(shown).toMatchObject({ status: 'EXPIRED', statusZh: '已逾期', validUntil: '2027-06-30', expiredAt: expect.any(String), allowedActions: [] });
    expect(await licenceEvents(due.licenceNo)).toEqual([['LicenceIssued', 'REVIEWER'], ['LicenceExpired', 'SCHEDULER']]);
    await worker.drain();
    expect(await licenceEvents(due.licenceNo)).toHaveLength(2);
    expect((await t.http.get(`/licences/${valid.licenceNo}`, { token: holder.token })).body.status).toBe('VALID');
    const onExpired = await release(due.licenceNo, `EX/${due.licenceNo}/3`, '2027-06-30T12:00:00+08:00');
    expect(onExpired.body).toMatchObject({ status: 422, rule: 'R-LIC-4', licenceStatus: 'EXPIRED' });
  });
});
