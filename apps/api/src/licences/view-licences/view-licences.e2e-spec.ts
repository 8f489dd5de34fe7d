import { ManualClock } from '@shtc/platform';
import { givenLicence, registerAndLogin, staffLogin, startApp, type TestApp } from '@shtc/testing';

/**
 * The holder reads its licences (R-ACC-5): the list from the licence register, each licence with
 * what was shipped of each item and its balance, its releases and comparisons, and the comparison
 * of a declaration quoting it. Another applicant gets 404, as if it did not exist; reviewers and
 * auditors read every licence; customs reads none of this.
 */
describe('licences: the holder\'s view (R-ACC-5, R-CUS-1)', () => {
  let t: TestApp;
  let customs: { businessId: string; token: string };
  const issuedAt = '2027-01-01T02:00:00.000Z';
  const validUntil = '2027-06-30';

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2027-01-04T09:00:00+08:00') });
    customs = await staffLogin(t, 'CUSTOMS');
  });
  afterAll(async () => t.close());

  it('lists the caller\'s licences newest first, paged, and shows one with shipped, balance, releases and comparisons', async () => {
    const holder = await registerAndLogin(t.http);
    const stranger = await registerAndLogin(t.http);
    const older = await givenLicence(t, holder, { issuedAt: '2026-12-20T02:00:00.000Z', validUntil });
    const { licenceNo, caseNo } = await givenLicence(t, holder, { issuedAt, validUntil });
    await givenLicence(t, stranger, { issuedAt, validUntil });

    const declarationNo = `BB/16/${process.pid % 1000}/00001`;
    const compared = await t.http.post('/customs/declarations', {
      declarationNo, licenceNo, exporterId: holder.businessId, destination: 'DE', consigneeName: 'Rhein Optics GmbH',
      items: [{ itemNo: 1, cccCode: '85414100001', quantity: '30', unit: 'PCE', amount: '3000', currency: 'USD' }],
    }, { token: customs.token });
    expect(compared.body.result).toBe('MATCH');
    const released = await t.http.post('/customs/releases', { declarationNo, licenceNo, releasedAt: '2027-01-04T10:00:00+08:00', items: [{ itemNo: 1, quantity: '30' }] }, { token: customs.token });
    expect(released.status).toBe(200);

    const first = await t.http.get(`/licences?limit=1&after=${released.body.position}`, { token: holder.token });
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      expect.objectContaining({ licenceNo, caseNo, status: 'VALID', statusZh: '有效', holderId: holder.businessId, destination: 'DE', issuedAt, validUntil, partialShipments: true }),
    ]);
    const second = await t.http.get(`/licences?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: holder.token });
    expect(second.body.items.map((item: { licenceNo: string }) => item.licenceNo)).toEqual([older.licenceNo]);
    expect(second.body.nextCursor).toBeNull();
    expect((await t.http.get('/licences?status=CANCELLED', { token: holder.token })).body.items).toEqual([]);
    expect((await t.http.get('/licences?status=GONE', { token: holder.token })).status).toBe(400);

    const licence = await t.http.get(`/licences/${licenceNo}`, { token: holder.token });
    expect(licence.status).toBe(200);
    expect(licence.body).toMatchObject({
      licenceNo, caseNo, status: 'VALID', issuedAt, validUntil, partialShipments: true,
      items: [{ itemNo: 1, cccCode: '85414100001', quantity: '100.5', shipped: '30', balance: '70.5', unit: 'PCE' }],
      releases: [{ declarationNo, releasedAt: '2027-01-04T02:00:00.000Z', items: [{ itemNo: 1, quantity: '30', balance: '70.5' }] }],
      comparisons: [{ declarationNo, licenceNo, result: 'MATCH', differences: [], coProcessingCode: null }],
      cancellation: null,
      allowedActions: ['cancel'],
    });

    const comparison = await t.http.get(`/declarations/${encodeURIComponent(declarationNo)}/comparison`, { token: holder.token });
    expect(comparison.status).toBe(200);
    expect(comparison.body).toMatchObject({ declarationNo, licenceNo, result: 'MATCH' });

    // Another applicant: 404 for the licence and the declaration, and none in its list.
    expect((await t.http.get(`/licences/${licenceNo}`, { token: stranger.token })).status).toBe(404);
    expect((await t.http.get(`/declarations/${encodeURIComponent(declarationNo)}/comparison`, { token: stranger.token })).status).toBe(404);
    expect((await t.http.get('/licences', { token: stranger.token })).body.items.map((item: { licenceNo: string }) => item.licenceNo)).not.toContain(licenceNo);
    expect((await t.http.get('/licences/LIC-2026-999999', { token: holder.token })).status).toBe(404);
    expect((await t.http.get('/declarations/NOPE/comparison', { token: holder.token })).status).toBe(404);

    // Reviewers and auditors read every licence, and act on none; customs reads none of this (wrong role).
    for (const role of ['REVIEWER', 'AUDITOR'] as const) {
      const { token } = await staffLogin(t, role);
      const seen = await t.http.get(`/licences/${licenceNo}`, { token });
      expect([seen.status, seen.body.allowedActions]).toEqual([200, []]);
      expect((await t.http.get(`/declarations/${encodeURIComponent(declarationNo)}/comparison`, { token })).status).toBe(200);
      expect((await t.http.get('/licences', { token })).status).toBe(200);
    }
    expect((await t.http.get(`/licences/${licenceNo}`, { token: customs.token })).status).toBe(403);
    expect((await t.http.get('/licences', { token: customs.token })).status).toBe(403);
    expect((await t.http.get(`/declarations/${encodeURIComponent(declarationNo)}/comparison`, { token: customs.token })).status).toBe(403);
    expect((await t.http.get('/licences')).status).toBe(401);
  });

  it('shows an agent the licences of the cases it filed', async () => {
    const holder = await registerAndLogin(t.http);
    const agent = await registerAndLogin(t.http);
    const { licenceNo } = await givenLicence(t, holder, { issuedAt, validUntil, agentId: agent.businessId });
    expect((await t.http.get(`/licences/${licenceNo}`, { token: agent.token })).body).toMatchObject({ licenceNo, holderId: holder.businessId, agentId: agent.businessId });
    expect((await t.http.get('/licences', { token: agent.token })).body.items.map((item: { licenceNo: string }) => item.licenceNo)).toEqual([licenceNo]);
  });
});
