import { checkChineseName, checkConsignee, checkEnglishText, checkParty } from './party-text';

const buyer = { name: 'Photonics GmbH', address: 'Hauptstrasse 1, 10115 Berlin', country: 'DE' };
const endUserCn = { name: 'Shenzhen Optics Co., Ltd.', nameZh: '深圳光學有限公司', address: '1 Keji Road, Shenzhen', country: 'CN' };
const format = { rule: 'R-FORM-2', label: 'Buyer name', maxLength: 140 };

describe('party text', () => {
  describe('R-FORM-2 English letters, digits and punctuation', () => {
    it('accepts keyboard punctuation and normalises spaces', () => {
      expect(checkEnglishText("  O'Brien & Sons (Pty) Ltd.,  #3-5 / A@B;  ", 'buyer.name', format)).toEqual({
        ok: true,
        value: "O'Brien & Sons (Pty) Ltd., #3-5 / A@B;",
        warnings: [],
      });
    });
    it('refuses Chinese characters, naming them', () => {
      const checked = checkEnglishText('Formosa 光電', 'buyer.name', format);
      expect(checked).toMatchObject({ ok: false, issues: [{ field: 'buyer.name', rule: 'R-FORM-2' }] });
      expect(!checked.ok && checked.issues[0].message).toContain('"光" (U+5149)');
    });
    it('refuses full-width punctuation and says how to write it', () => {
      const checked = checkEnglishText('Acme Ltd（Taiwan），Inc', 'buyer.name', format);
      expect(!checked.ok && checked.issues[0].message).toContain('write for example: Acme Ltd(Taiwan),Inc');
    });
    it('refuses accented letters and suggests them without accents', () => {
      const checked = checkEnglishText('Société Générale', 'buyer.name', format);
      expect(!checked.ok && checked.issues[0].message).toContain('write for example: Societe Generale');
    });
    it('refuses control characters and text over the limit', () => {
      expect(checkEnglishText('Acme\u0000', 'f', format).ok).toBe(false);
      expect(checkEnglishText('A'.repeat(141), 'f', format)).toMatchObject({ ok: false, issues: [{ rule: 'R-FORM-2' }] });
    });
    it('R-NEW-3 can check an English end use under its own rule', () => {
      expect(checkEnglishText('用於研究', 'endUse', { rule: 'R-NEW-3', label: 'End use', maxLength: 1000 })).toMatchObject({
        ok: false,
        issues: [{ rule: 'R-NEW-3', field: 'endUse' }],
      });
    });
  });

  describe('R-FORM-1 / R-FORM-2 a party', () => {
    it('accepts a buyer and reports nothing', () => {
      expect(checkParty(buyer, 'buyer', 'buyer')).toEqual({ ok: true, value: buyer, warnings: [] });
    });
    it('reports every faulty field at its path', () => {
      const checked = checkParty({ name: '', address: '台北市', country: 'Germany' }, 'endUser', 'endUser');
      expect(checked).toMatchObject({
        ok: false,
        issues: [
          { field: 'endUser.name', rule: 'R-FORM-1' },
          { field: 'endUser.address', rule: 'R-FORM-2' },
          { field: 'endUser.country', rule: 'R-FORM-1' },
        ],
      });
    });
    it('refuses a missing party', () => {
      expect(checkParty(undefined, 'buyer', 'buyer')).toMatchObject({ ok: false, issues: [{ field: 'buyer', rule: 'R-FORM-1' }] });
    });
    it('accepts a consignee marked "same as buyer"', () => {
      expect(checkConsignee({ sameAsBuyer: true }, 'consignee')).toEqual({ ok: true, value: { sameAsBuyer: true }, warnings: [] });
      expect(checkConsignee(buyer, 'consignee')).toMatchObject({ ok: true, value: buyer });
    });
  });

  describe('R-FORM-3 an end user in CN also has its name in Traditional Chinese', () => {
    it('accepts a CN end user with its Chinese name', () => {
      expect(checkParty(endUserCn, 'endUser', 'endUser')).toEqual({ ok: true, value: endUserCn, warnings: [] });
    });
    it('refuses a CN end user without a Chinese name', () => {
      const { nameZh: _, ...withoutZh } = endUserCn;
      expect(checkParty(withoutZh, 'endUser', 'endUser')).toMatchObject({ ok: false, issues: [{ field: 'endUser.nameZh', rule: 'R-FORM-3' }] });
      expect(checkParty({ ...endUserCn, country: 'cn', nameZh: ' ' }, 'endUser', 'endUser').ok).toBe(false);
    });
    it('does not ask a CN buyer or a non-CN end user for one', () => {
      const { nameZh: _, ...withoutZh } = endUserCn;
      expect(checkParty(withoutZh, 'buyer', 'buyer').ok).toBe(true);
      expect(checkParty({ ...withoutZh, country: 'DE' }, 'endUser', 'endUser').ok).toBe(true);
    });
    it('refuses a Chinese name without Chinese characters', () => {
      expect(checkChineseName('Shenzhen Optics', 'endUser.nameZh', { required: true })).toMatchObject({ ok: false, issues: [{ rule: 'R-FORM-3' }] });
    });
    it('accepts Latin letters and full-width brackets mixed in, as registered names have them', () => {
      expect(checkChineseName('ABB（中國）投資有限公司', 'f', { required: true })).toEqual({ ok: true, value: 'ABB（中國）投資有限公司', warnings: [] });
      expect(checkChineseName('TCL科技集團股份有限公司', 'f', { required: true }).ok).toBe(true);
    });
    it('refuses other scripts', () => {
      expect(checkChineseName('한국光學', 'f', { required: true }).ok).toBe(false);
    });
    it('warns when the name looks Simplified, naming the Traditional forms', () => {
      const checked = checkParty({ ...endUserCn, nameZh: '华为技术有限公司' }, 'endUser', 'endUser');
      expect(checked).toMatchObject({ ok: true, warnings: [{ field: 'endUser.nameZh', rule: 'R-FORM-3' }] });
      expect(checked.warnings[0].message).toContain('华→華');
    });
  });
});
