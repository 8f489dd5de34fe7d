import { registerAndLogin, startApp, standardBody, type TestApp } from '@shtc/testing';

describe('an agent files for the applicants that authorised it (R-ACC-4)', () => {
  // A customs broker registers with the plain body of api.md, like any company: no special role.
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  it('files for an authorising applicant; the case records both and both see it', async () => {
    const applicant = await registerAndLogin(t.http);
    const agent = await registerAndLogin(t.http);
    const otherAgent = await registerAndLogin(t.http);
    await t.http.post('/agents/authorizations', { agentBusinessId: agent.businessId }, { token: applicant.token });

    const filed = await t.http.post('/applications', standardBody({ applicantId: applicant.businessId }), { token: agent.token });
    expect(filed.status).toBe(201);
    const { caseNo } = filed.body;
    const seenByApplicant = await t.http.get(`/applications/${caseNo}`, { token: applicant.token });
    expect(seenByApplicant.body).toMatchObject({ applicantId: applicant.businessId, agentId: agent.businessId, filedBy: agent.businessId });
    expect((await t.http.get(`/applications/${caseNo}`, { token: agent.token })).status).toBe(200);
    expect((await t.http.get(`/applications/${caseNo}`, { token: otherAgent.token })).status).toBe(404);
    const list = await t.http.get(`/applications?after=${filed.body.position}`, { token: agent.token });
    expect(list.body.items.map((c: { caseNo: string }) => c.caseNo)).toEqual([caseNo]);
  });

  it('refuses an applicant that has not authorised it; naming none, an account files for itself', async () => {
    const applicant = await registerAndLogin(t.http);
    const agent = await registerAndLogin(t.http);
    const refused = await t.http.post('/applications', standardBody({ applicantId: applicant.businessId }), { token: agent.token });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ rule: 'R-ACC-4', errors: [expect.objectContaining({ field: 'applicantId' })] });
    const own = await t.http.post('/applications', standardBody(), { token: agent.token });
    expect(own.status).toBe(201);
    expect((await t.http.get(`/applications/${own.body.caseNo}`, { token: agent.token })).body).toMatchObject({ applicantId: agent.businessId, agentId: null });
  });

  it('stops filing, and acting on the cases it filed, once the authorisation is revoked', async () => {
    const applicant = await registerAndLogin(t.http);
    const agent = await registerAndLogin(t.http);
    await t.http.post('/agents/authorizations', { agentBusinessId: agent.businessId }, { token: applicant.token });
    const { caseNo } = (await t.http.post('/applications', standardBody({ applicantId: applicant.businessId }), { token: agent.token })).body;
    await t.http.delete(`/agents/authorizations/${agent.businessId}`, { token: applicant.token });
    const refused = await t.http.post('/applications', standardBody({ applicantId: applicant.businessId }), { token: agent.token });
    expect(refused.status).toBe(403);
    const cancel = await t.http.post(`/applications/${caseNo}/cancel`, { reason: 'x' }, { token: agent.token });
    expect(cancel.status).toBe(403);
    expect(cancel.body.rule).toBe('R-ACC-4');
    expect((await t.http.post(`/applications/${caseNo}/cancel`, { reason: 'withdrawn' }, { token: applicant.token })).status).toBe(200);
  });

  it('refuses an applicant filing for someone else', async () => {
    const applicant = await registerAndLogin(t.http);
    const other = await registerAndLogin(t.http);
    const answer = await t.http.post('/applications', standardBody({ applicantId: other.businessId }), { token: applicant.token });
    expect(answer.status).toBe(403);
    expect(answer.body.rule).toBe('R-ACC-4');
  });
});
