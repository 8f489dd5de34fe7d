import { checkGoodsItem, checkGoodsItems, checkUnit } from './goods-item';

const line = (itemNo: number, overrides: Record<string, unknown> = {}) => ({
  itemNo,
  goodsName: 'Network encryption module',
  brand: 'Formosa',
  model: 'FX-200',
  cccCode: '85176290006',
  eccn: '5A002.a',
  quantity: '100.50',
  unit: 'PCE',
  amount: '12000.00',
  currency: 'USD',
  ...overrides,
});

describe('goods items', () => {
  it('R-ITEM-1…6 accept a good line and normalise it', () => {
    expect(checkGoodsItem(line(1, { unit: 'pce', currency: 'usd', eccn: '5a002.A', spec: '  AES-256,  10 Gbit/s ' }), 'items[0]', 1)).toEqual({
      ok: true,
      value: {
        itemNo: 1,
        goodsName: 'Network encryption module',
        brand: 'Formosa',
        model: 'FX-200',
        spec: 'AES-256, 10 Gbit/s',
        cccCode: '85176290006',
        eccn: '5A002.a',
        quantity: '100.5',
        unit: 'PCE',
        amount: '12000',
        currency: 'USD',
      },
      warnings: [],
    });
  });

  describe('R-ITEM-1 items are numbered 1, 2, 3 … without gaps', () => {
    it('accepts 1, 2, 3 (numbers or digits)', () => {
      const checked = checkGoodsItems([line(1), line(2), line(3, { itemNo: '3' })]);
      expect(checked.ok && checked.value.map((item) => item.itemNo)).toEqual([1, 2, 3]);
    });
    it('refuses a gap, naming the line', () => {
      expect(checkGoodsItems([line(1), line(3)])).toMatchObject({ ok: false, issues: [{ field: 'items[1].itemNo', rule: 'R-ITEM-1' }] });
    });
    it('refuses numbers out of order and a missing number', () => {
      expect(checkGoodsItems([line(2), line(1)])).toMatchObject({ ok: false, issues: [{ field: 'items[0].itemNo' }, { field: 'items[1].itemNo' }] });
      expect(checkGoodsItems([line(1, { itemNo: undefined })])).toMatchObject({ ok: false, issues: [{ field: 'items[0].itemNo', rule: 'R-ITEM-1' }] });
    });
    it('refuses an empty list and a line that is not an object', () => {
      expect(checkGoodsItems([])).toMatchObject({ ok: false, issues: [{ field: 'items', rule: 'R-ITEM-1' }] });
      expect(checkGoodsItems(undefined)).toMatchObject({ ok: false, issues: [{ field: 'items' }] });
      expect(checkGoodsItems([line(1), 'x'])).toMatchObject({ ok: false, issues: [{ field: 'items[1]' }] });
    });
  });

  describe('R-ITEM-2 goods name: required, at most 390 characters', () => {
    it('accepts 390 characters and refuses 391', () => {
      expect(checkGoodsItem(line(1, { goodsName: 'x'.repeat(390) }), 'items[0]', 1).ok).toBe(true);
      expect(checkGoodsItem(line(1, { goodsName: 'x'.repeat(391) }), 'items[0]', 1)).toMatchObject({
        ok: false,
        issues: [{ field: 'items[0].goodsName', rule: 'R-ITEM-2' }],
      });
    });
    it('refuses a missing name; brand, model and spec are optional', () => {
      expect(checkGoodsItem(line(1, { goodsName: ' ' }), 'items[0]', 1)).toMatchObject({ ok: false, issues: [{ field: 'items[0].goodsName' }] });
      const checked = checkGoodsItem(line(1, { brand: undefined, model: '' }), 'items[0]', 1);
      expect(checked.ok && Object.keys(checked.value).filter((key) => ['brand', 'model', 'spec'].includes(key))).toEqual([]);
    });
  });

  it('R-ITEM-3 refuses a bad quantity at its path', () => {
    expect(checkGoodsItems([line(1), line(2), line(3, { quantity: '1,000' })])).toMatchObject({
      ok: false,
      issues: [{ field: 'items[2].quantity', rule: 'R-ITEM-3' }],
    });
  });

  it('R-ITEM-4 refuses a CCC code that is not 11 digits, and only warns on its check digit', () => {
    expect(checkGoodsItem(line(1, { cccCode: '8517.62.90.00-6' }), 'items[0]', 1)).toMatchObject({ ok: false, issues: [{ rule: 'R-ITEM-4' }] });
    const warned = checkGoodsItems([line(1, { cccCode: '85176290007' })]);
    expect(warned).toMatchObject({ ok: true, warnings: [{ field: 'items[0].cccCode', rule: 'R-ITEM-4' }] });
  });

  it('R-ITEM-4 keeps the check-digit warning beside the refusals of other fields', () => {
    expect(checkGoodsItem(line(1, { cccCode: '85176290007', unit: '' }), 'items[0]', 1)).toMatchObject({
      ok: false,
      issues: [{ field: 'items[0].unit' }],
      warnings: [{ field: 'items[0].cccCode' }],
    });
  });

  it('R-ITEM-5 refuses an export control number over 7 characters', () => {
    expect(checkGoodsItem(line(1, { eccn: '5A002.a.1' }), 'items[0]', 1)).toMatchObject({ ok: false, issues: [{ field: 'items[0].eccn', rule: 'R-ITEM-5' }] });
  });

  describe('R-ITEM-6 unit, amount and currency', () => {
    it.each([['PCE'], ['KGM'], ['SET'], ['UNT'], ['C62'], ['kg', 'KG']])('accepts the unit %j', (text, unit = text) => {
      expect(checkUnit(text, 'u')).toEqual({ ok: true, value: unit, warnings: [] });
    });
    it.each([['PIECE'], ['pcs.'], ['個'], ['']])('refuses the unit %j', (text) => {
      expect(checkUnit(text, 'items[0].unit')).toMatchObject({ ok: false, issues: [{ rule: 'R-ITEM-6', field: 'items[0].unit' }] });
    });
    it('reports every missing field of a line at once', () => {
      const checked = checkGoodsItem(line(1, { unit: undefined, amount: undefined, currency: undefined }), 'items[0]', 1);
      expect(checked).toMatchObject({
        ok: false,
        issues: [
          { field: 'items[0].unit', rule: 'R-ITEM-6' },
          { field: 'items[0].amount', rule: 'R-ITEM-6' },
          { field: 'items[0].currency', rule: 'R-ITEM-6' },
        ],
      });
    });
  });
});
