import { inflateRawSync } from 'node:zlib';
import { startsLikeZip, zipLocalEntries, type ZipLocalEntry } from './zip-local-headers';

/** The type of an upload, read from its bytes, never from its name or the client's content type. */
export interface FileType {
  mediaType: string;
  extension: string;
}

/**
 * How much of the start of an upload is read to tell its type: enough for the signatures and
 * for the first ZIP entries of an office document (its package parts come first; media and
 * large parts usually later), small enough to hold in memory before anything is stored.
 */
export const SNIFF_BYTES = 64 * 1024;

export const PDF: FileType = { mediaType: 'application/pdf', extension: 'pdf' };
export const PNG: FileType = { mediaType: 'image/png', extension: 'png' };
export const JPEG: FileType = { mediaType: 'image/jpeg', extension: 'jpg' };
export const TIFF: FileType = { mediaType: 'image/tiff', extension: 'tif' };
export const DOCX: FileType = { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' };
export const XLSX: FileType = { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' };
export const PPTX: FileType = { mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx' };
export const ODT: FileType = { mediaType: 'application/vnd.oasis.opendocument.text', extension: 'odt' };
export const ODS: FileType = { mediaType: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods' };
export const ODP: FileType = { mediaType: 'application/vnd.oasis.opendocument.presentation', extension: 'odp' };

export const NOT_ACCEPTED =
  'Only PDF, PNG, JPEG, TIFF, Office (.docx, .xlsx, .pptx) and OpenDocument (.odt, .ods, .odp) files are accepted; ' +
  'the type is read from the file itself, not from its name';
const LEGACY_OFFICE =
  'Older Office files (.doc, .xls, .ppt) are not accepted: save the file as PDF, or as .docx, .xlsx or .pptx';
const MACROS = 'Office files with macros (.docm, .xlsm, .pptm) are not accepted: save without macros, or as PDF';

export type Sniffed = { type: FileType; refusal?: undefined } | { type: null; refusal: string };

/** The accepted type of a file from its first bytes (at least SNIFF_BYTES of it, or all of a smaller file), or null. */
export function detectFileType(head: Uint8Array): FileType | null {
  return sniffFileType(head).type;
}

/**
 * The type, or why the file is refused. Legacy OLE2 Office files (.doc, .xls) are refused: their
 * header is shared with installers (.msi) and mail (.msg), telling them apart needs the directory,
 * which may lie anywhere in the file, and they are the usual carriers of macro viruses. Macro-
 * enabled OOXML is refused where the head shows it (its content types or a vbaProject.bin part).
 */
export function sniffFileType(bytes: Uint8Array): Sniffed {
  const head = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const startsWith = (...signature: number[]) => signature.every((byte, i) => head[i] === byte);
  if (head.length === 0) return { type: null, refusal: 'The file is empty' };
  if (head.toString('latin1', 0, 5) === '%PDF-') return { type: PDF };
  if (startsWith(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { type: PNG };
  if (startsWith(0xff, 0xd8, 0xff)) return { type: JPEG };
  if (startsWith(0x49, 0x49, 0x2a, 0x00) || startsWith(0x4d, 0x4d, 0x00, 0x2a)) return { type: TIFF };
  if (startsWith(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return { type: null, refusal: LEGACY_OFFICE };
  if (startsLikeZip(head)) return sniffZip(head);
  return { type: null, refusal: NOT_ACCEPTED };
}

const ODF_TYPES = new Map([ODT, ODS, ODP].map((type) => [type.mediaType, type]));
const OOXML_FOLDERS: Record<string, FileType> = { word: DOCX, xl: XLSX, ppt: PPTX };
const OOXML_MAIN_PARTS: Array<[RegExp, FileType]> = [
  [/wordprocessingml\.document\.main\+xml/, DOCX],
  [/spreadsheetml\.sheet\.main\+xml/, XLSX],
  [/presentationml\.presentation\.main\+xml/, PPTX],
];

/**
 * OpenDocument: the first entry is `mimetype`, stored uncompressed, holding the media type.
 * OOXML: an Open Packaging container (`[Content_Types].xml` or `_rels/.rels` among the entries;
 * Word writes the first one first, LibreOffice writes it last) whose main part is read from the
 * content types when they are in the head, or else from the first `word/`, `xl/` or `ppt/` entry.
 * Any other ZIP is refused.
 */
function sniffZip(head: Buffer): Sniffed {
  const entries = [...zipLocalEntries(head)];
  const [first] = entries;
  if (first?.name === 'mimetype') {
    const mediaType = first.method === 0 && first.data ? first.data.toString('latin1').trim() : '';
    const type = ODF_TYPES.get(mediaType);
    return type ? { type } : { type: null, refusal: NOT_ACCEPTED };
  }

  let isPackage = false;
  let macros = false;
  let byFolder: FileType | null = null;
  let byContentTypes: FileType | null = null;
  for (const entry of entries) {
    if (entry.name === '_rels/.rels') isPackage = true;
    if (entry.name === '[Content_Types].xml') {
      isPackage = true;
      const contentTypes = textOf(entry);
      if (contentTypes !== null) {
        if (declaresMacros(contentTypes, entries)) macros = true;
        byContentTypes = OOXML_MAIN_PARTS.find(([pattern]) => pattern.test(contentTypes))?.[1] ?? null;
      }
    }
    if (/(^|\/)vbaProject\.bin$/i.test(entry.name)) macros = true;
    byFolder ??= OOXML_FOLDERS[/^(word|xl|ppt)\//.exec(entry.name)?.[1] ?? ''] ?? null;
  }
  if (!isPackage) return { type: null, refusal: NOT_ACCEPTED };
  if (macros) return { type: null, refusal: MACROS };
  const type = byContentTypes ?? byFolder;
  return type ? { type } : { type: null, refusal: NOT_ACCEPTED };
}

/**
 * Whether content types declare macros: a part typed macro-enabled (an .xlsm's or .docm's main
 * part), or a macro-enabled default type for an extension some entry has (an .xlsb's
 * workbook.bin). A default alone is no part: SheetJS declares `bin` as macro-enabled in every
 * .xlsx it writes, which has no .bin part.
 */
function declaresMacros(contentTypes: string, entries: readonly ZipLocalEntry[]): boolean {
  for (const [declaration] of contentTypes.matchAll(/<(?:Override|Default)\b[^>]*>/g)) {
    if (!/macroEnabled/i.test(declaration)) continue;
    if (declaration.startsWith('<Override')) return true;
    const extension = /\bExtension="([^"]*)"/.exec(declaration)?.[1].toLowerCase();
    if (extension && entries.some((entry) => entry.name.toLowerCase().endsWith(`.${extension}`))) return true;
  }
  return false;
}

/** An entry's text when it is wholly in the head (inflated up to 1 MiB), else null. */
function textOf(entry: ZipLocalEntry): string | null {
  if (!entry.data) return null;
  try {
    if (entry.method === 0) return entry.data.toString('utf8');
    if (entry.method === 8) return inflateRawSync(entry.data, { maxOutputLength: 1024 * 1024 }).toString('utf8');
  } catch {
    // A damaged or oversized part: decide by entry names alone.
  }
  return null;
}
