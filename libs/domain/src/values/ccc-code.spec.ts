import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cccCheckDigit, checkCccCode, formatCccCode, hasValidCccCheckDigit } from './ccc-code';

// A copy of /work/shared/reference/ccc-samples.tsv (each code with its source), shipped with the reference data.
const samplesFile = join(__dirname, '../../../reference-data/data/ccc-samples.tsv');
const samples = readFileSync(samplesFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => line.split('\t')[0].replace(/[.-]/g, ''));

describe('CCC code', () => {
  describe('R-ITEM-4 exactly 11 digits, nothing else', () => {
    it('accepts 11 digits', () => {
      expect(checkCccCode('85489090005', 'items[0].cccCode')).toEqual({ ok: true, value: '85489090005', warnings: [] });
    });
    it('trims surrounding spaces', () => {
      expect(checkCccCode(' 85489090005 ', 'f')).toMatchObject({ ok: true, value: '85489090005' });
    });
    it('refuses the dotted tariff form and says which digits to write', () => {
      const checked = checkCccCode('8548.90.90.00-5', 'items[2].cccCode');
      expect(checked).toMatchObject({ ok: false, issues: [{ field: 'items[2].cccCode', rule: 'R-ITEM-4' }] });
      expect(!checked.ok && checked.issues[0].message).toContain('85489090005');
    });
    it.each([['8548909000'], ['854890900051'], ['8548909000A'], ['８５４８９０９０００５'], ['']])('refuses %j', (text) => {
      expect(checkCccCode(text, 'f')).toMatchObject({ ok: false, issues: [{ rule: 'R-ITEM-4', field: 'f' }] });
    });
    it('refuses a number and a missing code', () => {
      expect(checkCccCode(85489090005, 'f').ok).toBe(false);
      expect(checkCccCode(undefined, 'f').ok).toBe(false);
    });
  });

  describe('R-ITEM-4 check digit (a warning, reference README)', () => {
    it(`fits every one of the ${samples.length} sample codes`, () => {
      expect(samples).toHaveLength(66);
      for (const code of samples) {
        expect({ code, valid: hasValidCccCheckDigit(code) }).toEqual({ code, valid: true });
        expect(checkCccCode(code, 'f')).toEqual({ ok: true, value: code, warnings: [] });
      }
    });
    it('computes the check digit of 8548.90.90.00', () => {
      expect(cccCheckDigit('8548909000')).toBe(5);
    });
    it('warns, but accepts, a code whose last digit was mistyped', () => {
      const checked = checkCccCode('85489090006', 'items[0].cccCode');
      expect(checked).toMatchObject({ ok: true, value: '85489090006', warnings: [{ field: 'items[0].cccCode', rule: 'R-ITEM-4' }] });
      expect(checked.warnings[0].message).toContain('check digit 5');
    });
    it('warns for every other last digit of every sample code', () => {
      for (const code of samples) {
        for (let digit = 0; digit <= 9; digit++) {
          if (String(digit) === code[10]) continue;
          expect(checkCccCode(code.slice(0, 10) + digit, 'f').warnings).toHaveLength(1);
        }
      }
    });
    it('warns when two digits of a sample code are swapped', () => {
      const swapped = '8458909000' + samples.find((code) => code.startsWith('8548909000'))?.[10];
      expect(hasValidCccCheckDigit(swapped)).toBe(false);
      expect(checkCccCode(swapped, 'f').warnings).toHaveLength(1);
    });
    it('prints the dotted form', () => {
      expect(formatCccCode('85489090005')).toBe('8548.90.90.00-5');
    });
  });
});
