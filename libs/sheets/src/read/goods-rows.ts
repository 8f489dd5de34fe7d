import { MAX_GOODS_ITEMS, checkGoodsItems, type FieldIssue, type ValidGoodsItem } from '@shtc/domain';
import { GOODS_COLUMNS, columnLetter, columnNumber, columnOfHeader, type GoodsColumn, type GoodsField } from '../goods-columns';
import { SheetRefusedError, type SheetCellIssue } from '../sheet-refusal';
import { cellText } from './cell-text';
import type { CellValue, ParsedSheet } from './parse-in-worker';

/** The header is looked for in a sheet's first rows (a title row above it is fine). */
const HEADER_SEARCH_ROWS = 10;
/** A row is the header when it names at least this many goods columns. */
const HEADER_MIN_COLUMNS = 3;

export interface GoodsSheetContent {
  /** Normalised as the application body's items are (checkGoodsItems). */
  items: ValidGoodsItem[];
  /** What does not refuse the sheet (a CCC check digit, R-ITEM-4), each at its cell. */
  warnings: SheetCellIssue[];
}

interface Header {
  /** Index of the header row. */
  row: number;
  /** Goods field → column index. */
  columns: Map<GoodsField, number>;
}

interface Line {
  /** Index of the row the line is on. */
  row: number;
  values: Partial<Record<GoodsField, string>>;
}

/**
 * The goods lines of a parsed workbook (R-BULK-2): the first sheet whose header row names the
 * goods columns is read; every line goes through the same checks as the application body's
 * items (checkGoodsItems: R-ITEM-1…6), and every faulty cell is reported at its row and
 * column. Refused (422) when any cell is faulty, a required column is missing or named twice:
 * then nothing is imported. Blank rows are skipped.
 */
export function readGoodsRows(sheets: readonly ParsedSheet[]): GoodsSheetContent {
  const found = findHeader(sheets);
  if (!found) {
    const names = GOODS_COLUMNS.slice(0, 3).map((column) => `${column.zh} ${column.en}`).join(', ');
    throw refuse([{ row: 1, column: 'A', header: null, field: 'items', rule: 'R-BULK-2', message: `No sheet has a header row naming the goods columns (${names}, …), as the template's first row does` }]);
  }
  const { sheet, header } = found;
  if (sheet.truncated) {
    const message = `A case has at most ${MAX_GOODS_ITEMS} goods lines (R-ITEM-1): the sheet has rows past row ${sheet.rows.length}`;
    throw refuse([{ row: sheet.rows.length + 1, column: letterOf(header, 'itemNo'), header: label('itemNo'), field: 'items', rule: 'R-ITEM-1', message }]);
  }
  const lines = linesOf(sheet.rows, header);
  const checked = checkGoodsItems(lines.map((line) => line.values));
  const at = (issue: FieldIssue) => cellOf(issue, header, lines);
  const warnings = sortByCell(checked.warnings.map(at));
  if (!checked.ok) throw refuse(sortByCell(checked.issues.map(at)));
  return { items: checked.value, warnings };
}

function findHeader(sheets: readonly ParsedSheet[]): { sheet: ParsedSheet; header: Header } | undefined {
  for (const sheet of sheets) {
    for (let row = 0; row < Math.min(sheet.rows.length, HEADER_SEARCH_ROWS); row++) {
      const named = new Set(sheet.rows[row].map((value) => headerField(value)).filter((field) => field !== undefined));
      if (named.size >= HEADER_MIN_COLUMNS) return { sheet, header: headerOf(sheet.rows[row], row) };
    }
  }
  return undefined;
}

/** The header's columns; refused when a required column is missing or a column is named twice. */
function headerOf(cells: readonly CellValue[], row: number): Header {
  const columns = new Map<GoodsField, number>();
  const issues: SheetCellIssue[] = [];
  cells.forEach((value, index) => {
    const field = headerField(value);
    if (!field) return;
    if (columns.has(field)) {
      const message = `The column ${label(field)} appears twice (${columnLetter(columns.get(field)!)} and ${columnLetter(index)}): keep one`;
      issues.push({ row: row + 1, column: columnLetter(index), header: label(field), field, rule: 'R-BULK-2', message });
    } else {
      columns.set(field, index);
    }
  });
  for (const column of GOODS_COLUMNS) {
    if (column.required && !columns.has(column.field)) {
      issues.push({ row: row + 1, column: null, header: label(column.field), field: column.field, rule: 'R-BULK-2', message: `The required column ${label(column.field)} is missing` });
    }
  }
  if (issues.length > 0) throw refuse(issues);
  return { row, columns };
}

function headerField(value: CellValue): GoodsField | undefined {
  return typeof value === 'string' ? columnOfHeader(value) : undefined;
}

/** The rows below the header that have anything in a goods column. */
function linesOf(rows: readonly CellValue[][], header: Header): Line[] {
  const lines: Line[] = [];
  for (let row = header.row + 1; row < rows.length; row++) {
    const values: Partial<Record<GoodsField, string>> = {};
    let blank = true;
    for (const [field, index] of header.columns) {
      const text = cellText(rows[row][index] ?? null);
      if (text === undefined) continue;
      values[field] = text;
      if (text.trim() !== '') blank = false;
    }
    if (!blank) lines.push({ row, values });
  }
  return lines;
}

/** Where a goods-line issue (`items[2].quantity`, or `items` for the list) lies in the sheet. */
function cellOf(issue: FieldIssue, header: Header, lines: readonly Line[]): SheetCellIssue {
  const match = /^items(?:\[(\d+)\])?(?:\.(\w+))?$/.exec(issue.field);
  const index = match?.[1] === undefined ? undefined : Number(match[1]);
  const field = (match?.[2] as GoodsField | undefined) ?? 'itemNo';
  // The list as a whole (none, or too many): at the first line past the limit, or where the first would be.
  const row = index !== undefined ? lines[index].row : (lines[MAX_GOODS_ITEMS]?.row ?? header.row + 1);
  return { row: row + 1, column: letterOf(header, field), header: label(field), field: issue.field, message: issue.message, rule: issue.rule };
}

function letterOf(header: Header, field: GoodsField): string | null {
  const index = header.columns.get(field);
  return index === undefined ? null : columnLetter(index);
}

function label(field: GoodsField): string {
  const column = GOODS_COLUMNS.find((candidate) => candidate.field === field) as GoodsColumn;
  return `${column.zh} ${column.en}`;
}

function sortByCell(issues: SheetCellIssue[]): SheetCellIssue[] {
  const order = (issue: SheetCellIssue) => (issue.column === null ? -1 : columnNumber(issue.column));
  return [...issues].sort((a, b) => a.row - b.row || order(a) - order(b));
}

function refuse(issues: SheetCellIssue[]): SheetRefusedError {
  const rows = [...new Set(issues.map((issue) => issue.row))];
  const where = rows.length === 1 ? `Row ${rows[0]}` : `Rows ${rows.slice(0, -1).join(', ')} and ${rows[rows.length - 1]}`;
  return new SheetRefusedError(422, `${where} of the goods sheet ${rows.length === 1 ? 'is' : 'are'} wrong (${issues.length} ${issues.length === 1 ? 'cell' : 'cells'}); nothing was imported`, issues, 'R-BULK-2');
}
