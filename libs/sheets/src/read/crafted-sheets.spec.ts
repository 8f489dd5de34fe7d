import { deflateRawSync } from 'node:zlib';
import type { ValidGoodsItem } from '@shtc/domain';
import { SHEET_LIMITS, type SheetLimits } from '../sheet-limits';
import { SheetRefusedError } from '../sheet-refusal';
import { odsCell, odsContentXml, odsPackage, worksheetXml, xlsxPackage, xlsxRows, zipOf } from '../testing/crafted-files';
import { writeGoodsSheet } from '../write/goods-sheet';
import { parseGoodsSheet } from './parse-goods-sheet';
import { guardSheetXml } from './xml-guard';
import { unpackSheet } from './unpack-sheet';

const MB = 1024 * 1024;
const GOOD_LINE: ValidGoodsItem = { itemNo: 1, goodsName: 'Fibre laser', cccCode: '85414100001', eccn: '5A002.a', quantity: '1', unit: 'PCE', amount: '10', currency: 'USD' };
/** What a crafted file costs the server: a refusal (status, message), in milliseconds, with this much more memory outside the heap (Buffers). */
interface Refused {
  status: number;
  message: string;
  ms: number;
  grewMb: number;
}

const timings: string[] = [];

async function refusalOf(name: string, file: Buffer, limits: SheetLimits = SHEET_LIMITS): Promise<Refused> {
  const before = process.memoryUsage().arrayBuffers;
  const started = performance.now();
  try {
    await parseGoodsSheet(file, limits);
  } catch (error) {
    if (!(error instanceof SheetRefusedError)) throw error;
    const ms = performance.now() - started;
    timings.push(`${name}: ${error.status} in ${ms.toFixed(1)} ms`);
    return { status: error.status, message: error.message, ms, grewMb: (process.memoryUsage().arrayBuffers - before) / MB };
  }
  throw new Error(`${name} was accepted`);
}

/** 64 MB of sheet XML packed into about 64 KB, once for the file. */
const BOMB_XML = Buffer.alloc(64 * MB, ' ');
BOMB_XML.write(worksheetXml('').slice(0, -'</sheetData></worksheet>'.length));
const BOMB_PACKED = deflateRawSync(BOMB_XML, { level: 9 });

describe('crafted sheets are refused quickly, in bounded memory, and the server goes on', () => {
  afterAll(() => {
    // The figures the README quotes.
    process.stdout.write(`crafted-file refusals:\n  ${timings.join('\n  ')}\n`);
  });

  it('a zip bomb: a 64 MB sheet packed into 64 KB is refused from its declared size, before anything is unpacked (413)', async () => {
    const file = zipOf(xlsxPackage({ name: 'sheet', data: BOMB_XML, packed: BOMB_PACKED }));
    expect(file.length).toBeLessThan(100 * 1024);
    const refused = await refusalOf('zip bomb, 64 MB declared', file);
    expect(refused).toMatchObject({ status: 413, message: expect.stringMatching(/unpacks to 64\.0 MB.*at most 16\.0 MB is read/) });
    expect(refused.ms).toBeLessThan(1000);
    expect(refused.grewMb).toBeLessThan(8);
  });

  it('a zip bomb that declares a small size is stopped at that size while unpacking (413)', async () => {
    const file = zipOf(xlsxPackage({ name: 'sheet', data: BOMB_XML, packed: BOMB_PACKED, declaredSize: 4096 }));
    const refused = await refusalOf('zip bomb, 4 KB declared', file);
    expect(refused).toMatchObject({ status: 413, message: expect.stringMatching(/unpacks to more than the 4096 bytes its header declares/) });
    expect(refused.ms).toBeLessThan(1000);
    expect(refused.grewMb).toBeLessThan(8);
  });

  it('a part packed a thousand times over is refused by its ratio, within the size limit (413)', async () => {
    const xml = Buffer.alloc(12 * MB, ' ');
    const refused = await refusalOf('zip bomb, ratio', zipOf(xlsxPackage({ name: 'sheet', data: xml })));
    expect(refused).toMatchObject({ status: 413, message: expect.stringMatching(/more than 400 times\): refused as a zip bomb/) });
    expect(refused.ms).toBeLessThan(1000);
  });

  it('entries that share one packed stream (an overlapping-file bomb) are refused (400)', async () => {
    const entries = [...xlsxPackage({ name: 'sheet', data: worksheetXml(xlsxRows([['項次']])) }), { name: 'xl/worksheets/sheet2.xml', data: '' }];
    const file = zipOf(entries, { shareDataOf: { 'xl/worksheets/sheet2.xml': 'xl/worksheets/sheet1.xml' } });
    expect(await refusalOf('overlapping entries', file)).toMatchObject({ status: 400, message: expect.stringMatching(/entries overlap/) });
  });

  it('a million rows in an .xlsx are refused by their size (413), and a hundred thousand by their count (413)', async () => {
    const million = worksheetXml('<row><c t="inlineStr"><is><t>1</t></is></c></row>'.repeat(1_000_000));
    const refused = await refusalOf('a million .xlsx rows', zipOf(xlsxPackage({ name: 'sheet', data: million })));
    expect(refused).toMatchObject({ status: 413, message: expect.stringMatching(/unpacks to 46\.7 MB/) });
    expect(refused.ms).toBeLessThan(1500);
    const rows = Array.from({ length: 100_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${i}</t></is></c></row>`);
    const hundredThousand = worksheetXml(rows.join(''));
    const counted = await refusalOf('100,000 .xlsx rows', zipOf(xlsxPackage({ name: 'sheet', data: hundredThousand })));
    expect(counted).toMatchObject({ status: 413, message: expect.stringMatching(/more than 2024 rows with content.*at most 999 goods lines \(R-ITEM-1\)/) });
    expect(counted.ms).toBeLessThan(1000);
  });

  it('700,000 empty rows in an .xlsx (12 MB), which no spreadsheet program writes, are refused by their count before the parser spends seconds on them (413)', async () => {
    const rows = Array.from({ length: 700_000 }, (_, i) => `<row r="${i + 2}"/>`).join('');
    const empty = worksheetXml(`${xlsxRows([['項次']])}${rows}`);
    const refused = await refusalOf('700,000 empty .xlsx rows', zipOf(xlsxPackage({ name: 'sheet', data: empty })));
    expect(refused).toMatchObject({ status: 413, message: expect.stringMatching(/writes more than 262144 rows and cells/) });
    expect(refused.ms).toBeLessThan(2000); // 12 MB unpacked and scanned first
  });

  it('a million rows in a 1 KB .ods (one row said to repeat) are refused before the parser spends seconds on them (413)', async () => {
    const file = zipOf(odsPackage(`<table:table-row>${odsCell('項次')}</table:table-row><table:table-row table:number-rows-repeated="1000000">${odsCell('1')}</table:table-row>`));
    expect(file.length).toBeLessThan(2048);
    const refused = await refusalOf('a million .ods rows', file);
    expect(refused).toMatchObject({ status: 413, message: expect.stringMatching(/more than 2024 rows with content/) });
    expect(refused.ms).toBeLessThan(500);
  });

  // Each of these makes SheetJS expand the row a million times, as a plain table:table-row does.
  describe('rows are counted however they are spelled, wherever SheetJS would find them', () => {
    const repeated = (row: string, cell = 'table:table-cell') => `<${row} table:number-rows-repeated="1000000"><${cell}><text:p>1</text:p></${cell}></${row.split(' ')[0]}>`;
    it.each([
      ['an element name with a suffix (table-row_x)', repeated('table:table-row_x', 'table:table-cell_y')],
      ['another namespace prefix', repeated('t:table-row').replace(/table:number/, 't:number')],
      ['the attribute in upper case', repeated('table:table-row').replace('number-rows-repeated', 'NUMBER-ROWS-REPEATED')],
      ['UOF names (行, 数据)', repeated('table:行', 'table:数据')],
      ['inside a processing instruction', `<?x ${repeated('table:table-row')} ?>`],
      ['inside a CDATA section', `<![CDATA[ ${repeated('table:table-row')} ]]>`],
    ])('%s (413)', async (name, rows) => {
      const refused = await refusalOf(`a million .ods rows, ${name}`, zipOf(odsPackage(rows)));
      expect(refused).toMatchObject({ status: 413, message: expect.stringMatching(/more than 2024 rows with content/) });
    });

    it('a part in UTF-16, which the scan would not read as SheetJS does, is refused (400)', async () => {
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(odsContentXml(repeated('table:table-row')), 'utf16le')]);
      expect(await refusalOf('UTF-16 part', zipOf(odsPackage({ name: 'content.xml', data: utf16 })))).toMatchObject({ status: 400, message: expect.stringMatching(/not UTF-8 XML/) });
    });
  });

  it('a hyperlink over a whole .xlsx sheet, whose every cell SheetJS would make, is refused (413)', async () => {
    const linked = worksheetXml(xlsxRows([['項次']])).replace('</sheetData>', '</sheetData><hyperlinks><hyperlink ref="A1:XFD1048576" location="Goods!A1"/></hyperlinks>');
    const refused = await refusalOf('a hyperlink over 17 billion cells', zipOf(xlsxPackage({ name: 'sheet', data: linked })));
    expect(refused).toMatchObject({ status: 413, message: expect.stringMatching(/writes more than 262144 rows and cells/) });
    expect(refused.ms).toBeLessThan(1000);
  });

  it('a gigabyte of spaces in a few bytes of .ods text is refused (413)', async () => {
    const spaces = `<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="999999999"/>b</text:p></table:table-cell></table:table-row>`;
    const refused = await refusalOf('a gigabyte of spaces', zipOf(odsPackage(spaces)));
    expect(refused).toMatchObject({ status: 413, message: expect.stringMatching(/more than 16777216 spaces/) });
  });

  it('a million columns in one .ods row are refused as too many cells (413)', async () => {
    const file = zipOf(odsPackage(`<table:table-row>${odsCell('x', 'table:number-columns-repeated="1000000"')}</table:table-row>`));
    expect(await refusalOf('a million .ods columns', file)).toMatchObject({ status: 413, message: expect.stringMatching(/more than 65536 cells with content/) });
  });

  it('a repeat count written with an entity is refused, not decoded (400)', async () => {
    const file = zipOf(odsPackage(`<table:table-row table:number-rows-repeated="&#49;000000">${odsCell('1')}</table:table-row>`));
    expect(await refusalOf('repeat count as an entity', file)).toMatchObject({ status: 400, message: expect.stringMatching(/malformed table:number-rows-repeated/) });
  });

  it('deeply nested XML is refused (400)', async () => {
    const nested = worksheetXml(`<row><c t="inlineStr"><is><t>${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}</t></is></c></row>`);
    const refused = await refusalOf('XML nested 100,000 deep', zipOf(xlsxPackage({ name: 'sheet', data: nested })));
    expect(refused).toMatchObject({ status: 400, message: expect.stringMatching(/nests elements more than 64 deep/) });
    expect(refused.ms).toBeLessThan(500);
  });

  it('entity expansion ("billion laughs") is refused at the document type declaration (400)', async () => {
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    const laughs = `<?xml version="1.0"?><!DOCTYPE office:document-content [<!ENTITY l0 "ha">${entities}]>` + odsContentXml(`<table:table-row>${odsCell('&l9;')}</table:table-row>`).replace(/^<\?xml[^>]*\?>/, '');
    const refused = await refusalOf('billion laughs', zipOf(odsPackage({ name: 'content.xml', data: laughs })));
    expect(refused).toMatchObject({ status: 400, message: expect.stringMatching(/declares a document type or entities/) });
  });

  it('a damaged or cut-off archive is refused (400)', async () => {
    const file = Buffer.from(writeGoodsSheet([GOOD_LINE], 'xlsx'));
    expect(await refusalOf('cut-off archive', file.subarray(0, file.length - 30))).toMatchObject({ status: 400, message: expect.stringMatching(/end of its ZIP archive is missing/) });
    // The first entry's CRC-32 in the central directory, which the end record points at.
    const damaged = Buffer.from(file);
    damaged[damaged.readUInt32LE(damaged.length - 6) + 16] ^= 0xff;
    expect(await refusalOf('damaged archive', damaged)).toMatchObject({ status: 400, message: expect.stringMatching(/does not match its size or checksum/) });
  });

  it('a file over the upload limit is refused before it is opened (413)', async () => {
    const file = Buffer.concat([Buffer.from(writeGoodsSheet([GOOD_LINE], 'ods')), Buffer.alloc(5 * MB)]);
    expect(await refusalOf('over 5 MB', file)).toMatchObject({ status: 413, message: expect.stringMatching(/larger than 5 MB/) });
  });

  describe('whatever passes the checks, the parser runs in a worker with a capped heap and a deadline', () => {
    const sheet = Buffer.from(writeGoodsSheet([GOOD_LINE], 'xlsx'));

    it('a parser that needs more memory than its heap is stopped (413)', async () => {
      const refused = await refusalOf('worker heap exhausted', sheet, { ...SHEET_LIMITS, workerHeapMb: 2 });
      expect(refused).toMatchObject({ status: 413, message: expect.stringMatching(/needed more than 2 MB/) });
    });

    it('a parser that takes too long is stopped at its deadline (413)', async () => {
      const refused = await refusalOf('worker deadline', sheet, { ...SHEET_LIMITS, workerTimeoutMs: 1 });
      expect(refused).toMatchObject({ status: 413, message: expect.stringMatching(/took more than 0\.001 s/) });
    });

    it('more sheets at once than may be read or wait are turned away (503)', async () => {
      const limits = { ...SHEET_LIMITS, concurrentReads: 1, queuedReads: 1 };
      const outcomes = await Promise.allSettled([1, 2, 3].map(() => parseGoodsSheet(sheet, limits)));
      const statuses = outcomes.map((outcome) => (outcome.status === 'fulfilled' ? 200 : (outcome.reason as SheetRefusedError).status));
      expect(statuses.sort()).toEqual([200, 200, 503]);
    });
  });

  it('after every refusal above, a good sheet still reads', async () => {
    expect((await parseGoodsSheet(Buffer.from(writeGoodsSheet([GOOD_LINE], 'ods')))).items).toEqual([GOOD_LINE]);
  });

  it('passes what LibreOffice writes to a sheet\'s end: a million empty rows, a thousand empty columns', async () => {
    const header = ['項次', '貨品名稱', '貨品分類號列', '出口管制貨品號碼', '數量', '單位', '金額', '幣別'].map((name) => odsCell(name)).join('');
    const line = ['1', 'Laser', '85414100001', '5A002', '1', 'PCE', '10', 'USD'].map((text) => odsCell(text)).join('');
    const empty = '<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1016"/></table:table-row>';
    const started = performance.now();
    const { items } = await parseGoodsSheet(zipOf(odsPackage(`<table:table-row>${header}</table:table-row><table:table-row>${line}</table:table-row>${empty}`)));
    expect(items).toEqual([{ itemNo: 1, goodsName: 'Laser', cccCode: '85414100001', eccn: '5A002', quantity: '1', unit: 'PCE', amount: '10', currency: 'USD' }]);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('leaves room for the largest real goods sheet: 999 lines with every text cell full, in Chinese', async () => {
    const chinese = (length: number, seed: number) => Array.from({ length }, (_, i) => String.fromCharCode(0x4e00 + ((seed * 7919 + i * 104729) % 20000))).join('');
    const lines = Array.from({ length: 999 }, (_, i) => ({
      ...GOOD_LINE,
      itemNo: i + 1,
      goodsName: chinese(390, i),
      brand: chinese(120, i + 1),
      model: chinese(390, i + 2),
      spec: chinese(2000, i + 3),
      quantity: '123456789.1234',
      amount: '1234567890123.1234',
    }));
    for (const format of ['xlsx', 'ods'] as const) {
      const file = Buffer.from(writeGoodsSheet(lines, format));
      expect(file.length).toBeLessThan(SHEET_LIMITS.maxFileBytes);
      // The checks before the parser (the parse itself takes seconds; the round-trip tests read real sheets).
      const parts = await unpackSheet(file);
      expect(() => guardSheetXml(parts)).not.toThrow();
      const unpacked = [...parts.values()].reduce((total, part) => total + part.length, 0);
      expect(unpacked).toBeLessThan(SHEET_LIMITS.maxUnpackedBytes * 0.7);
    }
  });
});
