import shipped from '../data/red-flags.json';
import { expectArray, expectRecord, expectText, loadReferenceFile } from './reference-files';

export interface RedFlagItem {
  id: string;
  zh: string;
  en: string;
}

export interface RedFlagChecklist {
  /** Where the Chinese text comes from (BOFT's ICP site). */
  sourceZh: string;
  /** Where the English text comes from (US BIS red-flag indicators). */
  sourceEn: string;
  items: readonly RedFlagItem[];
}

/** red-flags.json: BOFT's red-flag (abnormal transaction) checklist, each item in zh-TW and English. */
export function parseRedFlags(raw: unknown): RedFlagChecklist {
  const file = expectRecord(raw, 'red-flags.json');
  const items = expectArray(file.items, 'items').map((value, index) => {
    const item = expectRecord(value, `items[${index}]`);
    return { id: expectText(item.id, `items[${index}].id`), zh: expectText(item.zh, `items[${index}].zh`), en: expectText(item.en, `items[${index}].en`) };
  });
  if (items.length === 0) throw new Error('items must list at least one red flag');
  const ids = items.map((item) => item.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) throw new Error(`items lists ${duplicate} twice`);
  return { sourceZh: expectText(file.source_zh, 'source_zh'), sourceEn: expectText(file.source_en, 'source_en'), items };
}

/** The checklist printed on the red-flag affidavit (R-NEW-2, R-EXEMPT-3, R-IRNK-4). */
export function redFlagChecklist(): RedFlagChecklist {
  return loadReferenceFile('red-flags.json', shipped, parseRedFlags);
}
