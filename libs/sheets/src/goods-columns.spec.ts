import { GOODS_COLUMNS, columnLetter, columnNumber, columnOfHeader, headerText, normaliseHeader } from './goods-columns';

describe('goods sheet columns (R-BULK-2)', () => {
  it('are the fields of a goods line, required as R-ITEM-1…6 require them', () => {
    expect(GOODS_COLUMNS.map((column) => column.field)).toEqual(['itemNo', 'goodsName', 'brand', 'model', 'spec', 'cccCode', 'eccn', 'quantity', 'unit', 'amount', 'currency']);
    expect(GOODS_COLUMNS.filter((column) => !column.required).map((column) => column.field)).toEqual(['brand', 'model', 'spec']);
  });

  it('write the manual\'s Chinese name and the English one, a * before a required one', () => {
    expect(headerText(GOODS_COLUMNS[0])).toBe('* 項次\nItem No.');
    expect(headerText(GOODS_COLUMNS[2])).toBe('廠牌/廠名\nBrand');
  });

  describe('a header is recognised however the sheet was saved or retyped', () => {
    it.each([
      ['* 項次\nItem No.', 'itemNo'],
      ['項次 Item No.', 'itemNo'],
      ['Item No. 項次', 'itemNo'],
      ['項次', 'itemNo'],
      ['ITEM NO', 'itemNo'],
      ['itemNo', 'itemNo'],
      ['※貨品分類號列（CCC code）', 'cccCode'],
      ['ＣＣＣ　ｃｏｄｅ', 'cccCode'],
      ['出口管制貨品號碼\r\nExport control no.', 'eccn'],
      ['ECCN', 'eccn'],
      ['型號/序號 Model/serial no.', 'model'],
      ['型號', 'model'],
      ['廠牌/廠名', 'brand'],
      ['  數量  ', 'quantity'],
      ['幣別 Currency', 'currency'],
    ])('%j → %s', (header, field) => {
      expect(columnOfHeader(header)).toBe(field);
    });

    it.each([['備註 Remarks'], [''], ['*'], ['項次 Quantity'], ['Unit price']])('%j names no goods column', (header) => {
      expect(columnOfHeader(header)).toBeUndefined();
    });
  });

  it('gives no two columns the same name', () => {
    const names = GOODS_COLUMNS.flatMap((column) => [column.zh, column.en, column.field, ...column.aliases].map((name) => [normaliseHeader(name), column.field]));
    const owners = new Map<string, Set<string>>();
    for (const [name, field] of names) owners.set(name, (owners.get(name) ?? new Set()).add(field));
    expect([...owners].filter(([, fields]) => fields.size > 1)).toEqual([]);
  });

  it('letters columns as spreadsheets do', () => {
    expect([0, 10, 25, 26, 51, 701, 702].map(columnLetter)).toEqual(['A', 'K', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
    expect(['A', 'K', 'Z', 'AA', 'AZ', 'ZZ', 'AAA'].map(columnNumber)).toEqual([1, 11, 26, 27, 52, 702, 703]);
  });
});
