import { checkApplicantId } from './business-id';

const refusedAs = (message: RegExp) => ({ ok: false, issues: [{ field: 'businessId', rule: 'R-ACC-6', message: expect.stringMatching(message) }] });

describe('applicant identifier (R-ACC-6)', () => {
  describe("a company's business number (統一編號): 8 digits, weights 1,2,1,2,1,2,4,1, digits of each product added", () => {
    it.each([
      ['22099131', 'sum 30: divisible by 10, as every number issued before 2023'],
      ['04595257', 'sum 40: divisible by 10, with a leading zero'],
      ['04595252', 'sum 35: divisible by 5 only, as numbers issued from 2023 may be'],
      ['10458575', '7th digit 7, its product 28 counted as 0: sum 20'],
      ['10458574', '7th digit 7, its product 28 counted as 1: sum 20'],
      ['10458570', '7th digit 7 counted as 0: sum 15, divisible by 5'],
    ])('accepts %s (%s)', (number) => {
      expect(checkApplicantId(number, 'COMPANY')).toEqual({ ok: true, value: number, warnings: [] });
    });

    it.each([
      ['22099132', 'a typo in the last digit: sum 31'],
      ['22090131', 'a typo in the middle: sum 21'],
      ['12345678', 'a made-up number: sum 32'],
      ['10458572', '7th digit 7, neither count divisible by 5: sums 17 and 18'],
    ])('refuses %s (%s)', (number) => {
      expect(checkApplicantId(number, 'COMPANY')).toMatchObject(refusedAs(/check/));
    });

    it.each([['2209913'], ['220991310'], ['2209913A'], ['２２０９９１３１'], ['A123456789'], ['']])('refuses %j: not 8 digits', (text) => {
      expect(checkApplicantId(text, 'COMPANY')).toMatchObject(refusedAs(/8 digits/));
    });

    it('trims surrounding spaces', () => {
      expect(checkApplicantId(' 22099131 ', 'COMPANY')).toMatchObject({ ok: true, value: '22099131' });
    });
  });

  describe("a person's national ID or resident certificate number: a letter, then 9 digits, letter-weighted check", () => {
    it.each([
      ['A123456789', 'a national ID (A → 10)'],
      ['A800000014', 'a new-format resident certificate number (second digit 8)'],
      ['Z100000002', 'Z counts as 33'],
      ['I100000003', 'I counts as 34'],
      ['W100000001', 'W counts as 32'],
    ])('accepts %s (%s)', (id) => {
      expect(checkApplicantId(id, 'PERSON')).toEqual({ ok: true, value: id, warnings: [] });
    });

    it('accepts lower case and answers upper case', () => {
      expect(checkApplicantId(' a123456789 ', 'PERSON')).toMatchObject({ ok: true, value: 'A123456789' });
    });

    it.each([
      ['A123456788', 'one wrong digit'],
      ['B123456789', 'the wrong letter'],
      ['A800000015', 'a resident certificate number with one wrong digit'],
    ])('refuses %s (%s)', (id) => {
      expect(checkApplicantId(id, 'PERSON')).toMatchObject(refusedAs(/check/));
    });

    it('refuses a second digit that is neither a national ID (1, 2) nor a resident certificate (8, 9)', () => {
      expect(checkApplicantId('A323456789', 'PERSON')).toMatchObject(refusedAs(/1 or 2.*8 or 9/));
    });
  });

  describe("a person's passport number: taken as given, letters and digits", () => {
    it.each([['300123456'], ['E12345678'], ['C01X00T47'], ['x1234567']])('accepts %s', (number) => {
      expect(checkApplicantId(number, 'PERSON')).toMatchObject({ ok: true, value: number.toUpperCase() });
    });

    it.each([['A1-23'], ['12345'], ['P'.repeat(21)], ['']])('refuses %j', (text) => {
      expect(checkApplicantId(text, 'PERSON')).toMatchObject(refusedAs(/letters and digits/));
    });
  });

  it('refuses what is not text', () => {
    expect(checkApplicantId(22099131, 'COMPANY').ok).toBe(false);
    expect(checkApplicantId(undefined, 'PERSON').ok).toBe(false);
  });
});
