import { redFlagChecklist } from './red-flags';

describe('R-NEW-2 the red-flag checklist of the affidavit', () => {
  it('has BOFT’s 12 items in zh-TW and English, with their sources', () => {
    const checklist = redFlagChecklist();
    expect(checklist.items).toHaveLength(12);
    expect(checklist.items[0]).toEqual({
      id: 'RF01',
      zh: '客戶或採購代理商不願說明貨品最終用途或使用者。',
      en: 'The customer or purchasing agent is reluctant to offer information about the end-use (or end-user) of the item.',
    });
    expect(checklist.sourceZh).toContain('icp.trade.gov.tw');
    expect(checklist.sourceEn).toContain('bis.gov');
  });
});
