import { columnNumber } from '../goods-columns';
import { SHEET_LIMITS, type SheetLimits } from '../sheet-limits';
import { tooLarge, unreadable } from '../sheet-refusal';
import type { SheetParts } from './unpack-sheet';

/** Rows and cells with content, and row and cell elements, counted so far over every sheet of a workbook. */
interface Census {
  rows: number;
  cells: number;
  elements: number;
  /** Spaces ODF's `<text:s text:c="n"/>` stands for: SheetJS writes them out. */
  spaces: number;
}

/**
 * Reads every XML part once, in linear time, before a spreadsheet parser sees it, as SheetJS
 * would find its rows and cells (by regular expressions, not as an XML parser), and refuses:
 * - a document type declaration (`<!DOCTYPE`, `<!ENTITY`): no spreadsheet writes one, and
 *   entities are how "billion laughs" expand a few bytes into gigabytes (400);
 * - elements nested deeper than `maxXmlDepth` (400);
 * - more rows or cells with content than `maxRows` / `maxCells` (413). In an .ods a row or cell
 *   may say it repeats (`table:number-rows-repeated="1000000"`): a 1 KB file can hold a million
 *   rows with content, which costs SheetJS seconds and hundreds of MB, so repeats are counted.
 *   Empty repeated rows and cells (LibreOffice writes them to the sheet's end) cost nothing and
 *   are not counted;
 * - more row and cell elements, empty or not, than `maxElements` (413): each costs the parser,
 *   and so does each cell of a hyperlink's range, which SheetJS makes one by one;
 * - spaces written as a count (`<text:s text:c="1000000000"/>`) past `maxUnpackedBytes` (413).
 */
export function guardSheetXml(parts: SheetParts, limits: SheetLimits = SHEET_LIMITS): void {
  const census: Census = { rows: 0, cells: 0, elements: 0, spaces: 0 };
  for (const [name, data] of parts) {
    if (name === 'mimetype') continue;
    // XML in UTF-16 or UTF-32 has NUL bytes, UTF-8 XML never does (NUL is no XML character).
    if (data.includes(0)) throw unreadable(`The sheet's part ${name} is not UTF-8 XML, which spreadsheet programs write`);
    // Read byte for byte: markup is ASCII, and no byte of a multi-byte UTF-8 character is. Four
    // times faster than decoding UTF-8; names in other scripts compare as their UTF-8 bytes.
    scanPart(name, data.toString('latin1'), limits, census);
  }
}

interface RowState {
  repeat: number;
  cells: number;
}

/**
 * Rows and cells are counted in every part, whatever its root element: SheetJS's .ods reader
 * scans content.xml for them without looking at its root, and a .xlsx's worksheets may be
 * anywhere its relationships say.
 */
function scanPart(name: string, xml: string, limits: SheetLimits, census: Census): void {
  let depth = 0;
  const rows: RowState[] = [];
  let at = 0;
  for (;;) {
    at = xml.indexOf('<', at);
    if (at === -1) return;
    // Inside comments, CDATA sections and processing instructions the scan goes on as if they
    // were markup: SheetJS finds its tags with regular expressions, and would find them there.
    if (xml.startsWith('<!--', at) || xml.startsWith('<![CDATA[', at) || xml[at + 1] === '?') {
      at += 2;
      continue;
    }
    if (xml[at + 1] === '!') throw unreadable(`The sheet's part ${name} declares a document type or entities, which no spreadsheet writes; refused`);
    const end = tagEnd(xml, at + 1, name);
    const tag = xml.slice(at + 1, end);
    at = end + 1;
    if (tag.startsWith('/')) {
      depth -= 1;
      const local = localName(tag.slice(1));
      if (local === 'row' || ODS_ROWS.has(local)) closeRow(rows.pop(), census, limits, name);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    if (!selfClosing && ++depth > limits.maxXmlDepth) {
      throw unreadable(`The sheet's part ${name} nests elements more than ${limits.maxXmlDepth} deep, which no spreadsheet writes; refused`);
    }
    const local = localName(tag);
    if (local === 's') countSpaces(attributeOf(tag, 'c'), census, limits, name);
    // SheetJS makes a cell of every cell a .xlsx hyperlink's range covers (A1:XFD1048576: 17 billion).
    const made = local === 'hyperlink' ? rangeArea(attributeOf(tag, 'ref')) : ROW_AND_CELL_ELEMENTS.has(local) ? 1 : 0;
    if (made === 0) continue;
    census.elements += made;
    if (census.elements > limits.maxElements) {
      throw tooLarge(`The sheet writes more than ${limits.maxElements} rows and cells (part ${name}); a goods sheet of 999 lines has about 12,000`);
    }
    if (local === 'hyperlink') continue;
    if (local === 'row' || ODS_ROWS.has(local)) {
      const row = { repeat: ODS_ROWS.has(local) ? repeatOf(tag, 'rows-repeated', name) : 1, cells: 0 };
      if (selfClosing) closeRow(row, census, limits, name);
      else rows.push(row);
    } else if (rows.length > 0 && cellHasContent(local, tag, selfClosing)) {
      rows[rows.length - 1].cells += ODS_CELLS.has(local) ? repeatOf(tag, 'columns-repeated', name) : 1;
    }
  }
}

/** A name as its UTF-8 bytes read one per character (how scanPart sees the XML). */
const bytesOf = (name: string) => Buffer.from(name, 'utf8').toString('latin1');

/**
 * The element names SheetJS takes for rows and cells: SpreadsheetML's, ODF's, and the UOF names
 * its ODS reader also accepts (行 row, 数据 cell), after it drops a namespace prefix and anything
 * from an underscore (`table-row_x` is a row to it).
 */
const ODS_ROWS = new Set(['table-row', bytesOf('行')]);
const ODS_CELLS = new Set(['table-cell', 'covered-table-cell', bytesOf('数据')]);
const ROW_AND_CELL_ELEMENTS = new Set(['row', 'c', ...ODS_ROWS, ...ODS_CELLS]);

/**
 * Whether a cell has content: children (SpreadsheetML's `<v>` or `<is>`, ODF's text), or in ODF
 * a value type or formula. SheetJS copies an ODF cell with content into every row and column it
 * repeats over, which is what costs it; a styled empty cell (`<c s="1"/>`, `<table:table-cell/>`)
 * costs next to nothing.
 */
function cellHasContent(local: string, tag: string, selfClosing: boolean): boolean {
  return !selfClosing || (ODS_CELLS.has(local) && VALUE_ATTRIBUTE.test(tag));
}

const VALUE_ATTRIBUTE = new RegExp(`(?:value-type|formula|string-value|${bytesOf('数据类型')})[^=\\s]*\\s*=`, 'i');

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

/**
 * An ODF repeat count (`table:number-rows-repeated="3"`): the largest of the attributes whose
 * name holds `rows-repeated` (or `columns-repeated`) in any case, prefix or suffix, as SheetJS
 * matches names loosely. Digits only: SheetJS would read `1e6` or ` 0x10` as numbers; an
 * entity or anything else is refused here, not decoded.
 */
function repeatOf(tag: string, kind: 'rows-repeated' | 'columns-repeated', name: string): number {
  let repeat = 1;
  for (const [, attribute, double, single] of tag.matchAll(ATTRIBUTE)) {
    if (!attribute.toLowerCase().includes(kind)) continue;
    const value = double ?? single;
    if (!/^\d{1,9}$/.test(value)) throw unreadable(`The sheet's part ${name} has a malformed ${attribute} ${JSON.stringify(value.slice(0, 20))}`);
    repeat = Math.max(repeat, Number(value));
  }
  return repeat;
}

const ATTRIBUTE = /([^\s=<>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** `<text:s text:c="1000000000"/>` is 1 GB of spaces once SheetJS writes them out: counted with the unpacked bytes' limit. */
function countSpaces(count: string | undefined, census: Census, limits: SheetLimits, name: string): void {
  if (count === undefined) return;
  if (!/^\d{1,9}$/.test(count)) throw unreadable(`The sheet's part ${name} has a malformed space count ${JSON.stringify(count.slice(0, 20))}`);
  census.spaces += Number(count);
  if (census.spaces > limits.maxUnpackedBytes) {
    throw tooLarge(`The sheet's part ${name} stands for more than ${limits.maxUnpackedBytes} spaces (text:s), more than a goods sheet holds`);
  }
}

/** An attribute's value by its name without prefix, in any case (as SheetJS reads attributes). */
function attributeOf(tag: string, wanted: string): string | undefined {
  for (const [, attribute, double, single] of tag.matchAll(ATTRIBUTE)) {
    if (attribute.slice(attribute.indexOf(':') + 1).toLowerCase() === wanted) return double ?? single;
  }
  return undefined;
}

/** The number of cells of a range such as `A1:K20` (1 for one cell, or for what is no range). */
function rangeArea(ref: string | undefined): number {
  const corners = (ref ?? '').split(':').map((corner) => /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(corner.trim()));
  if (corners.length !== 2 || !corners[0] || !corners[1]) return 1;
  const [[, fromColumn, fromRow], [, toColumn, toRow]] = corners as RegExpExecArray[];
  const columns = Math.abs(columnNumber(toColumn.toUpperCase()) - columnNumber(fromColumn.toUpperCase())) + 1;
  return columns * (Math.abs(Number(toRow) - Number(fromRow)) + 1);
}

/** An element's name as SheetJS takes it: without its namespace prefix, and cut at an underscore. */
function localName(tag: string): string {
  const name = /^[^\s/>]+/.exec(tag)?.[0] ?? '';
  const local = name.slice(name.indexOf(':') + 1);
  const underscore = local.indexOf('_');
  return underscore > 0 ? local.slice(0, underscore) : local;
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
