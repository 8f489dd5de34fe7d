import { strFromU8, unzipSync } from 'fflate';
import { ODS, XLSX, sniffFileType } from '@shtc/attachments';
import type { ValidGoodsItem } from '@shtc/domain';
import { writeGoodsSheet } from '@shtc/sheets';
import { SHEET_ITEMS, download, fileApplication, parseSheet, registerAndLogin, standardBody, startApp, type TestApp } from '@shtc/testing';
import { samplePdf } from '../../../../../libs/attachments/src/testing/sample-files';
import { odsCell, odsPackage, zipOf } from '../../../../../libs/sheets/src/testing/crafted-files';

describe('goods sheets over HTTP (R-BULK-1, R-BULK-2)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startApp();
    ({ token } = await registerAndLogin(t.http));
  });
  afterAll(async () => t.close());

  describe('GET /items/template.xlsx and .ods', () => {
    it.each([
      ['xlsx', XLSX],
      ['ods', ODS],
    ] as const)('answers the empty .%s template: the goods columns, then the instructions', async (format, type) => {
      const answer = await download(t, token, `/items/template.${format}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe(type.mediaType);
      expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="goods-items-template.${format}"`);
      expect(sniffFileType(answer.bytes).type).toBe(type);
      const text = Object.values(unzipSync(answer.bytes)).map((part) => strFromU8(part)).join('');
      for (const header of ['* 項次', 'Item No.', '* 貨品分類號列', 'CCC code', '廠牌/廠名', '填寫說明 Instructions']) expect(text).toContain(header);
    });

    it('needs a signed-in applicant or agent', async () => {
      expect((await fetch(`${t.baseUrl}/items/template.xlsx`)).status).toBe(401);
    });
  });

  describe('a case\'s goods lines, GET /applications/:caseNo/items.xlsx and .ods', () => {
    it.each(['xlsx', 'ods'] as const)('round trip: the .%s exported parses back to the case\'s very items, which file a new case as they are', async (format) => {
      const { caseNo } = await fileApplication(t.http, token, standardBody({ items: SHEET_ITEMS }));
      const items = (await t.http.get(`/applications/${caseNo}`, { token })).body.items;

      const sheet = await download(t, token, `/applications/${caseNo}/items.${format}`);
      expect(sheet.status).toBe(200);
      expect(sheet.headers.get('content-disposition')).toBe(`attachment; filename="${caseNo}-items.${format}"`);
      expect(sheet.headers.get('cache-control')).toBe('no-store');

      const parsed = await parseSheet(t, token, sheet.bytes, `items.${format}`);
      expect(parsed.status).toBe(200);
      expect(parsed.body).toEqual({ items, warnings: [] });
      expect(await fileApplication(t.http, token, standardBody({ items: parsed.body.items }))).toMatchObject({ caseNo: expect.any(String) });
    });

    it('answers 404 for another applicant\'s case, in either format, as the case view does (R-ACC-5)', async () => {
      const { caseNo } = await fileApplication(t.http, token);
      const stranger = await registerAndLogin(t.http);
      for (const format of ['xlsx', 'ods']) {
        const answer = await download(t, stranger.token, `/applications/${caseNo}/items.${format}`);
        expect(answer.status).toBe(404);
        expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(answer.bytes.toString()).not.toContain('Formosa');
      }
      expect((await download(t, token, '/applications/SHTC-2026-999999/items.xlsx')).status).toBe(404);
    });
  });

  describe('POST /items/parse', () => {
    it('reports every faulty cell of several rows as problem+json, each with row, column and rule, and imports nothing (422)', async () => {
      const faulty = [
        { ...SHEET_ITEMS[0], quantity: '1,000' },
        { ...SHEET_ITEMS[1], cccCode: '8517.62.90.00-6', eccn: '5A002.a.1.b' },
        { ...SHEET_ITEMS[1], itemNo: 4, currency: 'NTD' },
      ] as unknown as ValidGoodsItem[];
      const answer = await parseSheet(t, token, writeGoodsSheet(faulty, 'ods'), 'goods.ods');
      expect(answer.status).toBe(422);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ status: 422, rule: 'R-BULK-2', detail: 'Rows 2, 3 and 4 of the goods sheet are wrong (5 cells); nothing was imported' });
      expect(answer.body.errors.map(({ row, column, rule }: { row: number; column: string; rule: string }) => `${row} ${column} ${rule}`)).toEqual([
        '2 H R-ITEM-3',
        '3 F R-ITEM-4',
        '3 G R-ITEM-5',
        '4 A R-ITEM-1',
        '4 K R-ITEM-6',
      ]);
      expect(answer.body.errors[1]).toMatchObject({ header: '貨品分類號列 CCC code', field: 'items[1].cccCode', message: expect.stringContaining('write 85176290006') });
      expect(answer.body.items).toBeUndefined();
    });

    it('types the file by its bytes: a PDF named goods.xlsx is 415', async () => {
      const answer = await parseSheet(t, token, samplePdf(), 'goods.xlsx');
      expect(answer.status).toBe(415);
      expect(answer.body).toMatchObject({ status: 415, detail: expect.stringMatching(/\.xlsx.*\.ods.*this file is a PDF file/), errors: [{ field: 'file' }] });
    });

    it('wants the sheet in a part named file (400), at most 5 MB (413)', async () => {
      const form = new FormData();
      form.append('sheet', new Blob([writeGoodsSheet([], 'xlsx')]), 'goods.xlsx');
      const misnamed = await fetch(`${t.baseUrl}/items/parse`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      expect(misnamed.status).toBe(400);
      const large = await parseSheet(t, token, Buffer.concat([writeGoodsSheet([], 'xlsx'), Buffer.alloc(5 * 1024 * 1024)]));
      expect(large).toMatchObject({ status: 413, body: { detail: expect.stringMatching(/larger than 5 MB/) } });
    });

    it('refuses a zip bomb and a million-row sheet at once with a problem saying why, and goes on serving (413)', async () => {
      const bomb = zipOf(odsPackage({ name: 'content.xml', data: Buffer.alloc(64 * 1024 * 1024, ' ') }));
      const million = zipOf(odsPackage(`<table:table-row table:number-rows-repeated="1000000">${odsCell('1')}${odsCell('Laser')}</table:table-row>`));
      for (const [file, detail] of [
        [bomb, /unpacks to 64\.0 MB/],
        [million, /more than 2024 rows with content/],
      ] as const) {
        const started = performance.now();
        const answer = await parseSheet(t, token, file, 'goods.ods');
        expect(performance.now() - started).toBeLessThan(2000);
        expect(answer).toMatchObject({ status: 413, body: { status: 413, detail: expect.stringMatching(detail) } });
      }
      expect((await t.http.get('/health')).status).toBe(200);
      expect((await parseSheet(t, token, writeGoodsSheet(SHEET_ITEMS, 'xlsx'))).status).toBe(200);
    });
  });
});
