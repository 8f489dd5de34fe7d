/**
 * What a written workbook holds, independent of its format: the .xlsx and .ods writers render
 * the same model. Cells are text, never a formula, so a CCC code keeps its leading zero and a
 * quantity its exact decimals; a `number` cell (a count in the statistics) holds a number, and
 * is written as text when its text is not one.
 */
export type CellStyle = 'headerRequired' | 'headerOptional' | 'text' | 'title' | 'paragraph' | 'number';

export interface SheetCell {
  text: string;
  style: CellStyle;
}

export interface SheetModel {
  /** At most 31 characters, none of `[]:*?/\` (Excel's limits on sheet names). */
  name: string;
  /** Width in characters, and the style an empty cell of the column takes when someone types into it. */
  columns: ReadonlyArray<{ width: number; style: CellStyle }>;
  rows: ReadonlyArray<ReadonlyArray<SheetCell | null>>;
  /** The first row stays in view when scrolling (Excel; LibreOffice keeps its own view settings). */
  freezeHeader: boolean;
  /** Height of the first row, in points, when it must show two lines. */
  headerHeight?: number;
}
