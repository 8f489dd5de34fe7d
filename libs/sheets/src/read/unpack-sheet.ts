import { promisify } from 'node:util';
import { crc32, inflateRaw } from 'node:zlib';
import { zipSync, type Zippable } from 'fflate';
import { SHEET_LIMITS, type SheetLimits } from '../sheet-limits';
import { tooLarge, unreadable } from '../sheet-refusal';
import { readZipDirectory, type ZipDirectoryEntry } from './zip-archive';

const inflate = promisify(inflateRaw);
const MB = 1024 * 1024;

/** The XML parts of a workbook, unpacked and checked, by name in archive order. */
export type SheetParts = Map<string, Buffer>;

/**
 * The parts a spreadsheet parser reads: XML and relationships, and ODF's `mimetype`. Pictures,
 * thumbnails, printer settings and the like are never unpacked, so a bomb hidden in one costs
 * nothing.
 */
export function isSheetPart(name: string): boolean {
  return name === 'mimetype' || /\.(xml|rels)$/i.test(name);
}

/**
 * Unpacks the XML parts of a .xlsx or .ods, refusing a zip bomb before it costs memory or time:
 * the sizes the directory declares are checked first (each part and all together at most
 * `maxUnpackedBytes`, a large part packed at most `maxRatio` times), then each part is inflated
 * with zlib's `maxOutputLength` set to its declared size, so a part that lies about its size is
 * stopped at that size, and must match its declared size and CRC-32 exactly.
 */
export async function unpackSheet(zip: Buffer, limits: SheetLimits = SHEET_LIMITS): Promise<SheetParts> {
  const entries = readZipDirectory(zip, limits.maxEntries).filter((entry) => isSheetPart(entry.name));
  const total = entries.reduce((sum, entry) => sum + entry.unpackedSize, 0);
  if (total > limits.maxUnpackedBytes) {
    throw tooLarge(`The sheet unpacks to ${mb(total)}; a goods sheet of 999 lines is far smaller (at most ${mb(limits.maxUnpackedBytes)} is read)`);
  }
  for (const entry of entries) {
    if (entry.unpackedSize > MB && entry.unpackedSize > entry.packedSize * limits.maxRatio) {
      throw tooLarge(
        `The sheet's part ${entry.name} unpacks from ${entry.packedSize} bytes to ${entry.unpackedSize} ` +
          `(more than ${limits.maxRatio} times): refused as a zip bomb`,
      );
    }
  }
  const parts: SheetParts = new Map();
  for (const entry of entries) parts.set(entry.name, await unpackEntry(zip, entry));
  return parts;
}

async function unpackEntry(zip: Buffer, entry: ZipDirectoryEntry): Promise<Buffer> {
  const packed = zip.subarray(entry.dataOffset, entry.dataOffset + entry.packedSize);
  let data: Buffer;
  if (entry.method === 0) {
    data = packed;
  } else if (entry.method === 8) {
    try {
      data = await inflate(packed, { maxOutputLength: Math.max(entry.unpackedSize, 1) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw tooLarge(`The sheet's part ${entry.name} unpacks to more than the ${entry.unpackedSize} bytes its header declares: refused as a zip bomb`);
      }
      throw unreadable(`The sheet is damaged: its part ${entry.name} cannot be unpacked`);
    }
  } else {
    throw unreadable(`The sheet's part ${entry.name} is compressed with method ${entry.method}; Excel and LibreOffice use deflate`);
  }
  if (data.length !== entry.unpackedSize || crc32(data) !== entry.crc32) {
    throw unreadable(`The sheet is damaged: its part ${entry.name} does not match its size or checksum`);
  }
  return data;
}

/**
 * The checked parts as a new archive of stored (uncompressed) entries, for the parser: it
 * unpacks nothing, and sees nothing that was not checked.
 */
export function repackStored(parts: SheetParts): Uint8Array {
  const files: Zippable = {};
  for (const [name, data] of parts) files[name] = [data, { level: 0 }];
  return zipSync(files);
}

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}
