import { checkCountryCode, countryCodes, countryNameEn, countryNameZhTw, isCountryCode } from './country';

describe('country (ISO 3166-1 alpha-2)', () => {
  describe('R-FORM-1 a country field holds a known two-letter code', () => {
    it.each([['DE', 'DE'], ['tw', 'TW'], [' us ', 'US'], ['KP', 'KP']])('accepts %j as %s', (text, code) => {
      expect(checkCountryCode(text, 'buyer.country')).toEqual({ ok: true, value: code, warnings: [] });
    });
    it.each([['DEU'], ['Germany'], ['ZZ'], ['D'], [''], [49]])('refuses %j', (input) => {
      expect(checkCountryCode(input, 'buyer.country')).toMatchObject({ ok: false, issues: [{ field: 'buyer.country', rule: 'R-FORM-1' }] });
    });
    it('cites the rule it is given', () => {
      expect(checkCountryCode('XX', 'reExport.originCountry', 'R-NEW-4')).toMatchObject({ ok: false, issues: [{ rule: 'R-NEW-4' }] });
    });
  });

  it('knows codes only in upper case', () => {
    expect(isCountryCode('CN')).toBe(true);
    expect(isCountryCode('cn')).toBe(false);
    expect(isCountryCode('CHN')).toBe(false);
    expect(countryCodes()).toContain('AE');
    expect(countryCodes().length).toBeGreaterThanOrEqual(249);
  });

  it('names countries in English, Taiwan as Taiwan', () => {
    expect(countryNameEn('DE')).toBe('Germany');
    expect(countryNameEn('TW')).toBe('Taiwan');
    expect(() => countryNameEn('ZZ')).toThrow(RangeError);
  });

  it('names countries in Traditional Chinese with Taiwan usage', () => {
    expect(countryNameZhTw('TW')).toBe('台灣');
    expect(countryNameZhTw('CN')).toBe('中國');
    expect(countryNameZhTw('DE')).toBe('德國');
    expect(countryNameZhTw('NZ')).toBe('紐西蘭');
    expect(countryNameZhTw('KP')).toBe('北韓');
  });
});
