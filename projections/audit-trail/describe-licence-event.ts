import type { LicenceEvent } from '@shtc/domain';
import { KIND_WORDS, listOf, oneLine, same, type Description, type Who } from './wording';

type Describer<T extends LicenceEvent['type']> = (data: Extract<LicenceEvent, { type: T }>['data'], who: Who) => Description;

/**
 * One line per licence event type, in English and Traditional Chinese; as for cases, a mapped
 * type over the event union, so a new licence event does not compile until it is described.
 */
const DESCRIBERS: { readonly [T in LicenceEvent['type']]: Describer<T> } = {
  LicenceIssued: ({ licenceNo, caseNo, holderId, validUntil, validityMonths }, who) => ({
    en: `${who.en} issued licence ${licenceNo} for case ${caseNo} to holder ${holderId}, valid until ${validUntil} (${validityMonths} months)`,
    zh: `${who.zh} 核發許可證 ${licenceNo}（案件 ${caseNo}，持證人 ${holderId}），有效期限至 ${validUntil}（${validityMonths} 個月）`,
  }),
  DeclarationCompared: ({ declarationNo, result, differences, coProcessingCode, correctionCaseNo }, who) => {
    const outcome =
      result === 'MATCH'
        ? { en: 'match', zh: '相符' }
        : { en: `mismatch on ${differences.length} field(s), co-processing code ${coProcessingCode ?? '—'}`, zh: `不符（${differences.length} 項差異，會辦識別碼 ${coProcessingCode ?? '—'}）` };
    const again = correctionCaseNo ? { en: ` again after correction case ${correctionCaseNo}`, zh: `（依修正案件 ${correctionCaseNo} 重新比對）` } : same('');
    return {
      en: `${who.en} compared declaration ${declarationNo} with the licence${again.en}: ${outcome.en}`,
      zh: `${who.zh} 比對報單 ${declarationNo} 與許可證${again.zh}：${outcome.zh}`,
    };
  },
  GoodsReleased: ({ declarationNo, items }, who) => {
    const lines = listOf(items.map(({ itemNo, quantity, balance }) => ({ en: `item ${itemNo} × ${quantity} (balance ${balance})`, zh: `項次 ${itemNo} 數量 ${quantity}（餘額 ${balance}）` })));
    return { en: `${who.en} released declaration ${declarationNo}: ${lines.en}`, zh: `${who.zh} 放行報單 ${declarationNo}：${lines.zh}` };
  },
  // A consequence of the release that used the last of it, not anyone's act.
  LicenceExhausted: ({ declarationNo }) => ({
    en: `Licence exhausted by declaration ${declarationNo}: every item's quantity is used`,
    zh: `許可證數量已用罄（報單 ${declarationNo}）`,
  }),
  LicenceExpired: ({ validUntil }, who) => ({
    en: `${who.en} recorded that the licence expired (valid until ${validUntil})`,
    zh: `${who.zh} 登錄許可證逾期失效（有效期限至 ${validUntil}）`,
  }),
  LicenceCancelled: ({ cancelledLicenceNo, reason }, who) => ({
    en: `${who.en} cancelled the licence: ${oneLine(reason)}; its balance stays on record under cancelled-licence number ${cancelledLicenceNo}`,
    zh: `${who.zh} 註銷許可證：${oneLine(reason)}；餘額註銷證號 ${cancelledLicenceNo}`,
  }),
  BalanceReissued: ({ caseNo }, who) => ({
    en: `${who.en} filed case ${caseNo} to reissue the balance of this licence`,
    zh: `${who.zh} 以案件 ${caseNo} 申請餘額重簽`,
  }),
  LicenceCorrected: ({ caseNo, kind, version, description }, who) => ({
    en: `${who.en} corrected the licence to version ${version} by ${KIND_WORDS[kind].en} case ${caseNo}: ${oneLine(description, 120)}`,
    zh: `${who.zh} 依${KIND_WORDS[kind].zh}案件 ${caseNo} 將許可證更正為第 ${version} 版：${oneLine(description, 120)}`,
  }),
  LicenceClosedOut: ({ outcome, note, document, late }, who) => {
    const how = outcome === 'REIMPORTED' ? { en: 'goods re-imported', zh: '貨物已復運進口' } : { en: 'goods sold at the show', zh: '貨物於展覽中售出' };
    const when = late ? { en: ', after its close-out deadline', zh: '（逾期銷案）' } : same('');
    return {
      en: `${who.en} closed out the exhibition licence (${how.en}${when.en}) with ${document.fileName}: ${oneLine(note, 120)}`,
      zh: `${who.zh} 辦理展覽許可證銷案（${how.zh}）${when.zh}，附件 ${document.fileName}：${oneLine(note, 120)}`,
    };
  },
};

export function describeLicenceEvent(event: LicenceEvent, who: Who): Description {
  return (DESCRIBERS[event.type] as (data: unknown, who: Who) => Description)(event.data, who);
}
