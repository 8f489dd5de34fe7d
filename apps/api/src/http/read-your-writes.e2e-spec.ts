import { registerAndLogin, startApp, type TestApp } from '@shtc/testing';

/** architecture.md item 7: `?after=<position>` answers once the read models include it. */
describe('read-your-writes', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  it('waits for the projection to include a command, then answers with it', async () => {
    const applicant = await registerAndLogin(t.http);
    const agents = await Promise.all([1, 2, 3].map(() => registerAndLogin(t.http)));
    let position = '0';
    for (const agent of agents) {
      position = (await t.http.post('/agents/authorizations', { agentBusinessId: agent.businessId }, { token: applicant.token })).body.position;
    }
    const listed = await t.http.get(`/agents/authorizations?after=${position}`, { token: applicant.token });
    expect(listed.body.items.map((i: { agentBusinessId: string }) => i.agentBusinessId).sort()).toEqual(
      agents.map((a) => a.businessId).sort(),
    );
  });

  it('answers 503 with Retry-After when the position is not reached within 5 s', async () => {
    const applicant = await registerAndLogin(t.http);
    const started = Date.now();
    const answer = await t.http.get('/agents/authorizations?after=99999999', { token: applicant.token });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(Date.now() - started).toBeGreaterThanOrEqual(4900);
  }, 15_000);

  it('refuses a position that is not a number', async () => {
    const applicant = await registerAndLogin(t.http);
    const answer = await t.http.get('/agents/authorizations?after=soon', { token: applicant.token });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'after' })]);
  });
});
