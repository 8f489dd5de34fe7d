import { Decimal, parseAmount, parseQuantity } from './decimal';

const value = (checked: ReturnType<typeof parseQuantity>) => (checked.ok ? checked.value.toString() : checked.issues);

describe('decimals (architecture.md item 8: fixed-point, never a float)', () => {
  describe('R-ITEM-3 quantity: at most 9 integer digits and 4 decimals, a point, greater than zero', () => {
    it.each([
      ['100.55', '100.55'],
      ['600000', '600000'],
      ['0.5', '0.5'],
      ['999999999.9999', '999999999.9999'],
      ['0.0001', '0.0001'],
      ['1.5000', '1.5'],
      ['007', '7'],
      [' 12 ', '12'],
    ])('accepts %j as %s', (text, canonical) => {
      expect(value(parseQuantity(text, 'items[0].quantity'))).toBe(canonical);
    });

    it.each([
      ['1,000', 'thousands separators'],
      ['1e3', 'exponent'],
      ['-1', 'greater than zero'],
      ['0', 'greater than zero'],
      ['0.0000', 'greater than zero'],
      ['.5', 'write 0.5'],
      ['5.', 'must not end with a decimal point'],
      ['+5', 'without a sign'],
      ['10000000000', 'at most 9 digits'],
      ['1000000000', 'at most 9 digits'],
      ['1.23456', 'at most 4 decimals'],
      ['1,5', 'thousands separators'],
      ['12 kg', 'a number such as 100.55'],
      ['１００', 'a number such as 100.55'],
      ['', 'required'],
    ])('refuses %j (%s)', (text, words) => {
      const checked = parseQuantity(text, 'items[2].quantity');
      expect(checked).toMatchObject({ ok: false, issues: [{ field: 'items[2].quantity', rule: 'R-ITEM-3' }] });
      expect(!checked.ok && checked.issues[0].message).toContain(words);
    });

    it.each([[100.55], [null], [undefined], [{}]])('refuses the non-string %j', (input) => {
      expect(parseQuantity(input, 'q')).toMatchObject({ ok: false, issues: [{ rule: 'R-ITEM-3' }] });
    });
  });

  describe('R-ITEM-6 amount: at most 13 integer digits and 4 decimals, greater than zero', () => {
    it('accepts a large amount with cents', () => {
      expect(value(parseAmount('9999999999999.99', 'items[0].amount'))).toBe('9999999999999.99');
    });
    it('refuses 14 integer digits, zero and separators', () => {
      for (const text of ['10000000000000', '0', '12,000.00']) {
        expect(parseAmount(text, 'items[0].amount')).toMatchObject({ ok: false, issues: [{ rule: 'R-ITEM-6', field: 'items[0].amount' }] });
      }
    });
    it('keeps 12000.00 exactly and writes it canonically', () => {
      expect(value(parseAmount('12000.00', 'a'))).toBe('12000');
    });
  });

  describe('Decimal arithmetic is exact', () => {
    it('adds 0.1 and 0.2 to exactly 0.3', () => {
      expect(Decimal.fromStored('0.1').add(Decimal.fromStored('0.2')).toString()).toBe('0.3');
    });
    it('subtracts down to zero and below', () => {
      const balance = Decimal.fromStored('100.55').subtract(Decimal.fromStored('100.55'));
      expect(balance.isZero()).toBe(true);
      expect(balance.toString()).toBe('0');
      expect(Decimal.fromStored('1').subtract(Decimal.fromStored('1.0001')).toString()).toBe('-0.0001');
    });
    it('sums beyond the range of a double exactly', () => {
      const big = Decimal.fromStored('9999999999999.9999');
      expect(Decimal.sum([big, big, big]).toString()).toBe('29999999999999.9997');
    });
    it('compares', () => {
      const [a, b] = [Decimal.fromStored('2.5'), Decimal.fromStored('2.50')];
      expect(a.compare(b)).toBe(0);
      expect(a.equals(b)).toBe(true);
      expect(a.compare(Decimal.fromStored('3'))).toBe(-1);
      expect(Decimal.fromStored('3').compare(a)).toBe(1);
    });
    it('round-trips through its stored string and JSON', () => {
      for (const text of ['0', '1', '0.5', '100.55', '-42.0001', '600000']) {
        expect(Decimal.fromStored(text).toString()).toBe(text);
      }
      expect(JSON.stringify({ quantity: Decimal.fromStored('1.50') })).toBe('{"quantity":"1.5"}');
      expect(Decimal.fromStored('1.5').units).toBe(15000n);
    });
    it('throws on a malformed stored string (a bug, not user input)', () => {
      for (const text of ['', '1e3', '1.23456', '1,000', 'abc']) expect(() => Decimal.fromStored(text)).toThrow(RangeError);
    });
  });
});
