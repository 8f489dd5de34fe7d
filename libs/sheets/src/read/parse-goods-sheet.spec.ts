import * as XLSX from '@e965/xlsx';
import type { ValidGoodsItem } from '@shtc/domain';
import { sampleOle2, sampleOoxml, samplePdf } from '../../../attachments/src/testing/sample-files';
import { SheetRefusedError } from '../sheet-refusal';
import { SHEET_LIMITS } from '../sheet-limits';
import { odsCell, odsPackage, worksheetXml, xlsxPackage, xlsxRows, zipOf } from '../testing/crafted-files';
import { writeGoodsSheet } from '../write/goods-sheet';
import { parseGoodsSheet } from './parse-goods-sheet';

const line = (itemNo: number, overrides: Partial<ValidGoodsItem> = {}): ValidGoodsItem => ({
  itemNo,
  goodsName: 'Single-mode fibre laser module',
  brand: 'Formosa',
  model: 'FL-200',
  spec: '1550 nm, 2 W',
  cccCode: '85414100001',
  eccn: '5A002.a',
  quantity: '100.5',
  unit: 'PCE',
  amount: '12000',
  currency: 'USD',
  ...overrides,
});

const ITEMS: ValidGoodsItem[] = [
  line(1, { goodsName: '=HYPERLINK("http://evil.example","click")', brand: '+886 Formosa', model: '-40C', spec: '@SUM(A1:A9)' }),
  line(2, { goodsName: '單模光纖雷射模組（含驅動器）', brand: '台灣光電', model: undefined, spec: '波長 1550 nm，輸出 2 W', cccCode: '85414100001', quantity: '0.0001', amount: '600000', currency: 'TWD' }),
  line(3, { brand: undefined, model: undefined, spec: undefined, eccn: '5A002', unit: 'KGM', quantity: '999999999.9999' }),
];

/** What parse refuses with: its status, and its cells as `row column rule`. */
async function refusal(file: Buffer): Promise<{ status: number; message: string; cells: string[]; issues: SheetRefusedError['issues'] }> {
  try {
    await parseGoodsSheet(file);
  } catch (error) {
    if (!(error instanceof SheetRefusedError)) throw error;
    return { status: error.status, message: error.message, issues: error.issues, cells: error.issues.map((issue) => `${issue.row} ${issue.column} ${issue.rule}`) };
  }
  throw new Error('the sheet was accepted');
}

/** A workbook as a spreadsheet program saves it: shared strings, numbers typed as numbers (written by SheetJS, as Excel would). */
function typedWorkbook(rows: unknown[][]): Buffer {
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(rows), 'Sheet1');
  return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' });
}

const ENGLISH_HEADER = ['Item No.', 'Goods name', 'Brand', 'Model/serial no.', 'Specification', 'CCC code', 'Export control no.', 'Quantity', 'Unit', 'Amount', 'Currency'];

describe('reading a goods sheet (R-BULK-1, R-BULK-2)', () => {
  it.each(['xlsx', 'ods'] as const)('reads back the lines it wrote as .%s: formula-looking text, Chinese text and absent fields alike', async (format) => {
    const file = Buffer.from(writeGoodsSheet(ITEMS, format));
    expect(await parseGoodsSheet(file)).toEqual({ items: ITEMS, warnings: [] });
  });

  it('reads a workbook saved by a spreadsheet program: a title row above the header, English headers, numbers typed as numbers', async () => {
    const file = typedWorkbook([
      ['Goods lines for case SHTC-2026-000001'],
      ENGLISH_HEADER,
      [1, 'Fibre laser', null, null, null, 85414100001, '5A002.a', 100.55, 'pce', 12000, 'usd'],
      [],
      [2, '光纖耦合器', 'Formosa', null, null, '85176290006', '5A002', 600000, 'SET', 0.5, 'TWD'],
    ]);
    expect(await parseGoodsSheet(file)).toEqual({
      items: [
        { itemNo: 1, goodsName: 'Fibre laser', cccCode: '85414100001', eccn: '5A002.a', quantity: '100.55', unit: 'PCE', amount: '12000', currency: 'USD' },
        { itemNo: 2, goodsName: '光纖耦合器', brand: 'Formosa', cccCode: '85176290006', eccn: '5A002', quantity: '600000', unit: 'SET', amount: '0.5', currency: 'TWD' },
      ],
      warnings: [],
    });
  });

  it('reports every faulty cell of several rows, each with its row, column and rule, and imports nothing', async () => {
    const file = typedWorkbook([
      ENGLISH_HEADER,
      [1, 'Fibre laser', null, null, null, '85414100001', '5A002.a', '1,000', 'PCE', '12000', 'USD'],
      [2, 'Coupler', null, null, null, '85414100001', '5A002.a', '5', 'PCE', '100', 'USD'],
      [3, '', null, null, null, '8541.41.00.00-1', '5A002.a.1.b', '5', 'PCE', '100', 'USD'],
      [5, 'Isolator', null, null, null, '85414100001', '5A002', '5', 'PIECES', '100', 'XXX'],
    ]);
    const refused = await refusal(file);
    expect(refused.status).toBe(422);
    expect(refused.message).toBe('Rows 2, 4 and 5 of the goods sheet are wrong (7 cells); nothing was imported');
    expect(refused.cells).toEqual(['2 H R-ITEM-3', '4 B R-ITEM-2', '4 F R-ITEM-4', '4 G R-ITEM-5', '5 A R-ITEM-1', '5 I R-ITEM-6', '5 K R-ITEM-6']);
    expect(refused.issues[0]).toEqual({
      row: 2,
      column: 'H',
      header: '數量 Quantity',
      field: 'items[0].quantity',
      message: 'Quantity must not contain thousands separators: write 1000, not 1,000',
      rule: 'R-ITEM-3',
    });
  });

  it('reports a check-digit doubt at its cell without refusing the sheet (R-ITEM-4)', async () => {
    const file = Buffer.from(writeGoodsSheet([line(1, { cccCode: '85414100002' })], 'ods'));
    expect((await parseGoodsSheet(file)).warnings).toEqual([expect.objectContaining({ row: 2, column: 'F', field: 'items[0].cccCode', rule: 'R-ITEM-4' })]);
  });

  it('refuses a sheet missing a required column, naming it, and one that names a column twice', async () => {
    const missing = await refusal(typedWorkbook([ENGLISH_HEADER.filter((name) => name !== 'CCC code'), [1, 'Fibre laser', null, null, null, '5A002.a', '5', 'PCE', '100', 'USD']]));
    expect(missing).toMatchObject({ status: 422, issues: [{ row: 1, column: null, header: '貨品分類號列 CCC code', field: 'cccCode', rule: 'R-BULK-2' }] });
    const twice = await refusal(typedWorkbook([[...ENGLISH_HEADER, '數量'], [1, 'Fibre laser', null, null, null, '85414100001', '5A002.a', '5', 'PCE', '100', 'USD', '6']]));
    expect(twice).toMatchObject({ status: 422, issues: [{ row: 1, column: 'L', header: '數量 Quantity', rule: 'R-BULK-2' }] });
  });

  it('refuses a sheet with no goods header, and the empty template (R-ITEM-1: at least one line)', async () => {
    expect(await refusal(typedWorkbook([['Name', 'Price'], ['Laser', 5]]))).toMatchObject({ status: 422, cells: ['1 A R-BULK-2'] });
    expect(await refusal(Buffer.from(writeGoodsSheet([], 'xlsx')))).toMatchObject({ status: 422, cells: ['2 A R-ITEM-1'] });
  });

  it('refuses a value far below the lines rather than drop it (R-ITEM-1), and reads a sheet by its cells, not the size it declares', async () => {
    const header = xlsxRows([ENGLISH_HEADER, ['1', 'Laser', '', '', '', '85414100001', '5A002', '1', 'PCE', '10', 'USD']]);
    const far = worksheetXml(`${header}<row r="1000000"><c r="B1000000" t="inlineStr"><is><t>Laser</t></is></c></row>`);
    expect(await refusal(zipOf(xlsxPackage({ name: 'sheet', data: far })))).toMatchObject({
      status: 422,
      issues: [{ row: SHEET_LIMITS.readRows + 1, column: 'A', rule: 'R-ITEM-1', message: expect.stringMatching(/at most 999 goods lines/) }],
    });
    const claimsMore = worksheetXml(header).replace('<sheetData>', '<dimension ref="A1:K5000"/><sheetData>');
    expect((await parseGoodsSheet(zipOf(xlsxPackage({ name: 'sheet', data: claimsMore })))).items).toHaveLength(1);
  });

  it('takes the value a formula cell stored, never evaluating anything', async () => {
    const header = ENGLISH_HEADER.map((name) => odsCell(name)).join('');
    const row = [odsCell('1'), odsCell('Laser'), '<table:table-cell/>'.repeat(3), odsCell('85414100001'), odsCell('5A002.a'), odsCell('2')].join('') +
      odsCell('PCE') + '<table:table-cell table:formula="of:=2*3" office:value-type="float" office:value="6"><text:p>6</text:p></table:table-cell>' + odsCell('USD');
    const file = zipOf(odsPackage(`<table:table-row>${header}</table:table-row><table:table-row>${row}</table:table-row>`));
    expect((await parseGoodsSheet(file)).items).toEqual([expect.objectContaining({ itemNo: 1, amount: '6' })]);
  });

  describe('is a .xlsx or .ods by its bytes, whatever its name (415)', () => {
    it.each([
      ['a PDF', samplePdf(), /this file is a PDF file/],
      ['a Word document', sampleOoxml('docx'), /this file is a DOCX file/],
      ['an Excel 97 .xls', sampleOle2(), /Older Office files/],
      ['plain text', Buffer.from('項次,貨品名稱\n1,Laser\n'), /OpenDocument/],
    ])('refuses %s', async (_, file, message) => {
      const refused = await refusal(file);
      expect(refused.status).toBe(415);
      expect(refused.message).toMatch(message);
    });
  });
});
