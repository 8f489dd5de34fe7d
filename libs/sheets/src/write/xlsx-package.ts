import { strToU8, zipSync, type Zippable } from 'fflate';
import { columnLetter } from '../goods-columns';
import type { CellStyle, SheetModel } from './sheet-model';
import { isPlainNumber, looksLikeFormula, xmlText } from './xml-text';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * Indexes into cellXfs of STYLES below. Every style has number format 49 (`@`, Text), so what a
 * person types into the sheet stays as typed: no leading zero dropped from a CCC code, no
 * `1,000` or date made of a quantity, no formula made of `=…`.
 */
const XF: Record<CellStyle | 'textQuoted', number> = { text: 1, headerRequired: 2, headerOptional: 3, title: 4, paragraph: 5, textQuoted: 6, number: 0 };

/**
 * SheetJS Community Edition writes no cell styles, and the manual wants the required columns in
 * red (4.1 item 5); so the package is written here, part by part, and zipped with fflate. Fonts:
 * 0 default, 1 bold red, 2 bold, 3 bold larger. Fill 2 is the header's light grey. `quotePrefix`
 * (xf 6) is how Excel records text typed after an apostrophe: the cell shows `=1+1` and stays
 * text when edited. A number cell takes xf 0, the General format.
 */
const STYLES =
  XML_DECLARATION +
  `<styleSheet xmlns="${MAIN}">` +
  '<fonts count="4">' +
  '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><color rgb="FFFF0000"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="13"/><name val="Calibri"/><family val="2"/></font>' +
  '</fonts>' +
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="7">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="49" fontId="1" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="49" fontId="2" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="49" fontId="3" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** An Office Open XML workbook (.xlsx) of the sheets, every cell an inline text cell. */
export function writeXlsx(sheets: readonly SheetModel[]): Uint8Array {
  const parts: Zippable = {
    '[Content_Types].xml': strToU8(contentTypes(sheets.length)),
    '_rels/.rels': strToU8(
      `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}">` +
        `<Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(workbook(sheets)),
    'xl/_rels/workbook.xml.rels': strToU8(workbookRelationships(sheets.length)),
    'xl/styles.xml': strToU8(STYLES),
  };
  sheets.forEach((sheet, index) => {
    parts[`xl/worksheets/sheet${index + 1}.xml`] = strToU8(worksheet(sheet, index === 0));
  });
  return zipSync(parts, { level: 6 });
}

function contentTypes(sheetCount: number): string {
  const worksheets = Array.from(
    { length: sheetCount },
    (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('');
  return (
    `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    `${worksheets}</Types>`
  );
}

function workbook(sheets: readonly SheetModel[]): string {
  const entries = sheets.map((sheet, i) => `<sheet name="${xmlText(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  return `${XML_DECLARATION}<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>${entries}</sheets></workbook>`;
}

function workbookRelationships(sheetCount: number): string {
  const worksheets = Array.from(
    { length: sheetCount },
    (_, i) => `<Relationship Id="rId${i + 1}" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join('');
  const styles = `<Relationship Id="rId${sheetCount + 1}" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/>`;
  return `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}">${worksheets}${styles}</Relationships>`;
}

/** A worksheet, its elements in the order the schema requires (dimension, views, format, columns, data). */
function worksheet(sheet: SheetModel, selected: boolean): string {
  const lastColumn = columnLetter(Math.max(sheet.columns.length, 1) - 1);
  const pane = sheet.freezeHeader ? '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>' : '';
  const columns = sheet.columns
    .map((column, i) => `<col min="${i + 1}" max="${i + 1}" width="${column.width + 2}" style="${XF[column.style]}" customWidth="1"/>`)
    .join('');
  const rows = sheet.rows
    .map((row, r) => {
      const height = r === 0 && sheet.headerHeight ? ` ht="${sheet.headerHeight}" customHeight="1"` : '';
      const cells = row
        .map((cell, c) => {
          if (!cell || cell.text === '') return '';
          if (cell.style === 'number' && isPlainNumber(cell.text)) return `<c r="${columnLetter(c)}${r + 1}"><v>${cell.text}</v></c>`;
          const style = (cell.style === 'text' || cell.style === 'number') && looksLikeFormula(cell.text) ? XF.textQuoted : XF[cell.style === 'number' ? 'text' : cell.style];
          return `<c r="${columnLetter(c)}${r + 1}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${xmlText(cell.text)}</t></is></c>`;
        })
        .join('');
      return `<row r="${r + 1}"${height}>${cells}</row>`;
    })
    .join('');
  return (
    `${XML_DECLARATION}<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}">` +
    `<dimension ref="A1:${lastColumn}${Math.max(sheet.rows.length, 1)}"/>` +
    `<sheetViews><sheetView workbookViewId="0"${selected ? ' tabSelected="1"' : ''}>${pane}</sheetView></sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (columns ? `<cols>${columns}</cols>` : '') +
    `<sheetData>${rows}</sheetData>` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    '</worksheet>'
  );
}
