import { businessNumber, registerAndLogin, staffLogin, startApp, type TestApp } from '@shtc/testing';

describe('agent authorisations (R-ACC-4)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  it('lets an applicant authorise any registered account as its agent, list it, and revoke it', async () => {
    const agent = await registerAndLogin(t.http);
    const applicant = await registerAndLogin(t.http);
    const authorized = await t.http.post('/agents/authorizations', { agentBusinessId: agent.businessId }, { token: applicant.token });
    expect(authorized.status).toBe(201);
    expect(authorized.body).toEqual({ agentBusinessId: agent.businessId, position: expect.stringMatching(/^\d+$/) });

    // Read-your-writes: the list waits until the projection has the authorisation.
    const listed = await t.http.get(`/agents/authorizations?after=${authorized.body.position}`, { token: applicant.token });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([{ agentBusinessId: agent.businessId, name: `Company ${agent.businessId}` }]);

    expect((await t.http.delete(`/agents/authorizations/${agent.businessId}`, { token: applicant.token })).status).toBe(204);
    const again = await t.http.delete(`/agents/authorizations/${agent.businessId}`, { token: applicant.token });
    expect(again.status).toBe(404);
    expect(again.body.rule).toBe('R-ACC-4');
  });

  it('refuses an account that is not registered, a staff account, and the applicant itself', async () => {
    const applicant = await registerAndLogin(t.http);
    const nobody = await t.http.post('/agents/authorizations', { agentBusinessId: businessNumber() }, { token: applicant.token });
    expect(nobody.status).toBe(422);
    expect(nobody.body).toMatchObject({ rule: 'R-ACC-4', errors: [{ field: 'agentBusinessId', rule: 'R-ACC-4' }] });
    const reviewer = await staffLogin(t, 'REVIEWER');
    expect((await t.http.post('/agents/authorizations', { agentBusinessId: reviewer.businessId }, { token: applicant.token })).status).toBe(422);
    expect((await t.http.post('/agents/authorizations', { agentBusinessId: applicant.businessId }, { token: applicant.token })).status).toBe(422);
  });

  it('lets only applicants manage authorisations (403 for staff, 401 signed out)', async () => {
    const applicant = await registerAndLogin(t.http);
    const reviewer = await staffLogin(t, 'REVIEWER');
    const byStaff = await t.http.post('/agents/authorizations', { agentBusinessId: applicant.businessId }, { token: reviewer.token });
    expect(byStaff.status).toBe(403);
    expect(byStaff.body.rule).toBe('R-ACC-5');
    expect((await t.http.get('/agents/authorizations', { token: reviewer.token })).status).toBe(403);
    expect((await t.http.post('/agents/authorizations', { agentBusinessId: applicant.businessId })).status).toBe(401);
  });
});
