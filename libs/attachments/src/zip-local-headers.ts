/**
 * Reads the local file headers at the start of a ZIP archive, as far as a head of the file
 * reaches, without the central directory at its end: so an upload's type can be told from its
 * first bytes, before the rest has arrived.
 */

export interface ZipLocalEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  /** Offset of the entry's data in the head. */
  dataOffset: number;
  /** The entry's data, when it lies wholly within the head and its size is in the header. */
  data: Buffer | null;
}

const LOCAL_HEADER = 0x04034b50;
const LOCAL_HEADER_SIZE = 30;
const HAS_DATA_DESCRIPTOR = 0x0008;
const UTF8_NAMES = 0x0800;
const ZIP64_EXTRA = 0x0001;
const UNKNOWN_SIZE = 0xffffffff;
const MAX_NAME_LENGTH = 1024;

export function startsLikeZip(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === LOCAL_HEADER;
}

/** The entries whose local header lies wholly within `head`, in archive order. */
export function* zipLocalEntries(head: Buffer): Generator<ZipLocalEntry> {
  let offset = 0;
  while (offset + LOCAL_HEADER_SIZE <= head.length && head.readUInt32LE(offset) === LOCAL_HEADER) {
    const flags = head.readUInt16LE(offset + 6);
    const method = head.readUInt16LE(offset + 8);
    let compressedSize = head.readUInt32LE(offset + 18);
    const nameLength = head.readUInt16LE(offset + 26);
    const extraLength = head.readUInt16LE(offset + 28);
    const nameOffset = offset + LOCAL_HEADER_SIZE;
    const dataOffset = nameOffset + nameLength + extraLength;
    if (nameLength === 0 || nameLength > MAX_NAME_LENGTH || dataOffset > head.length) return;
    const name = head.toString(flags & UTF8_NAMES ? 'utf8' : 'latin1', nameOffset, nameOffset + nameLength);
    if (compressedSize === UNKNOWN_SIZE) {
      const zip64 = zip64CompressedSize(head.subarray(nameOffset + nameLength, dataOffset));
      if (zip64 === null) return;
      compressedSize = zip64;
    }

    // With a data descriptor the sizes may follow the data, and the descriptor's own length varies
    // (12, 16 or 24 bytes): the next entry is found by its signature.
    const sizeKnown = !(flags & HAS_DATA_DESCRIPTOR) || compressedSize !== 0;
    const end = sizeKnown ? dataOffset + compressedSize : null;
    const data = end !== null && end <= head.length ? head.subarray(dataOffset, end) : null;
    yield { name, method, dataOffset, data };

    const next = flags & HAS_DATA_DESCRIPTOR ? nextLocalHeader(head, end ?? dataOffset) : end;
    if (next === null || next <= offset) return;
    offset = next;
  }
}

/** The compressed size in a ZIP64 extra field: after the 8-byte uncompressed size. */
function zip64CompressedSize(extra: Buffer): number | null {
  let at = 0;
  while (at + 4 <= extra.length) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    if (id === ZIP64_EXTRA && size >= 16 && at + 4 + size <= extra.length) {
      const compressed = extra.readBigUInt64LE(at + 12);
      return compressed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(compressed) : null;
    }
    at += 4 + size;
  }
  return null;
}

function nextLocalHeader(head: Buffer, from: number): number | null {
  const at = head.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), from);
  return at === -1 ? null : at;
}
