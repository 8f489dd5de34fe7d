import { checkPortCode } from './port-code';

describe('transshipment port', () => {
  describe('R-FORM-4 a 5-character UN/LOCODE: country plus 3 letters or digits 2–9', () => {
    it.each([['USNYC', 'USNYC'], ['SGSIN', 'SGSIN'], ['TWKHH', 'TWKHH'], ['sgsin', 'SGSIN'], ['US NYC', 'USNYC'], ['DEHAM', 'DEHAM'], ['AEJE2', 'AEJE2']])(
      'accepts %j as %s',
      (text, code) => {
        expect(checkPortCode(text, 'transshipmentPort')).toEqual({ ok: true, value: code, warnings: [] });
      },
    );
    it.each([
      ['USNY', 'four characters'],
      ['USNYCX', 'six characters'],
      ['USNY1', 'digit 1'],
      ['USNY0', 'digit 0'],
      ['ZZNYC', 'unknown country'],
      ['XZABC', 'not an ISO country'],
      ['US-NYC', 'a dash'],
      ['', 'missing'],
    ])('refuses %j (%s)', (text) => {
      expect(checkPortCode(text, 'transshipmentPort')).toMatchObject({ ok: false, issues: [{ field: 'transshipmentPort', rule: 'R-FORM-4' }] });
    });
  });
});
