import type { Application, CaseEvent } from '@shtc/domain';
import { ManualClock } from '@shtc/platform';
import { existingCase, given, givenLicence, projectionsReach, registerAndLogin, seededCaseNo, staffLogin, startApp, submittedCase, type TestApp } from '@shtc/testing';

/**
 * R-LIC-1 (b): a licence is valid 2 years, not 6 months, when the destination is not a controlled
 * area and the exporter shipped to the same importer in the same country at least 5 times in the
 * previous 6 months: the approval counts customs' releases in the shipment history. Singapore is
 * in none of the four regimes all at once and is not a controlled area. Monday 2027-01-04 in
 * Taipei: the 6 months go back to 2026-07-04.
 */
describe('approval: 2 years after 5 shipments to the same importer in 6 months (R-LIC-1 b)', () => {
  let t: TestApp;
  let initial: { token: string };
  let second: { token: string };

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2027-01-04T09:00:00+08:00') });
    [initial, second] = [await staffLogin(t, 'REVIEWER'), await staffLogin(t, 'REVIEWER')];
  });
  afterAll(async () => t.close());

  const toSingapore = (buyerName: string) => (application: Application) => {
    const party = { name: buyerName, address: '1 Science Park Road, Singapore', country: 'SG' };
    Object.assign(application, { destination: 'SG', buyer: party, consignee: { sameAsBuyer: true }, endUser: party });
  };

  /** A submitted case to Singapore forwarded by one reviewer and approved by another, over HTTP. */
  async function approve(applicant: { accountId: string; businessId: string }, buyerName: string) {
    const caseNo = seededCaseNo();
    const submitted = submittedCase(caseNo, applicant, t.clock.now().toISOString());
    const events = structuredClone(submitted.events) as CaseEvent[];
    toSingapore(buyerName)((events[0] as Extract<CaseEvent, { type: 'CaseRegistered' }>).data.application);
    await given(t, existingCase(caseNo, events, submitted.files));
    expect((await t.http.post(`/review/cases/${caseNo}/forward`, { recommendation: 'APPROVE' }, { token: initial.token })).status).toBe(200);
    const approved = await t.http.post(`/review/cases/${caseNo}/approve`, { note: 'ok' }, { token: second.token });
    expect(approved.status).toBe(200);
    return approved.body;
  }

  it('gives 6 months after 4 releases in the window, and 2 years once customs records the 5th', async () => {
    const exporter = await registerAndLogin(t.http);
    const customs = await staffLogin(t, 'CUSTOMS');
    const earlier = await givenLicence(t, exporter, { issuedAt: '2026-06-01T02:00:00.000Z', validUntil: '2027-05-31', change: toSingapore('Lion City Photonics Co., Ltd.') });
    const release = (n: number, releasedAt: string) =>
      t.http.post('/customs/releases', { declarationNo: `SG/${earlier.licenceNo}/${n}`, licenceNo: earlier.licenceNo, releasedAt, items: [{ itemNo: 1, quantity: '1' }] }, { token: customs.token });
    // The first is before the window (2026-07-04 in Taipei); the next four are in it.
    let position = '';
    for (const [n, at] of ['2026-07-03T23:00:00+08:00', '2026-07-04T00:00:00+08:00', '2026-09-15T10:00:00+08:00', '2026-11-02T10:00:00+08:00', '2026-12-20T10:00:00+08:00'].entries()) {
      const released = await release(n, at);
      expect(released.status).toBe(200);
      position = released.body.position;
    }
    // Once the shipment history has them all.
    await projectionsReach(t, position);

    // The importer's name as screening normalises it: case, punctuation and company forms do not count.
    expect(await approve(exporter, 'LION CITY PHOTONICS')).toMatchObject({ validityMonths: 6, validityReason: 'STANDARD', validUntil: '2027-07-03' });

    const fifth = await release(5, '2027-01-03T10:00:00+08:00');
    expect(fifth.status).toBe(200);
    await projectionsReach(t, fifth.body.position);
    expect(await approve(exporter, 'Lion City Photonics Ltd')).toMatchObject({ status: 'APPROVED', validityMonths: 24, validityReason: 'REPEAT_SHIPMENTS', validUntil: '2029-01-03' });

    // Another importer, or another exporter to the same importer, has shipped nothing.
    expect(await approve(exporter, 'Merlion Optics Pte')).toMatchObject({ validityMonths: 6, validityReason: 'STANDARD' });
    expect(await approve(await registerAndLogin(t.http), 'Lion City Photonics Co., Ltd.')).toMatchObject({ validityMonths: 6, validityReason: 'STANDARD' });
  });
});
