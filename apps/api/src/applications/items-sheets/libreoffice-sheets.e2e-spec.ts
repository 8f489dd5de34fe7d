import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { SHEET_ITEMS, download, fileApplication, parseSheet, registerAndLogin, standardBody, startApp, type TestApp } from '@shtc/testing';

const run = promisify(execFile);
const soffice = (process.env.PATH ?? '').split(delimiter).map((folder) => join(folder, 'soffice')).find((path) => existsSync(path));
const describeWithLibreOffice = soffice ? describe : describe.skip;
const SKIPPED = soffice ? '' : ' [SKIPPED: LibreOffice (soffice) is not installed; .ci/run installs libreoffice-calc-nogui]';

/** A sheet typed by hand and saved as CSV, headers in English only, an amount as a formula. */
const TYPED_CSV =
  'Item No.,Goods name,CCC code,Export control no.,Quantity,Unit,Amount,Currency\n' +
  '1,單模光纖雷射模組,85414100001,5A002.a,100.55,PCE,=2*3,USD\n' +
  '2,"Coupler, 1x2",85176290006,5A002,600000,set,12000.5,twd\n';

describeWithLibreOffice(`goods sheets saved by LibreOffice parse (R-BULK-1)${SKIPPED}`, () => {
  let t: TestApp;
  let token: string;
  let items: unknown[];
  let folder: string;
  const converted = (name: string) => readFileSync(join(folder, 'out', name));

  beforeAll(async () => {
    t = await startApp();
    ({ token } = await registerAndLogin(t.http));
    const { caseNo } = await fileApplication(t.http, token, standardBody({ items: SHEET_ITEMS }));
    items = (await t.http.get(`/applications/${caseNo}`, { token })).body.items;

    folder = mkdtempSync(join(tmpdir(), 'shtc-libreoffice-'));
    writeFileSync(join(folder, 'exported-ods.ods'), (await download(t, token, `/applications/${caseNo}/items.ods`)).bytes);
    writeFileSync(join(folder, 'exported-xlsx.xlsx'), (await download(t, token, `/applications/${caseNo}/items.xlsx`)).bytes);
    writeFileSync(join(folder, 'typed.csv'), TYPED_CSV);
    // A profile of its own: another LibreOffice running on the machine would otherwise take the job, or lock the profile.
    const profile = `-env:UserInstallation=${pathToFileURL(join(folder, 'profile')).href}`;
    const out = join(folder, 'out');
    const convert = (format: string, inputs: string[], options: string[] = []) =>
      run(soffice!, [profile, '--headless', ...options, '--convert-to', format, '--outdir', out, ...inputs], { timeout: 120_000 });
    // The CSV read as UTF-8 (76), comma-separated (44), quoted with " (34), from line 1: an --infilter applies to every input, so alone.
    await convert('ods', [join(folder, 'typed.csv')], ['--infilter=CSV:44,34,76,1']);
    const exported = [join(folder, 'exported-ods.ods'), join(folder, 'exported-xlsx.xlsx')];
    await convert('xlsx', [...exported, join(out, 'typed.ods')]);
    await convert('ods', exported);
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it.each([
    ['exported .ods, saved by LibreOffice as .xlsx', 'exported-ods.xlsx'],
    ['exported .xlsx, saved by LibreOffice as .ods', 'exported-xlsx.ods'],
    ['exported .xlsx, saved again by LibreOffice as .xlsx', 'exported-xlsx.xlsx'],
    ['exported .ods, saved again by LibreOffice as .ods', 'exported-ods.ods'],
  ])('the %s parses back to the case\'s items', async (_, name) => {
    const answer = await parseSheet(t, token, converted(name), name);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ items, warnings: [] });
  });

  it('LibreOffice keeps the formula-looking text of our sheets as text when it opens and saves them', () => {
    const parts = (name: string) => Object.values(unzipSync(converted(name))).map((part) => strFromU8(part)).join('');
    for (const name of ['exported-ods.xlsx', 'exported-xlsx.xlsx']) {
      expect(parts(name)).not.toMatch(/<f[ >]/);
      expect(parts(name)).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)');
    }
    for (const name of ['exported-xlsx.ods', 'exported-ods.ods']) {
      expect(parts(name)).not.toContain('table:formula');
      expect(parts(name)).toContain('<text:p>=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)</text:p>');
    }
  });

  it.each(['typed.xlsx', 'typed.ods'])('a CSV typed by hand, saved by LibreOffice as %s, parses: numbers as typed, the stored value of a formula', async (name) => {
    // LibreOffice ran the CSV's =2*3 (what CSV injection abuses); the parser takes the value it stored, 6, and runs nothing.
    expect(strFromU8(unzipSync(converted(name))[name.endsWith('.xlsx') ? 'xl/worksheets/sheet1.xml' : 'content.xml'])).toMatch(/<f aca="false">2\*3<\/f>|table:formula="of:=2\*3"/);
    const answer = await parseSheet(t, token, converted(name), name);
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([
      { itemNo: 1, goodsName: '單模光纖雷射模組', cccCode: '85414100001', eccn: '5A002.a', quantity: '100.55', unit: 'PCE', amount: '6', currency: 'USD' },
      { itemNo: 2, goodsName: 'Coupler, 1x2', cccCode: '85176290006', eccn: '5A002', quantity: '600000', unit: 'SET', amount: '12000.5', currency: 'TWD' },
    ]);
  });
});
