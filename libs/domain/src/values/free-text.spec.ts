import { characterCount, checkFreeText, checkReason, normaliseSpaces } from './free-text';

const format = { rule: 'R-ITEM-2', label: 'Goods name', maxLength: 10 };

describe('free text', () => {
  it('R-ITEM-2 trims and joins white space runs into one space', () => {
    expect(normaliseSpaces('  Laser \t module\r\nX ')).toBe('Laser module X');
    expect(checkFreeText(' a  b ', 'f', format)).toEqual({ ok: true, value: 'a b', warnings: [] });
  });
  it('R-ITEM-2 counts characters, not bytes: ten Chinese characters fit in ten', () => {
    expect(characterCount('雷射模組雷射模組雷射')).toBe(10);
    expect(checkFreeText('雷射模組雷射模組雷射', 'f', format).ok).toBe(true);
    expect(checkFreeText('𠀀'.repeat(10), 'f', format).ok).toBe(true);
  });
  it('R-ITEM-2 refuses text over the limit, naming its length', () => {
    const checked = checkFreeText('12345678901', 'items[0].goodsName', format);
    expect(checked).toMatchObject({ ok: false, issues: [{ field: 'items[0].goodsName', rule: 'R-ITEM-2' }] });
    expect(!checked.ok && checked.issues[0].message).toContain('at most 10 characters (it has 11)');
  });
  it('R-ITEM-2 refuses control characters, naming them', () => {
    const checked = checkFreeText('bell\u0007', 'f', format);
    expect(!checked.ok && checked.issues[0].message).toContain('U+0007');
    expect(checkFreeText('zero\u200bwidth', 'f', format).ok).toBe(false);
  });
  it('R-FORM-1 a required field is required; an optional blank one is undefined', () => {
    expect(checkFreeText('  ', 'f', { ...format, requiredRule: 'R-FORM-1' })).toMatchObject({ ok: false, issues: [{ rule: 'R-FORM-1' }] });
    expect(checkFreeText(undefined, 'f', { ...format, required: false })).toEqual({ ok: true, value: undefined, warnings: [] });
    expect(checkFreeText(42, 'f', { ...format, required: false }).ok).toBe(false);
  });

  it('a reason refuses NUL, unpaired surrogates, bidi overrides and blank text, naming the rule', () => {
    for (const bad of ['stop\u0000', 'half \ud800 pair', 'evil \u202e txt.exe', 'isolate \u2066x\u2069', '   ']) {
      const checked = checkReason(bad, 'reason', 'R-NEW-5');
      expect(checked).toMatchObject({ ok: false, issues: [{ field: 'reason', rule: 'R-NEW-5' }] });
    }
    expect(checkReason('  The order\nwas withdrawn 訂單取消 😀 ', 'reason', 'R-NEW-5')).toEqual({ ok: true, value: 'The order was withdrawn 訂單取消 😀', warnings: [] });
  });
});
