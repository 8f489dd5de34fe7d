import { strToU8, zipSync, type Zippable } from 'fflate';
import type { CellStyle, SheetCell, SheetModel } from './sheet-model';
import { isPlainNumber, xmlText } from './xml-text';

const ODS_MEDIA_TYPE = 'application/vnd.oasis.opendocument.spreadsheet';
const NAMESPACES =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ' +
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"';

const BOLD = 'fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"';
const HEADER_CELL = '<style:table-cell-properties fo:background-color="#f2f2f2" fo:wrap-option="wrap" style:vertical-align="middle"/>';

/**
 * Cell styles, each with the text data style (N0): what a person types into the sheet stays as
 * typed, as in the .xlsx. The red of a required header applies to Chinese text too (colour is
 * not per script; weight is, hence the -asian and -complex weights).
 */
const CELL_STYLES: Record<CellStyle, string> = {
  text: '',
  headerRequired: `${HEADER_CELL}<style:text-properties fo:color="#ff0000" ${BOLD}/>`,
  headerOptional: `${HEADER_CELL}<style:text-properties ${BOLD}/>`,
  title: `<style:text-properties fo:font-size="13pt" style:font-size-asian="13pt" ${BOLD}/>`,
  paragraph: '<style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"/>',
  number: '',
};

/**
 * An OpenDocument spreadsheet (.ods) of the sheets, written part by part for the same reason as
 * the .xlsx (styles). Every cell but a number is `office:value-type="string"` and none has
 * `table:formula`: LibreOffice opens `=1+1` in such a cell as text.
 */
export function writeOds(sheets: readonly SheetModel[]): Uint8Array {
  const parts: Zippable = {
    // First and stored, so that the type is told from the file's first bytes (ODF 1.3 part 2, 3.3).
    mimetype: [strToU8(ODS_MEDIA_TYPE), { level: 0 }],
    'META-INF/manifest.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">' +
        `<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${ODS_MEDIA_TYPE}"/>` +
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>' +
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>' +
        '</manifest:manifest>',
    ),
    'styles.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles ${NAMESPACES} office:version="1.3"><office:styles>` +
        '<style:default-style style:family="table-cell"/><style:style style:name="Default" style:family="table-cell"/>' +
        '</office:styles></office:document-styles>',
    ),
    'content.xml': strToU8(content(sheets)),
  };
  return zipSync(parts, { level: 6 });
}

function content(sheets: readonly SheetModel[]): string {
  // A number cell's style has no text data style: it shows its value as a number.
  const cellStyles = Object.entries(CELL_STYLES)
    .map(([name, properties]) => {
      const dataStyle = name === 'number' ? '' : ' style:data-style-name="N0"';
      return `<style:style style:name="${name}" style:family="table-cell" style:parent-style-name="Default"${dataStyle}>${properties}</style:style>`;
    })
    .join('');
  const widths = [...new Set(sheets.flatMap((sheet) => sheet.columns.map((column) => column.width)))];
  const columnStyles = widths
    .map((width) => `<style:style style:name="co${width}" style:family="table-column"><style:table-column-properties style:column-width="${(width * 0.22 + 0.4).toFixed(2)}cm"/></style:style>`)
    .join('');
  const heights = [...new Set(sheets.flatMap((sheet) => (sheet.headerHeight ? [sheet.headerHeight] : [])))];
  const rowStyles = heights
    .map((height) => `<style:style style:name="ro${height}" style:family="table-row"><style:table-row-properties style:row-height="${height}pt" style:use-optimal-row-height="false"/></style:style>`)
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${NAMESPACES} office:version="1.3">` +
    '<office:automatic-styles><number:text-style style:name="N0"><number:text-content/></number:text-style>' +
    `${cellStyles}${columnStyles}${rowStyles}</office:automatic-styles>` +
    `<office:body><office:spreadsheet>${sheets.map(table).join('')}</office:spreadsheet></office:body></office:document-content>`
  );
}

function table(sheet: SheetModel): string {
  const columns = sheet.columns.map((column) => `<table:table-column table:style-name="co${column.width}" table:default-cell-style-name="${column.style}"/>`).join('');
  const rows = sheet.rows
    .map((row, r) => {
      const style = r === 0 && sheet.headerHeight ? ` table:style-name="ro${sheet.headerHeight}"` : '';
      return `<table:table-row${style}>${row.map(cell).join('') || '<table:table-cell/>'}</table:table-row>`;
    })
    .join('');
  return `<table:table table:name="${xmlText(sheet.name)}">${columns}${rows}</table:table>`;
}

function cell(value: SheetCell | null): string {
  if (!value || value.text === '') return '<table:table-cell/>';
  if (value.style === 'number' && isPlainNumber(value.text)) {
    return `<table:table-cell table:style-name="number" office:value-type="float" office:value="${value.text}"><text:p>${value.text}</text:p></table:table-cell>`;
  }
  const style = value.style === 'number' ? 'text' : value.style;
  return `<table:table-cell table:style-name="${style}" office:value-type="string">${paragraphs(value.text)}</table:table-cell>`;
}

/** Lines become paragraphs; runs of spaces and tabs are written out, as ODF collapses them in text. */
function paragraphs(text: string): string {
  return text
    .split('\n')
    .map((line) => `<text:p>${xmlText(line).replace(/ {2,}/g, (spaces) => ` <text:s text:c="${spaces.length - 1}"/>`).replace(/\t/g, '<text:tab/>')}</text:p>`)
    .join('');
}
