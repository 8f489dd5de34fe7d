import { checkExportControlNumber, controlListOf } from './export-control-number';

describe('export control number', () => {
  describe('R-ITEM-5 uniform 5 characters, optional sub-items, at most 7 in all', () => {
    it.each([
      ['5A002', '5A002'],
      ['5A002.a', '5A002.a'],
      ['3A001.b', '3A001.b'],
      ['0E001', '0E001'],
      ['9D004.1', '9D004.1'],
      ['5a002.A', '5A002.a'],
      [' 1C350 ', '1C350'],
    ])('accepts %j as %s', (text, normalised) => {
      expect(checkExportControlNumber(text, 'items[0].eccn')).toEqual({ ok: true, value: normalised, warnings: [] });
    });

    it.each([
      ['5F002', 'category letter A–E'],
      ['5A02', 'three digits'],
      ['A5002', 'digit first'],
      ['5A002a', 'sub-item without a point'],
      ['5A002.', 'a point without a sub-item'],
      ['5A 002', 'a space inside'],
      ['5A002.a.1', 'more than 7 characters'],
      ['3A001.a.1.a', 'more than 7 characters'],
      ['', 'missing'],
    ])('refuses %j (%s)', (text) => {
      expect(checkExportControlNumber(text, 'items[1].eccn')).toMatchObject({ ok: false, issues: [{ rule: 'R-ITEM-5', field: 'items[1].eccn' }] });
    });

    it('tells what to keep when a number is too long', () => {
      const checked = checkExportControlNumber('5A002.a.1', 'f');
      expect(!checked.ok && checked.issues[0].message).toContain('keep 5A002.a');
    });
  });

  describe('R-ITEM-5 military list ML1–ML22 (reference README)', () => {
    it.each([['ML1'], ['ML22'], ['ml8', 'ML8'], ['ML8.a'], ['ML10.b']])('accepts %j', (text, normalised = text) => {
      expect(checkExportControlNumber(text, 'f')).toMatchObject({ ok: true, value: normalised });
    });
    it.each([['ML0'], ['ML23'], ['ML01'], ['ML'], ['ML10.a.1']])('refuses %j', (text) => {
      expect(checkExportControlNumber(text, 'f')).toMatchObject({ ok: false, issues: [{ rule: 'R-ITEM-5' }] });
    });
  });

  it('names the list by the first of the three digits', () => {
    expect(controlListOf('5A002.a')).toBe('WASSENAAR');
    expect(controlListOf('9A101')).toBe('MTCR');
    expect(controlListOf('0B201')).toBe('NSG');
    expect(controlListOf('1C350')).toBe('AUSTRALIA_GROUP');
    expect(controlListOf('5A992')).toBe('OTHER_DUAL_USE');
    expect(controlListOf('ML8')).toBe('MILITARY');
    expect(controlListOf('nonsense')).toBeUndefined();
  });
});
