import type { ValidGoodsItem } from '@shtc/domain';

/** A goods line's field, as the application body names it (api.md). */
export type GoodsField = keyof ValidGoodsItem;

export interface GoodsColumn {
  field: GoodsField;
  /** The manual's name of the column (manual 2.3, 4.1). */
  zh: string;
  en: string;
  /** Red in the sheet (manual 4.1 item 5: 紅色字體欄為必要填寫欄位). */
  required: boolean;
  /** Column width in characters. */
  width: number;
  /** Other headers people write for the column (matched after normalising, as the labels are). */
  aliases: readonly string[];
}

/**
 * The goods sheet's columns, in the order the template writes them: the fields of a goods line
 * (R-ITEM-1…6) under the manual's names. Brand, model and specification are optional: the goods
 * name continues in them (R-ITEM-2).
 */
export const GOODS_COLUMNS: readonly GoodsColumn[] = [
  { field: 'itemNo', zh: '項次', en: 'Item No.', required: true, width: 8, aliases: ['item', 'item number', 'no'] },
  { field: 'goodsName', zh: '貨品名稱', en: 'Goods name', required: true, width: 40, aliases: ['品名', 'description', 'goods'] },
  { field: 'brand', zh: '廠牌/廠名', en: 'Brand', required: false, width: 16, aliases: ['廠牌', '廠名', 'manufacturer'] },
  { field: 'model', zh: '型號/序號', en: 'Model/serial no.', required: false, width: 18, aliases: ['型號', 'model', 'model no', 'serial no'] },
  { field: 'spec', zh: '規格', en: 'Specification', required: false, width: 30, aliases: ['spec', 'specifications'] },
  { field: 'cccCode', zh: '貨品分類號列', en: 'CCC code', required: true, width: 16, aliases: ['ccc', 'ccc no', 'hs code'] },
  { field: 'eccn', zh: '出口管制貨品號碼', en: 'Export control no.', required: true, width: 14, aliases: ['export control number', 'eccn', '管制號碼'] },
  { field: 'quantity', zh: '數量', en: 'Quantity', required: true, width: 12, aliases: ['qty'] },
  { field: 'unit', zh: '單位', en: 'Unit', required: true, width: 8, aliases: [] },
  { field: 'amount', zh: '金額', en: 'Amount', required: true, width: 14, aliases: ['value'] },
  { field: 'currency', zh: '幣別', en: 'Currency', required: true, width: 8, aliases: ['幣值'] },
];

/**
 * The header the template writes: a `*` for a required column (it survives where colour does
 * not, such as a CSV), the Chinese name, and the English one on a second line.
 */
export function headerText(column: GoodsColumn): string {
  return `${column.required ? '* ' : ''}${column.zh}\n${column.en}`;
}

/** Column letters of a zero-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** The 1-based number of column letters: A → 1, AA → 27. */
export function columnNumber(letters: string): number {
  return [...letters].reduce((number, letter) => number * 26 + letter.charCodeAt(0) - 64, 0);
}

/**
 * A header reduced to what identifies it: full-width forms folded (NFKC), lower case, and no
 * spaces, line breaks, asterisks or punctuation. `* 項次\nItem No.` → `項次itemno`.
 */
export function normaliseHeader(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s*※:：.。,，/／\\()（）[\]【】_\-–—'"’]+/gu, '');
}

const NAMES: ReadonlyMap<GoodsField, readonly string[]> = new Map(
  GOODS_COLUMNS.map((column) => [column.field, [...new Set([column.zh, column.en, column.field, ...column.aliases].map(normaliseHeader))]]),
);

/**
 * The column a header names, or undefined. Tolerant of how a sheet was saved or retyped: the
 * Chinese name, the English name, the field name or an alias, alone or two of them together
 * in either order (`項次 Item No.`, `Item No. 項次`, `項次`, `itemNo`), in any case, with or
 * without the `*`, spaces and line breaks.
 */
export function columnOfHeader(text: string): GoodsField | undefined {
  const header = normaliseHeader(text);
  if (header === '') return undefined;
  for (const [field, names] of NAMES) {
    if (names.includes(header)) return field;
    for (const first of names) {
      if (header.startsWith(first) && names.includes(header.slice(first.length))) return field;
    }
  }
  return undefined;
}
