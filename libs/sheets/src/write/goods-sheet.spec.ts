import { strFromU8, unzipSync } from 'fflate';
import type { ValidGoodsItem } from '@shtc/domain';
import { ODS, XLSX, sniffFileType } from '@shtc/attachments';
import { writeGoodsSheet } from './goods-sheet';

const FORMULA_LOOKING: ValidGoodsItem = {
  itemNo: 1,
  goodsName: '=HYPERLINK("http://evil.example","click")',
  brand: '+886 Formosa',
  model: '-40C',
  spec: '@SUM(1+1)',
  cccCode: '85176290006',
  eccn: '5A002.a',
  quantity: '100.5',
  unit: 'PCE',
  amount: '12000',
  currency: 'USD',
};
const CHINESE: ValidGoodsItem = { itemNo: 2, goodsName: '單模光纖雷射模組 <1550 nm> & 驅動器', cccCode: '01012100004', eccn: '5A002', quantity: '0.0001', unit: 'KGM', amount: '600000', currency: 'TWD' };

const partsOf = (file: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(file)).map(([name, data]) => [name, strFromU8(data)]));

describe('writing the goods sheet (R-BULK-1)', () => {
  describe('.xlsx', () => {
    const file = writeGoodsSheet([FORMULA_LOOKING, CHINESE], 'xlsx');
    const parts = partsOf(file);
    const goods = parts['xl/worksheets/sheet1.xml'];

    it('is typed as .xlsx by its bytes, with the goods sheet first and the instructions second', () => {
      expect(sniffFileType(Buffer.from(file)).type).toBe(XLSX);
      expect(parts['xl/workbook.xml']).toMatch(/<sheet name="貨品明細 Goods" sheetId="1".*<sheet name="填寫說明 Instructions" sheetId="2"/);
    });

    it('heads required columns in red bold (manual 4.1: 紅色字體欄為必要填寫欄位), the optional ones in black bold', () => {
      const styleOf = (cell: string) => Number(new RegExp(`<c r="${cell}" s="(\\d+)"`).exec(goods)![1]);
      const xfs = [...parts['xl/styles.xml'].matchAll(/<xf [^>]*fontId="(\d+)"[^>]*?\/?>/g)].slice(1).map((match) => Number(match[1]));
      const fonts = [...parts['xl/styles.xml'].matchAll(/<font>(.*?)<\/font>/g)].map((match) => match[1]);
      const fontOf = (cell: string) => fonts[xfs[styleOf(cell)]];
      expect(fontOf('A1')).toMatch(/<b\/>.*<color rgb="FFFF0000"\/>/); // 項次
      expect(fontOf('F1')).toMatch(/<color rgb="FFFF0000"\/>/); // 貨品分類號列
      expect(fontOf('C1')).toMatch(/<b\/>/); // 廠牌/廠名
      expect(fontOf('C1')).not.toMatch(/color/);
      expect(goods).toContain('<t xml:space="preserve">* 項次\nItem No.</t>');
    });

    it('writes formula-looking text as text cells marked quotePrefix, never as formulas', () => {
      expect(goods).not.toMatch(/<f[ >]/);
      expect(goods).toContain('<c r="B2" s="6" t="inlineStr"><is><t xml:space="preserve">=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)</t></is></c>');
      for (const cell of ['C2', 'D2', 'E2']) expect(goods).toMatch(new RegExp(`<c r="${cell}" s="6" t="inlineStr">`));
      expect(parts['xl/styles.xml']).toMatch(/<cellXfs count="7">(?:<xf .*?(?:\/>|<\/xf>)){6}<xf [^>]*quotePrefix="1"\/><\/cellXfs>/);
      expect(goods).toMatch(/<c r="H2" s="1" t="inlineStr"><is><t xml:space="preserve">100.5<\/t>/); // plain text: style 1, no quote prefix
    });

    it('keeps Chinese text, escapes markup, and keeps a CCC code\'s leading zero and a quantity\'s decimals as text', () => {
      expect(goods).toContain('單模光纖雷射模組 &lt;1550 nm&gt; &amp; 驅動器');
      expect(goods).toContain('<t xml:space="preserve">01012100004</t>');
      expect(goods).toContain('<t xml:space="preserve">0.0001</t>');
      expect(goods).not.toMatch(/t="n"|<c [^>]*>(?:<v>)/);
    });

    it('formats every goods column as text, so typed values stay as typed', () => {
      expect(goods.match(/<col [^>]*style="1"/g)).toHaveLength(11);
      expect(parts['xl/styles.xml']).toMatch(/<cellXfs count="7"><xf [^>]*\/><xf numFmtId="49"/);
    });

    it('writes the instructions in Chinese and English', () => {
      const instructions = parts['xl/worksheets/sheet2.xml'];
      expect(instructions).toContain('紅色字體並標示「*」之欄位為必要填寫欄位。\nColumns whose header is red and marked * are required.');
      expect(instructions).toContain('貨品分類號列欄請輸入 11 碼');
      expect(instructions).toContain('at most 7 characters, such as 5A002.a');
    });
  });

  describe('.ods', () => {
    const file = writeGoodsSheet([FORMULA_LOOKING, CHINESE], 'ods');
    const parts = partsOf(file);
    const content = parts['content.xml'];

    it('is typed as .ods by its bytes (mimetype first and stored)', () => {
      expect(sniffFileType(Buffer.from(file)).type).toBe(ODS);
      expect(Object.keys(parts)[0]).toBe('mimetype');
    });

    it('heads required columns in red bold, Chinese included', () => {
      expect(content).toMatch(/<style:style style:name="headerRequired"[^>]*>.*?fo:color="#ff0000" fo:font-weight="bold" style:font-weight-asian="bold"/);
      expect(content).toContain('<table:table-cell table:style-name="headerRequired" office:value-type="string"><text:p>* 項次</text:p><text:p>Item No.</text:p></table:table-cell>');
      expect(content).toContain('<table:table-cell table:style-name="headerOptional" office:value-type="string"><text:p>廠牌/廠名</text:p><text:p>Brand</text:p></table:table-cell>');
    });

    it('writes formula-looking text as string cells, with no table:formula anywhere', () => {
      expect(content).not.toContain('table:formula');
      expect(content).toContain('<table:table-cell table:style-name="text" office:value-type="string"><text:p>=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)</text:p></table:table-cell>');
      expect(content).toContain('<text:p>@SUM(1+1)</text:p>');
    });

    it('keeps Chinese text, escaped, and gives every goods column the text data style', () => {
      expect(content).toContain('<text:p>單模光纖雷射模組 &lt;1550 nm&gt; &amp; 驅動器</text:p>');
      expect(content.match(/<table:table-column table:style-name="co\d+" table:default-cell-style-name="text"\/>/g)).toHaveLength(11);
      expect(content).toContain('<number:text-style style:name="N0"><number:text-content/></number:text-style>');
    });

    it('writes the instructions in Chinese and English, line by line', () => {
      expect(content).toContain('<table:table table:name="填寫說明 Instructions">');
      expect(content).toContain('<text:p>紅色字體並標示「*」之欄位為必要填寫欄位。</text:p><text:p>Columns whose header is red and marked * are required.</text:p>');
    });
  });

  it('writes the template as the header alone', () => {
    const xlsx = partsOf(writeGoodsSheet([], 'xlsx'))['xl/worksheets/sheet1.xml'];
    expect(xlsx.match(/<row /g)).toHaveLength(1);
    const ods = partsOf(writeGoodsSheet([], 'ods'))['content.xml'];
    expect(ods.split('<table:table table:name="填寫說明')[0].match(/<table:table-row/g)).toHaveLength(1);
  });
});
