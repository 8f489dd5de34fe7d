import { login, registerAndLogin, startApp, exemptBody, fileApplication, standardBody, type TestApp } from '@shtc/testing';

describe('following cases: GET /applications, /:caseNo, /:caseNo/status (R-REV-6, R-ACC-5)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  it('shows the whole case to its applicant, and answers 404 to anyone else', async () => {
    const owner = await registerAndLogin(t.http);
    const stranger = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, owner.token);
    const mine = await t.http.get(`/applications/${caseNo}`, { token: owner.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      caseNo,
      status: 'REGISTERED',
      route: 'STANDARD',
      applicantId: owner.businessId,
      items: [expect.objectContaining({ itemNo: 1, quantity: '100.5', amount: '12000' })],
      attachments: [],
      statusHistory: [expect.objectContaining({ status: 'REGISTERED', statusZh: '登錄中' })],
      licenceNo: null,
    });
    for (const path of [`/applications/${caseNo}`, `/applications/${caseNo}/status`]) {
      const other = await t.http.get(path, { token: stranger.token });
      expect(other.status).toBe(404);
      expect(other.body.rule).toBe('R-ACC-5');
    }
    expect((await t.http.get('/applications/SHTC-2026-999999', { token: owner.token })).status).toBe(404);
  });

  it('lists only the caller\'s cases, by application date range and status', async () => {
    const owner = await registerAndLogin(t.http);
    const other = await registerAndLogin(t.http);
    await fileApplication(t.http, other.token);
    const first = await fileApplication(t.http, owner.token);
    const exempt = await fileApplication(t.http, owner.token, exemptBody());
    t.clock.advance(3 * 24 * 3600 * 1000);
    owner.token = await login(t.http, owner.businessId);
    const later = await fileApplication(t.http, owner.token);
    const after = `after=${later.position}`;

    const all = await t.http.get(`/applications?${after}`, { token: owner.token });
    expect(all.body.items.map((c: { caseNo: string }) => c.caseNo)).toEqual([later.caseNo, exempt.caseNo, first.caseNo]);
    const today = new Date(t.clock.now().getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
    const recent = await t.http.get(`/applications?from=${today}&to=${today}&${after}`, { token: owner.token });
    expect(recent.body.items.map((c: { caseNo: string }) => c.caseNo)).toEqual([later.caseNo]);
    const inReview = await t.http.get(`/applications?status=INITIAL_REVIEW&${after}`, { token: owner.token });
    expect(inReview.body.items).toEqual([expect.objectContaining({ caseNo: exempt.caseNo, statusZh: '初審中', dueDate: expect.any(String) })]);

    const paged = await t.http.get(`/applications?limit=2&${after}`, { token: owner.token });
    expect(paged.body.items).toHaveLength(2);
    const next = await t.http.get(`/applications?limit=2&cursor=${paged.body.nextCursor}`, { token: owner.token });
    expect(next.body).toEqual({ items: [expect.objectContaining({ caseNo: first.caseNo })], nextCursor: null });
  });

  it('refuses a malformed date range', async () => {
    const { token } = await registerAndLogin(t.http);
    const answer = await t.http.get('/applications?from=25/11/2026', { token });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'from', rule: 'R-REV-6' })]);
  });

  it('keeps applicant routes from staff roles (403)', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token, standardBody());
    const agent = await registerAndLogin(t.http);
    expect((await t.http.get(`/applications/${caseNo}`, { token: agent.token })).status).toBe(404);
  });
});
