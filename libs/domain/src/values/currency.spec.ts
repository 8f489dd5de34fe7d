import { checkCurrencyCode, currencyMinorUnits, currencyName, isCurrencyCode } from './currency';

describe('currency (ISO 4217)', () => {
  describe('R-ITEM-6 each item has its currency', () => {
    it.each([['USD', 'USD'], ['twd', 'TWD'], [' EUR ', 'EUR'], ['JPY', 'JPY']])('accepts %j as %s', (text, code) => {
      expect(checkCurrencyCode(text, 'items[0].currency')).toEqual({ ok: true, value: code, warnings: [] });
    });
    it.each([['US$'], ['NTD'], ['DOLLAR'], ['XXX'], ['XTS'], ['XAU'], [''], [840]])('refuses %j', (input) => {
      expect(checkCurrencyCode(input, 'items[0].currency')).toMatchObject({
        ok: false,
        issues: [{ field: 'items[0].currency', rule: 'R-ITEM-6' }],
      });
    });
  });

  it('names a currency and its minor unit', () => {
    expect(isCurrencyCode('TWD')).toBe(true);
    expect(currencyName('TWD')).toBe('New Taiwan Dollar');
    expect(currencyMinorUnits('USD')).toBe(2);
    expect(currencyMinorUnits('JPY')).toBe(0);
    expect(() => currencyName('XXX')).toThrow(RangeError);
  });
});
