import { crc32, deflateRawSync, deflateSync } from 'node:zlib';

/**
 * Small real files of each kind, built byte by byte for tests: what an applicant would upload,
 * and what must be refused. The ZIP builder writes real archives (`unzip -t` accepts them).
 */

/** A one-page PDF with a correct cross-reference table. */
export function samplePdf(title = 'End-use assurance'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
  ];
  const stream = `BT /F1 12 Tf 72 770 Td (${title}) Tj ET`;
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A 1×1 white PNG. */
export function samplePng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 0xff]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The start of a JFIF JPEG (SOI, APP0) and its end marker. */
export function sampleJpeg(): Buffer {
  return Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9,
  ]);
}

/** A 1×1 bilevel TIFF, little-endian (`II*\0`) or big-endian (`MM\0*`). */
export function sampleTiff(byteOrder: 'II' | 'MM' = 'II'): Buffer {
  const le = byteOrder === 'II';
  const tags: Array<[tag: number, type: number, value: number]> = [
    [256, 3, 1], // ImageWidth
    [257, 3, 1], // ImageLength
    [259, 3, 1], // Compression: none
    [262, 3, 0], // Photometric: white is zero
    [273, 4, 8 + 2 + 12 * 8 + 4], // StripOffsets: after the IFD
    [278, 3, 1], // RowsPerStrip
    [279, 4, 1], // StripByteCounts
    [282, 3, 72], // (XResolution is RATIONAL in the spec; a SHORT keeps the sample small)
  ];
  const out = Buffer.alloc(8 + 2 + tags.length * 12 + 4 + 1);
  const u16 = (v: number, at: number) => (le ? out.writeUInt16LE(v, at) : out.writeUInt16BE(v, at));
  const u32 = (v: number, at: number) => (le ? out.writeUInt32LE(v, at) : out.writeUInt32BE(v, at));
  out.write(byteOrder, 0, 'latin1');
  u16(42, 2);
  u32(8, 4);
  u16(tags.length, 8);
  tags.forEach(([tag, type, value], i) => {
    const at = 10 + i * 12;
    u16(tag, at);
    u16(type, at + 2);
    u32(1, at + 4);
    if (type === 3) u16(value, at + 8);
    else u32(value, at + 8);
  });
  return out;
}

/** The start of a Windows executable: `MZ`, and the PE header it points to. */
export function sampleExe(): Buffer {
  const out = Buffer.alloc(256);
  out.write('MZ', 0, 'latin1');
  out.writeUInt32LE(0x80, 0x3c);
  out.write('PE\0\0', 0x80, 'latin1');
  return out;
}

/** The header every OLE2 compound file starts with (.doc, .xls, but also .msi, .msg). */
export function sampleOle2(): Buffer {
  const out = Buffer.alloc(512);
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  return out;
}

export interface ZipEntry {
  name: string;
  data: Buffer | string;
  /** Default deflate. */
  method?: 'store' | 'deflate';
  /** Sizes and CRC after the data (bit 3), as streaming writers do. */
  dataDescriptor?: boolean;
}

/** A real ZIP archive: local headers, data, central directory and end record. */
export function buildZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
    const stored = entry.method === 'store';
    const data = stored ? raw : deflateRawSync(raw);
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(raw);
    const flags = 0x0800 | (entry.dataDescriptor ? 0x0008 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
    if (!entry.dataDescriptor) {
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(data.length, 18);
      local.writeUInt32LE(raw.length, 22);
    }
    local.writeUInt16LE(name.length, 26);
    const descriptor = Buffer.alloc(entry.dataDescriptor ? 16 : 0);
    if (entry.dataDescriptor) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(data.length, 8);
      descriptor.writeUInt32LE(raw.length, 12);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    local.copy(central, 8, 6, 14); // flags, method, time, date
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data, descriptor);
    centrals.push(central, name);
    offset += local.length + name.length + data.length + descriptor.length;
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

const MAIN_PARTS = {
  docx: { folder: 'word', part: 'document.xml', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml' },
  xlsx: { folder: 'xl', part: 'workbook.xml', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml' },
  pptx: { folder: 'ppt', part: 'presentation.xml', type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml' },
  docm: { folder: 'word', part: 'document.xml', type: 'application/vnd.ms-word.document.macroEnabled.main+xml' },
};

/**
 * An Office Open XML package. `order: 'office'` puts `[Content_Types].xml` first, as Microsoft
 * Office does; `'libreoffice'` puts it last, after the parts (and `padding` bytes of media first).
 */
export function sampleOoxml(kind: keyof typeof MAIN_PARTS, options: { order?: 'office' | 'libreoffice'; padding?: number } = {}): Buffer {
  const { folder, part, type } = MAIN_PARTS[kind];
  const contentTypes =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    `<Default Extension="xml" ContentType="application/xml"/><Override PartName="/${folder}/${part}" ContentType="${type}"/></Types>`;
  const rels =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${folder}/${part}"/></Relationships>`;
  const media: ZipEntry[] = options.padding ? [{ name: 'docProps/thumbnail.bin', data: randomish(options.padding), method: 'store' }] : [];
  const main: ZipEntry = { name: `${folder}/${part}`, data: `<?xml version="1.0"?><root>${'最終用途 '.repeat(50)}</root>` };
  const macros: ZipEntry[] = kind === 'docm' ? [{ name: 'word/vbaProject.bin', data: randomish(64) }] : [];
  return options.order === 'libreoffice'
    ? buildZip([{ name: '_rels/.rels', data: rels }, ...media, main, ...macros, { name: '[Content_Types].xml', data: contentTypes }])
    : buildZip([{ name: '[Content_Types].xml', data: contentTypes }, { name: '_rels/.rels', data: rels }, ...media, main, ...macros]);
}

/** An OpenDocument file: `mimetype` first and stored, then the manifest and content. */
export function sampleOdf(kind: 'odt' | 'ods' | 'odp'): Buffer {
  const mediaType = `application/vnd.oasis.opendocument.${{ odt: 'text', ods: 'spreadsheet', odp: 'presentation' }[kind]}`;
  return buildZip([
    { name: 'mimetype', data: mediaType, method: 'store' },
    { name: 'META-INF/manifest.xml', data: `<manifest:manifest><manifest:file-entry manifest:media-type="${mediaType}" manifest:full-path="/"/></manifest:manifest>` },
    { name: 'content.xml', data: '<office:document-content/>', dataDescriptor: true },
  ]);
}

/** Bytes that do not compress and contain no ZIP signature. */
export function randomish(length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = 0x2545f491;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x & 0xff) === 0x50 ? 0x51 : x & 0xff;
  }
  return out;
}
