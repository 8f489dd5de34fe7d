import { foldText, nameKey, nameTokens } from './normalise';

describe('name normalisation (R-REV-7)', () => {
  it.each([
    ['case', 'RHEIN OPTICS', 'optics rhein'],
    ['punctuation', 'Rhein-Optics, (Mainz)!', 'mainz optics rhein'],
    ['joining marks inside a word', "O'Brien U.S.A. Trading", 'obrien trading usa'],
    ['full-width forms', 'ＲＨＥＩＮ　Ｏｐｔｉｃｓ', 'optics rhein'],
    ['accents on Latin letters', 'Müller Präzision', 'muller prazision'],
    ['word order', 'Optics Rhein', 'optics rhein'],
    ['Co., Ltd.', 'Formosa Photonics Co., Ltd.', 'formosa photonics'],
    ['Limited', 'Formosa Photonics Limited', 'formosa photonics'],
    ['Inc.', 'Acme Inc.', 'acme'],
    ['Corp. and Corporation', 'Acme Corp', 'acme'],
    ['GmbH', 'Rhein Optics GmbH', 'optics rhein'],
    ['AG', 'Rhein Optics AG', 'optics rhein'],
    ['S.A.', 'Rhein Optics S.A.', 'optics rhein'],
    ['LLC and PLC', 'Acme Holdings LLC PLC', 'acme holdings'],
    ['股份有限公司', '台灣積體電路製造股份有限公司', '台灣積體電路製造'],
    ['有限公司', '華為技術有限公司', '華為技術'],
    ['公司', '中興通訊公司', '中興通訊'],
    ['Simplified Chinese folded to Traditional', '华为技术有限公司', '華為技術'],
    ['full-width punctuation in Chinese', '華為（深圳）有限公司', '深圳 華為'],
  ])('ignores %s', (_, name, key) => {
    expect(nameKey(name)).toBe(key);
  });

  it('drops suffixes only at the end of a name', () => {
    expect(nameTokens('Co Optics Ltd')).toEqual(['co', 'optics']);
    expect(nameKey('AG Rhein')).toBe('ag rhein');
  });

  it('keeps a name that is nothing but company forms', () => {
    expect(nameKey('Company Limited')).toBe('company limited');
  });

  it('has no key for a name without letters or digits', () => {
    expect(nameKey('—, .')).toBe('');
  });

  it('keeps the voicing marks of kana', () => {
    expect(foldText('ガ')).toBe('ガ');
  });
});
