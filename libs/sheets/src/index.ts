export * from './goods-columns';
export * from './sheet-limits';
export * from './sheet-refusal';
export * from './write/goods-sheet';
export { parseGoodsSheet } from './read/parse-goods-sheet';
export type { GoodsSheetContent } from './read/goods-rows';
export { writeXlsx } from './write/xlsx-package';
export { writeOds } from './write/ods-package';
export type { CellStyle, SheetCell, SheetModel } from './write/sheet-model';
