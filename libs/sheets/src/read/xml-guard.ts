import { SHEET_LIMITS, type SheetLimits } from '../sheet-limits';
import { tooLarge, unreadable } from '../sheet-refusal';
import type { SheetParts } from './unpack-sheet';

/** Rows and cells with content, and row and cell elements, counted so far over every sheet of a workbook. */
interface Census {
  rows: number;
  cells: number;
  elements: number;
}

/**
 * Reads every XML part once, in linear time, before a spreadsheet parser sees it, and refuses:
 * - a document type declaration (`<!DOCTYPE`, `<!ENTITY`): no spreadsheet writes one, and
 *   entities are how "billion laughs" expand a few bytes into gigabytes (400);
 * - elements nested deeper than `maxXmlDepth` (400);
 * - more rows or cells with content than `maxRows` / `maxCells` (413). In an .ods a row or cell
 *   may say it repeats (`table:number-rows-repeated="1000000"`): a 1 KB file can hold a million
 *   rows with content, which costs SheetJS seconds and hundreds of MB, so repeats are counted.
 *   Empty repeated rows and cells (LibreOffice writes them to the sheet's end) cost nothing and
 *   are not counted;
 * - more row and cell elements, empty or not, than `maxElements` (413): each costs the parser.
 */
export function guardSheetXml(parts: SheetParts, limits: SheetLimits = SHEET_LIMITS): void {
  const census: Census = { rows: 0, cells: 0, elements: 0 };
  for (const [name, data] of parts) {
    if (name !== 'mimetype') scanPart(name, data.toString('utf8'), limits, census);
  }
}

type Counting = 'none' | 'xlsx' | 'ods';
interface RowState {
  repeat: number;
  cells: number;
}

function scanPart(name: string, xml: string, limits: SheetLimits, census: Census): void {
  let depth = 0;
  let counting: Counting | undefined;
  const rows: RowState[] = [];
  let at = 0;
  for (;;) {
    at = xml.indexOf('<', at);
    if (at === -1) return;
    const next = xml[at + 1];
    if (next === '!') {
      if (xml.startsWith('<!--', at)) at = after(xml, '-->', at + 4, name);
      else if (xml.startsWith('<![CDATA[', at)) at = after(xml, ']]>', at + 9, name);
      else throw unreadable(`The sheet's part ${name} declares a document type or entities, which no spreadsheet writes; refused`);
      continue;
    }
    if (next === '?') {
      at = after(xml, '?>', at + 2, name);
      continue;
    }
    const end = tagEnd(xml, at + 1, name);
    const tag = xml.slice(at + 1, end);
    at = end + 1;
    if (tag.startsWith('/')) {
      depth -= 1;
      const local = localName(tag.slice(1));
      if (counting === 'ods' ? local === 'table-row' : counting === 'xlsx' && local === 'row') closeRow(rows.pop(), census, limits, name);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const local = localName(tag);
    counting ??= local === 'worksheet' ? 'xlsx' : local === 'document-content' ? 'ods' : 'none';
    if (!selfClosing && ++depth > limits.maxXmlDepth) {
      throw unreadable(`The sheet's part ${name} nests elements more than ${limits.maxXmlDepth} deep, which no spreadsheet writes; refused`);
    }
    if (counting !== 'none' && ROW_AND_CELL_ELEMENTS.has(local)) countElement(census, limits, name);
    if (counting === 'xlsx') countXlsx(local, tag, selfClosing, rows, census, limits, name);
    else if (counting === 'ods') countOds(local, tag, selfClosing, rows, census, limits, name);
  }
}

const ROW_AND_CELL_ELEMENTS = new Set(['row', 'c', 'table-row', 'table-cell', 'covered-table-cell']);

function countElement(census: Census, limits: SheetLimits, name: string): void {
  if (++census.elements > limits.maxElements) {
    throw tooLarge(`The sheet writes more than ${limits.maxElements} rows and cells (part ${name}); a goods sheet of 999 lines has about 12,000`);
  }
}

/** In SpreadsheetML a cell with content has children (`<v>`, `<is>`); a styled empty cell is `<c …/>`. */
function countXlsx(local: string, tag: string, selfClosing: boolean, rows: RowState[], census: Census, limits: SheetLimits, name: string): void {
  if (local === 'row') {
    const row = { repeat: 1, cells: 0 };
    if (selfClosing) closeRow(row, census, limits, name);
    else rows.push(row);
  } else if (local === 'c' && !selfClosing && rows.length > 0) {
    rows[rows.length - 1].cells += 1;
  }
}

/** In ODF a cell has content when it has a value type, a formula or children (its text). */
function countOds(local: string, tag: string, selfClosing: boolean, rows: RowState[], census: Census, limits: SheetLimits, name: string): void {
  if (local === 'table-row') {
    const row = { repeat: repeatOf(tag, 'number-rows-repeated', name), cells: 0 };
    if (selfClosing) closeRow(row, census, limits, name);
    else rows.push(row);
  } else if ((local === 'table-cell' || local === 'covered-table-cell') && rows.length > 0) {
    const hasContent = !selfClosing || /(?:^|\s)(?:[\w.-]+:)?(?:value-type|formula)\s*=/.test(tag);
    if (hasContent) rows[rows.length - 1].cells += repeatOf(tag, 'number-columns-repeated', name);
  }
}

function closeRow(row: RowState | undefined, census: Census, limits: SheetLimits, name: string): void {
  if (!row || row.cells === 0) return;
  census.rows += row.repeat;
  census.cells += row.repeat * row.cells;
  if (census.rows > limits.maxRows) {
    throw tooLarge(`The sheet has more than ${limits.maxRows} rows with content (part ${name}); a case holds at most 999 goods lines (R-ITEM-1)`);
  }
  if (census.cells > limits.maxCells) {
    throw tooLarge(`The sheet has more than ${limits.maxCells} cells with content (part ${name}); a goods sheet has 11 columns of at most 999 lines`);
  }
}

/** An ODF repeat count: digits only (an entity or anything else in it is refused, not decoded). */
function repeatOf(tag: string, attribute: string, name: string): number {
  const match = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${attribute}\\s*=\\s*(["'])(.*?)\\1`).exec(tag);
  if (!match) return 1;
  if (!/^\d{1,9}$/.test(match[2])) throw unreadable(`The sheet's part ${name} has a malformed ${attribute} ${JSON.stringify(match[2].slice(0, 20))}`);
  return Math.max(1, Number(match[2]));
}

function localName(tag: string): string {
  const name = /^[^\s/>]+/.exec(tag)?.[0] ?? '';
  return name.slice(name.indexOf(':') + 1);
}

/**
 * The index of the `>` that ends a tag starting at `from`, skipping quoted attribute values (a
 * `>` may stand in one). Linear: each character is looked at once, a quoted value is jumped.
 */
function tagEnd(xml: string, from: number, name: string): number {
  for (let at = from; at < xml.length; at++) {
    const char = xml.charCodeAt(at);
    if (char === GREATER_THAN) return at;
    if (char === DOUBLE_QUOTE || char === SINGLE_QUOTE) {
      at = xml.indexOf(xml[at], at + 1);
      if (at === -1) break;
    }
  }
  throw unreadable(`The sheet's part ${name} is not well-formed XML (a tag is not closed)`);
}

const GREATER_THAN = 0x3e;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

function after(xml: string, terminator: string, from: number, name: string): number {
  const end = xml.indexOf(terminator, from);
  if (end === -1) throw unreadable(`The sheet's part ${name} is not well-formed XML (${terminator} is missing)`);
  return end + terminator.length;
}
