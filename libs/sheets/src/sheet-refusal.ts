/** One faulty cell of a goods sheet (R-BULK-2): where it is, as the spreadsheet shows it, and why. */
export interface SheetCellIssue {
  /** The row number the spreadsheet shows (1-based). */
  row: number;
  /** The column letter the spreadsheet shows (`H`); null for a column that is missing altogether. */
  column: string | null;
  /** The column's header as the template writes it (`數量 Quantity`). */
  header: string | null;
  /** The goods line's field at fault, as the application body names it (`items[2].quantity`). */
  field: string;
  message: string;
  rule: string;
}

/**
 * Why a goods sheet was refused, with the HTTP status api.md gives it: 415 not a .xlsx or .ods
 * by its bytes; 413 too large, packed or unpacked (a zip bomb, a million rows); 400 damaged or
 * not the XML a spreadsheet writes (entities, deep nesting); 422 faulty cells (R-BULK-2), each
 * in `issues`; 503 too many sheets being read at once. Nothing is imported from a refused sheet.
 */
export class SheetRefusedError extends Error {
  constructor(
    readonly status: 400 | 413 | 415 | 422 | 503,
    message: string,
    readonly issues: SheetCellIssue[] = [],
    readonly rule?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 413 with a message that names the limit. */
export function tooLarge(message: string): SheetRefusedError {
  return new SheetRefusedError(413, message);
}

/** 400: the file is damaged, or not what a spreadsheet program writes. */
export function unreadable(message: string): SheetRefusedError {
  return new SheetRefusedError(400, message);
}
