import { assuranceBody, fetchPdf, fileApplication, givenLicence, registerAndLogin, staffLogin, startApp, type TestApp } from '@shtc/testing';

/**
 * Without a Chromium that starts, the app still starts and works; only the documents answer 503,
 * with a problem saying what to install (apt-get install chromium fonts-noto-cjk, or CHROMIUM_PATH).
 */
describe('documents without Chromium (CHROMIUM_PATH=/nonexistent)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { CHROMIUM_PATH: '/nonexistent' } })));
  afterAll(async () => t.close());

  it('answers each document route 503 naming what to install, and everything else as usual', async () => {
    expect((await t.http.get('/health')).status).toBe(200);
    const applicant = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, applicant.token);
    const { assuranceNo } = (await t.http.post('/assurances', assuranceBody(), { token: applicant.token })).body;
    const { licenceNo } = await givenLicence(t, applicant, { issuedAt: new Date().toISOString(), validUntil: '2099-12-31' });

    const auditor = await staffLogin(t, 'AUDITOR');
    for (const [path, token] of [
      [`/applications/${caseNo}/documents/end-use-assurance.pdf?version=BUYER`, applicant.token],
      [`/applications/${caseNo}/documents/red-flag-affidavit.pdf`, applicant.token],
      [`/assurances/${assuranceNo}/document.pdf`, applicant.token],
      [`/licences/${licenceNo}/reference-copy.pdf`, applicant.token],
      [`/audit/cases/${caseNo}/timeline.pdf`, auditor.token],
    ]) {
      const answer = await fetchPdf(t.baseUrl, path, token);
      expect(answer.status).toBe(503);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.problem).toMatchObject({ status: 503, title: 'Documents unavailable', install: 'apt-get install chromium fonts-noto-cjk' });
      expect(answer.problem.detail).toMatch(/\/nonexistent could not be started .*apt-get install chromium fonts-noto-cjk.*CHROMIUM_PATH/);
    }

    // The access checks come first: another applicant still gets 404, not a hint that the case exists.
    const stranger = await registerAndLogin(t.http);
    expect((await fetchPdf(t.baseUrl, `/applications/${caseNo}/documents/red-flag-affidavit.pdf`, stranger.token)).status).toBe(404);
    expect((await fetchPdf(t.baseUrl, `/audit/cases/${caseNo}/timeline.pdf`, applicant.token)).status).toBe(403);
    const view = await t.http.get(`/applications/${caseNo}`, { token: applicant.token });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ caseNo, status: 'REGISTERED' });
    expect((await t.http.get(`/licences/${licenceNo}`, { token: applicant.token })).status).toBe(200);
  });
});
