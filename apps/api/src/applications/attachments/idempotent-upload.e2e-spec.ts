import { samplePdf } from '../../../../../libs/attachments/src/testing/sample-files';
import { registerAndLogin, startApp, fileApplication, upload, type TestApp } from '@shtc/testing';

/** api.md: the same Idempotency-Key and request within 24 h get the first answer; another request gets 409. */
describe('Idempotency-Key on an upload: the file is part of the request', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  const attachmentsOf = async (caseNo: string, token: string) => (await t.http.get(`/applications/${caseNo}`, { token })).body.attachments;

  it('answers a retry with the same file and type with the first answer, and adds nothing', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    const headers = { 'Idempotency-Key': `catalogue-${caseNo}` };
    const first = await upload(t.baseUrl, token, caseNo, 'CATALOGUE', samplePdf('catalogue 2026'), 'catalogue.pdf', { headers });
    const retry = await upload(t.baseUrl, token, caseNo, 'CATALOGUE', samplePdf('catalogue 2026'), 'catalogue.pdf', { headers });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await attachmentsOf(caseNo, token)).toHaveLength(1);
  });

  it('refuses the same key with another file (409), and keeps only the first', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    const headers = { 'Idempotency-Key': `catalogue-${caseNo}` };
    const first = await upload(t.baseUrl, token, caseNo, 'CATALOGUE', samplePdf('catalogue, first edition'), 'catalogue.pdf', { headers });
    const other = await upload(t.baseUrl, token, caseNo, 'CATALOGUE', samplePdf('catalogue, second edition'), 'catalogue.pdf', { headers });
    expect(first.status).toBe(201);
    expect(other.status).toBe(409);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.body.detail).toMatch(/different request/);
    expect((await attachmentsOf(caseNo, token)).map((a: { sha256: string }) => a.sha256)).toEqual([first.body.sha256]);
  });

  it('refuses the same key with the same file under another type (409)', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    const headers = { 'Idempotency-Key': `doc-${caseNo}` };
    expect((await upload(t.baseUrl, token, caseNo, 'CATALOGUE', samplePdf('one file'), 'doc.pdf', { headers })).status).toBe(201);
    expect((await upload(t.baseUrl, token, caseNo, 'TRANSACTION_DOCUMENT', samplePdf('one file'), 'doc.pdf', { headers })).status).toBe(409);
    expect(await attachmentsOf(caseNo, token)).toHaveLength(1);
  });
});
