/** The central directory of a ZIP archive, read without unpacking anything (APPNOTE 6.3.10, 4.3). */
import { tooLarge, unreadable } from '../sheet-refusal';

export interface ZipDirectoryEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  crc32: number;
  packedSize: number;
  /** As the directory declares it: checked against what the entry really unpacks to. */
  unpackedSize: number;
  /** Where the entry's data starts, past its local header. */
  dataOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const ENCRYPTED = 0x0001;
const UTF8_NAMES = 0x0800;
/** The end record is 22 bytes and may be followed by a comment of up to 65,535. */
const END_SEARCH = 22 + 0xffff;

/**
 * The entries of a ZIP archive, from its central directory, each with the offset of its data
 * from its local header. Refused (400) when the archive is damaged, encrypted, split or ZIP64
 * (a sheet never needs 4 GB), names an entry twice, or has entries whose data overlap (the
 * trick of "overlapping file" bombs, where one compressed stream counts many times); 413 when
 * it has more than `maxEntries` entries.
 */
export function readZipDirectory(zip: Buffer, maxEntries: number): ZipDirectoryEntry[] {
  const end = findEndOfDirectory(zip);
  const disk = zip.readUInt16LE(end + 4);
  const directoryDisk = zip.readUInt16LE(end + 6);
  const entriesHere = zip.readUInt16LE(end + 8);
  const count = zip.readUInt16LE(end + 10);
  const directorySize = zip.readUInt32LE(end + 12);
  const directoryOffset = zip.readUInt32LE(end + 16);
  if (disk !== 0 || directoryDisk !== 0 || entriesHere !== count) throw unreadable('The sheet is a split ZIP archive: save it again as one file');
  if (count === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff) throw unreadable('The sheet is a ZIP64 archive, which no goods sheet needs');
  if (count > maxEntries) throw tooLarge(`The sheet's archive has ${count} entries; a spreadsheet has far fewer (at most ${maxEntries} are read)`);
  if (directoryOffset + directorySize > end) throw unreadable('The sheet is damaged: its ZIP directory lies outside the file');

  const entries: ZipDirectoryEntry[] = [];
  const names = new Set<string>();
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || zip.readUInt32LE(at) !== DIRECTORY_HEADER) throw unreadable('The sheet is damaged: its ZIP directory is broken');
    const flags = zip.readUInt16LE(at + 8);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.toString(flags & UTF8_NAMES ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    if (flags & ENCRYPTED) throw unreadable('The sheet is encrypted or password-protected: save it without a password');
    if (names.has(name)) throw unreadable(`The sheet's archive names ${JSON.stringify(name)} twice`);
    names.add(name);
    const entry = {
      name,
      method: zip.readUInt16LE(at + 10),
      crc32: zip.readUInt32LE(at + 16),
      packedSize: zip.readUInt32LE(at + 20),
      unpackedSize: zip.readUInt32LE(at + 24),
      dataOffset: dataOffsetOf(zip, zip.readUInt32LE(at + 42), directoryOffset),
    };
    if (entry.dataOffset + entry.packedSize > directoryOffset) throw unreadable('The sheet is damaged: an entry runs into the ZIP directory');
    entries.push(entry);
    at += 46 + skip;
  }
  refuseOverlaps(entries);
  return entries;
}

function findEndOfDirectory(zip: Buffer): number {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - END_SEARCH); at--) {
    if (zip.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  throw unreadable('The sheet is damaged: the end of its ZIP archive is missing (was the upload cut short?)');
}

function dataOffsetOf(zip: Buffer, localOffset: number, limit: number): number {
  if (localOffset + 30 > limit || zip.readUInt32LE(localOffset) !== LOCAL_HEADER) throw unreadable('The sheet is damaged: an entry of its ZIP archive is missing');
  return localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
}

function refuseOverlaps(entries: readonly ZipDirectoryEntry[]): void {
  const byOffset = [...entries].sort((a, b) => a.dataOffset - b.dataOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const previous = byOffset[i - 1];
    if (previous.dataOffset + previous.packedSize > byOffset[i].dataOffset - 30) {
      throw unreadable('The sheet\'s ZIP entries overlap: not an archive a spreadsheet program writes');
    }
  }
}
