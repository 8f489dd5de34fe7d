import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Builders of real and crafted spreadsheet files for tests: ZIP archives byte by byte (so an
 * entry can lie about its size, or two entries share their data), minimal .xlsx and .ods
 * packages around given XML, and the classic attacks on spreadsheet importers.
 */

export interface CraftedEntry {
  name: string;
  data: Buffer | string;
  /** Stored instead of deflated. */
  stored?: boolean;
  /** The unpacked size the headers declare, when it should not be the real one. */
  declaredSize?: number;
  /** Packed bytes to write instead of deflating `data` (a bomb packed once, reused). */
  packed?: Buffer;
}

/** A ZIP archive: local headers, data, central directory, end record. */
export function zipOf(entries: CraftedEntry[], options: { shareDataOf?: Record<string, string> } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets = new Map<string, { offset: number; header: Buffer }>();
  let offset = 0;
  for (const entry of entries) {
    const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
    const packed = entry.packed ?? (entry.stored ? raw : deflateRawSync(raw));
    const name = Buffer.from(entry.name, 'utf8');
    const header = Buffer.alloc(26);
    header.writeUInt16LE(20, 0);
    header.writeUInt16LE(0x0800, 2);
    header.writeUInt16LE(entry.stored ? 0 : 8, 4);
    header.writeUInt32LE(0x00210000, 6);
    header.writeUInt32LE(crc32(raw), 10);
    header.writeUInt32LE(packed.length, 14);
    header.writeUInt32LE(entry.declaredSize ?? raw.length, 18);
    header.writeUInt16LE(name.length, 22);
    // An entry that shares another's data points its directory record at that entry's local header.
    const shared = options.shareDataOf?.[entry.name];
    const target = shared ? offsets.get(shared)! : { offset, header };
    if (!shared) {
      locals.push(u32(0x04034b50), header, name, packed);
      offsets.set(entry.name, { offset, header });
      offset += 4 + header.length + name.length + packed.length;
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    target.header.copy(central, 6, 0, 26);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(target.offset, 42);
    centrals.push(central, name);
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(value, 0);
  return out;
}

const XLSX_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a one-sheet .xlsx but its worksheet, content types first (as Excel writes them). */
export function xlsxPackage(sheet: CraftedEntry): CraftedEntry[] {
  return [
    { name: '[Content_Types].xml', data: XLSX_TYPES },
    { name: '_rels/.rels', data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: 'xl/workbook.xml', data: `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${R}"><sheets><sheet name="Goods" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>` },
    { ...sheet, name: 'xl/worksheets/sheet1.xml' },
  ];
}

/** A worksheet part around `<sheetData>` content. */
export function worksheetXml(sheetData: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData></worksheet>`;
}

/** Rows of inline text cells, as SpreadsheetML. */
export function xlsxRows(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return rows
    .map((row, r) => `<row r="${r + 1}">${row.map((text, c) => (text === '' ? '' : `<c r="${String.fromCharCode(65 + c)}${r + 1}" t="inlineStr"><is><t>${text}</t></is></c>`)).join('')}</row>`)
    .join('');
}

/** A one-table .ods whose table holds `tableXml` (rows), with the parts SheetJS needs. */
export function odsPackage(content: CraftedEntry | string): CraftedEntry[] {
  const entry = typeof content === 'string' ? { name: 'content.xml', data: odsContentXml(content) } : { ...content, name: 'content.xml' };
  return [
    { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', stored: true },
    { name: 'META-INF/manifest.xml', data: '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>' },
    { name: 'styles.xml', data: '<?xml version="1.0"?><office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>' },
    entry,
  ];
}

export function odsContentXml(tableXml: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">' +
    `<office:body><office:spreadsheet><table:table table:name="Goods">${tableXml}</table:table></office:spreadsheet></office:body></office:document-content>`
  );
}

/** An ODF text cell. */
export function odsCell(text: string, attributes = ''): string {
  return `<table:table-cell office:value-type="string"${attributes ? ` ${attributes}` : ''}><text:p>${text}</text:p></table:table-cell>`;
}
