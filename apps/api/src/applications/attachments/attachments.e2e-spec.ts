import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sampleExe, sampleOdf, sampleOoxml, samplePdf, samplePng } from '../../../../../libs/attachments/src/testing/sample-files';
import { registerAndLogin, startApp, FIVE_DOCUMENTS, exemptBody, fileApplication, standardBody, upload, type TestApp } from '@shtc/testing';

/** Entries under DATA_DIR/files and rows of DATA_DIR/files.sqlite (where files up to 128 KB are). */
function storedCount(dataDir: string): number {
  const db = new Database(join(dataDir, 'files.sqlite'), { readonly: true });
  try {
    const files = existsSync(join(dataDir, 'files')) ? readdirSync(join(dataDir, 'files'), { recursive: true }).length : 0;
    return files + db.prepare<[], number>('SELECT count(*) FROM blobs').pluck().get()!;
  } finally {
    db.close();
  }
}

describe('attachments: upload, download, remove, and submitting with them (R-NEW-4)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { MAX_UPLOAD_BYTES: String(256 * 1024) } })));
  afterAll(async () => t.close());

  it('files a standard case, uploads the five documents, submits, and finds it in initial review', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    for (const type of FIVE_DOCUMENTS) {
      const uploaded = await upload(t.baseUrl, token, caseNo, type, samplePdf(type));
      expect(uploaded.status).toBe(201);
      expect(uploaded.body).toMatchObject({ type, fileName: `${type.toLowerCase()}.pdf`, mediaType: 'application/pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
    const submitted = await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Optical test benches for telecom research' }, { token });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ caseNo, status: 'INITIAL_REVIEW' });
    const status = await t.http.get(`/applications/${caseNo}/status?after=${submitted.body.position}`, { token });
    expect(status.body).toMatchObject({ status: 'INITIAL_REVIEW', statusZh: '初審中', dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it('downloads an own attachment byte for byte, and hides it from others', async () => {
    const owner = await registerAndLogin(t.http);
    const other = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, owner.token);
    const content = samplePng();
    const { body } = await upload(t.baseUrl, owner.token, caseNo, 'CATALOGUE', content, '型錄 catalogue.png');
    const response = await fetch(`${t.baseUrl}/applications/${caseNo}/attachments/${body.attachmentId}`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('型錄 catalogue.png')}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);
    const stranger = await fetch(`${t.baseUrl}/applications/${caseNo}/attachments/${body.attachmentId}`, { headers: { authorization: `Bearer ${other.token}` } });
    expect(stranger.status).toBe(404);
    expect((await upload(t.baseUrl, other.token, caseNo, 'CATALOGUE', samplePdf())).status).toBe(404);
  });

  it('types files by their bytes: Office and OpenDocument pass, an executable named .pdf does not (415)', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    expect((await upload(t.baseUrl, token, caseNo, 'TRANSACTION_DOCUMENT', sampleOoxml('docx'), 'invoice.docx')).body.mediaType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect((await upload(t.baseUrl, token, caseNo, 'OTHER', sampleOdf('ods'), 'list.ods')).body.mediaType).toBe('application/vnd.oasis.opendocument.spreadsheet');
    const exe = await upload(t.baseUrl, token, caseNo, 'CATALOGUE', sampleExe(), 'catalogue.pdf');
    expect(exe.status).toBe(415);
    expect(exe.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
    const { body } = await t.http.get(`/applications/${caseNo}`, { token });
    expect(body.attachments).toHaveLength(2);
  });

  it('refuses a file over the cap (413) and stores nothing of it', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    const before = storedCount(t.dataDir);
    const big = Buffer.concat([samplePdf(), Buffer.alloc(300 * 1024, 32)]);
    const answer = await upload(t.baseUrl, token, caseNo, 'CATALOGUE', big);
    expect(answer.status).toBe(413);
    expect(storedCount(t.dataDir)).toBe(before);
    expect((await t.http.get(`/applications/${caseNo}`, { token })).body.attachments).toEqual([]);
  });

  it('refuses an unknown attachment type (400)', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    const answer = await upload(t.baseUrl, token, caseNo, 'SELFIE', samplePdf());
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'type' })]);
  });

  it('removes an attachment while REGISTERED; then submission names it missing (R-NEW-4)', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    const uploaded: Record<string, string> = {};
    for (const type of FIVE_DOCUMENTS) uploaded[type] = (await upload(t.baseUrl, token, caseNo, type, samplePdf(type))).body.attachmentId;
    expect((await t.http.delete(`/applications/${caseNo}/attachments/${uploaded.CATALOGUE}`, { token })).status).toBe(204);
    const refused = await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Telecom research' }, { token });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ rule: 'R-NEW-4', errors: [expect.objectContaining({ field: 'attachments.CATALOGUE', rule: 'R-NEW-4' })] });
    expect((await t.http.get(`/applications/${caseNo}/status`, { token })).body.status).toBe('REGISTERED');
  });

  it('needs the business licence for China, and the Traditional Chinese end-user name (R-NEW-4 item 6, R-FORM-3)', async () => {
    const { token } = await registerAndLogin(t.http);
    const endUser = { name: 'East Optics Ltd.', nameZh: '東方光學股份有限公司', address: 'No. 1 Zhangjiang Road, Shanghai', country: 'CN' };
    const { caseNo } = await fileApplication(t.http, token, standardBody({ destination: 'CN', endUser }));
    for (const type of FIVE_DOCUMENTS) await upload(t.baseUrl, token, caseNo, type, samplePdf(type));
    const refused = await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Telecom research' }, { token });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'attachments.BUSINESS_LICENCE', rule: 'R-NEW-4' })]);
    await upload(t.baseUrl, token, caseNo, 'BUSINESS_LICENCE', samplePdf('licence'));
    expect((await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Telecom research' }, { token })).status).toBe(200);
  });

  it('needs re-export documents and the consent of the original exporting country (R-NEW-4 item 7)', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token, standardBody({ reExport: { originCountry: 'US', returnsToOrigin: false } }));
    for (const type of FIVE_DOCUMENTS) await upload(t.baseUrl, token, caseNo, type, samplePdf(type));
    const refused = await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Telecom research' }, { token });
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['attachments.IMPORT_DECLARATION', 'attachments.REEXPORT_CONSENT']);
  });

  it('asks the assurance to be signed again after an edit', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    for (const type of FIVE_DOCUMENTS) await upload(t.baseUrl, token, caseNo, type, samplePdf(type));
    await t.http.put(`/applications/${caseNo}`, standardBody({ partialShipments: false }), { token });
    const refused = await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Telecom research' }, { token });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'attachments.END_USE_ASSURANCE' })]);
    await upload(t.baseUrl, token, caseNo, 'END_USE_ASSURANCE', samplePdf('signed again'));
    expect((await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Telecom research' }, { token })).status).toBe(200);
  });

  it('refuses submission without an English end use (R-NEW-3), and uploads after submission (R-REV-5)', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    for (const type of FIVE_DOCUMENTS) await upload(t.baseUrl, token, caseNo, type, samplePdf(type));
    const chinese = await t.http.post(`/applications/${caseNo}/submit`, { endUse: '通訊研究' }, { token });
    expect(chinese.status).toBe(400);
    expect(chinese.body.errors).toEqual([expect.objectContaining({ field: 'endUse', rule: 'R-NEW-3' })]);
    expect((await t.http.post(`/applications/${caseNo}/submit`, {}, { token })).body.rule).toBe('R-NEW-3');
    expect((await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Telecom research' }, { token })).status).toBe(200);
    const late = await upload(t.baseUrl, token, caseNo, 'OTHER', samplePdf());
    expect(late.status).toBe(409);
    expect(late.body.rule).toBe('R-REV-5');
    const again = await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Telecom research' }, { token });
    expect(again.status).toBe(409);
  });

  it('takes an exempt case\'s documents after filing (R-EXEMPT-3)', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token, exemptBody());
    for (const type of ['CATALOGUE', 'EXHIBITION_PROOF', 'EXHIBITION_INTRODUCTION', 'BOOTH_PLAN', 'RED_FLAG_AFFIDAVIT']) {
      expect((await upload(t.baseUrl, token, caseNo, type, samplePdf(type))).status).toBe(201);
    }
  });
});
