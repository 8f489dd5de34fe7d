import type { ValidGoodsItem } from '@shtc/domain';
import { GOODS_COLUMNS, headerText } from '../goods-columns';
import { INSTRUCTIONS } from './instructions';
import { writeOds } from './ods-package';
import type { SheetCell, SheetModel } from './sheet-model';
import { writeXlsx } from './xlsx-package';

export type SheetFormat = 'xlsx' | 'ods';

export const SHEET_MEDIA_TYPES: Record<SheetFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

/** The goods sheet's name, and the instruction sheet's. */
export const GOODS_SHEET_NAME = '貨品明細 Goods';
export const INSTRUCTIONS_SHEET_NAME = '填寫說明 Instructions';

/**
 * The goods lines as a workbook (R-BULK-1): the goods sheet, its header in the manual's column
 * names with the required ones in red (manual 4.1), one row per line; then the instructions in
 * Chinese and English. With no lines, it is the empty template. Every value is a text cell, as
 * the case holds it, so the sheet parses back to the same lines.
 */
export function writeGoodsSheet(items: readonly ValidGoodsItem[], format: SheetFormat): Uint8Array {
  const sheets = [goodsSheet(items), instructionsSheet()];
  return format === 'xlsx' ? writeXlsx(sheets) : writeOds(sheets);
}

function goodsSheet(items: readonly ValidGoodsItem[]): SheetModel {
  const header = GOODS_COLUMNS.map((column): SheetCell => ({ text: headerText(column), style: column.required ? 'headerRequired' : 'headerOptional' }));
  const rows = items.map((item) =>
    GOODS_COLUMNS.map((column): SheetCell | null => {
      const value = item[column.field];
      return value === undefined ? null : { text: String(value), style: 'text' };
    }),
  );
  return {
    name: GOODS_SHEET_NAME,
    columns: GOODS_COLUMNS.map((column) => ({ width: column.width, style: 'text' })),
    rows: [header, ...rows],
    freezeHeader: true,
    headerHeight: 32,
  };
}

function instructionsSheet(): SheetModel {
  const rows = INSTRUCTIONS.map((line): SheetCell[] => ('title' in line ? [{ text: line.title, style: 'title' }] : [{ text: `${line.zh}\n${line.en}`, style: 'paragraph' }]));
  return { name: INSTRUCTIONS_SHEET_NAME, columns: [{ width: 100, style: 'paragraph' }], rows, freezeHeader: false };
}
