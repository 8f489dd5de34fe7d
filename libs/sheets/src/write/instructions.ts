import { GOODS_TEXT_LIMITS, MAX_GOODS_ITEMS } from '@shtc/domain';

/** A line of the instruction sheet: a title, or a paragraph in Chinese with its English. */
export type InstructionLine = { title: string } | { zh: string; en: string };

/**
 * How to fill in the goods sheet: the manual's instructions for the Excel sheet (4.1 items 1–5)
 * and the goods-line rules they rest on (manual 2.3; R-ITEM-1…7), in Traditional Chinese with
 * the English below each.
 */
export const INSTRUCTIONS: readonly InstructionLine[] = [
  { title: '貨品明細填寫說明 How to fill in the goods sheet' },
  {
    zh: '請於「貨品明細」工作表填寫，每列一個項次；第一列標題請勿更改。填妥後於申請頁面匯入本檔（.xlsx 或 .ods）。',
    en: 'Fill in the "Goods" sheet, one goods line per row; keep the header row as it is. Then import this file (.xlsx or .ods) on the application page.',
  },
  {
    zh: '紅色字體並標示「*」之欄位為必要填寫欄位。',
    en: 'Columns whose header is red and marked * are required.',
  },
  {
    zh: `項次欄請按流水號編入（1、2、3…，不可跳號），並請儘量依最終用途保證書排序；最多 ${MAX_GOODS_ITEMS} 項。`,
    en: `Item No.: number the lines 1, 2, 3 … without gaps, as far as possible in the order of the end-use assurance; at most ${MAX_GOODS_ITEMS} lines. (R-ITEM-1)`,
  },
  {
    zh: '規格、型號、數量、單價或金額不同之貨品，請分項填列。',
    en: 'Goods that differ in product, specification, model, quantity or price go on separate lines. (R-ITEM-7)',
  },
  {
    zh: `貨品名稱最多 ${GOODS_TEXT_LIMITS.goodsName} 字，超過者請續填於廠牌/廠名、型號/序號、規格欄。`,
    en: `Goods name: at most ${GOODS_TEXT_LIMITS.goodsName} characters; longer text continues in Brand, Model/serial no. and Specification. (R-ITEM-2)`,
  },
  {
    zh: '貨品分類號列欄請輸入 11 碼，全部為數字，中間不要有其他符號，並請不要留空白（例：85489090005）。',
    en: 'CCC code: 11 digits and nothing else, no dots, dashes or spaces (e.g. 85489090005). (R-ITEM-4)',
  },
  {
    zh: '出口管制貨品號碼欄請輸入至多 7 碼，如 5A002.a 或統一 5 碼 5A002。',
    en: 'Export control no.: at most 7 characters, such as 5A002.a, or the uniform 5 characters 5A002. (R-ITEM-5)',
  },
  {
    zh: '數量：整數最多 9 位、小數最多 4 位，不可用逗號分隔（例：100.55、600000、0.5）。',
    en: 'Quantity: at most 9 digits before the point and 4 after, no thousands separators (e.g. 100.55, 600000, 0.5). (R-ITEM-3)',
  },
  {
    zh: '單位請填代碼（例：PCE、KGM、SET）；金額寫法同數量；幣別請填 ISO 4217 代碼（例：USD、EUR、TWD）。',
    en: 'Unit: a code such as PCE, KGM or SET; Amount: written like Quantity; Currency: an ISO 4217 code such as USD, EUR or TWD. (R-ITEM-6)',
  },
  {
    zh: '買方、收貨人及最終使用人之公司英文名稱請於申請書填寫全名（例如 Inc. 或 Co., Ltd. 需填寫清楚）；本表僅含貨品明細。',
    en: 'Buyer, consignee and end-user company names are written in full (Inc., Co., Ltd. …) in the application form; this sheet holds the goods lines only.',
  },
  {
    zh: '各欄均為文字格式，輸入內容依原樣保存；以 = + - @ 開頭之內容視為文字，不會當作公式執行。',
    en: 'Every column is formatted as text and keeps what you type as typed; text starting with = + - or @ stays text and is never run as a formula.',
  },
  {
    zh: '匯入時逐列檢查；任何一格有誤，將列出每一錯誤之列號與欄位，整份檔案不予匯入。',
    en: 'On import every row is checked; if any cell is wrong, each one is listed with its row and column, and nothing from the file is imported. (R-BULK-2)',
  },
];
