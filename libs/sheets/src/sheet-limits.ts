import { MAX_GOODS_ITEMS } from '@shtc/domain';

/**
 * What an uploaded goods sheet may be, so that a crafted one (a zip bomb, a million rows,
 * deeply nested XML) is refused from cheap checks before a spreadsheet parser sees it, and the
 * parser itself runs in bounded memory and time. Each figure leaves room above the largest real
 * goods sheet: 999 lines (R-ITEM-1) whose every text cell is full, in Chinese, unpack to about
 * 10 MB and take SheetJS 3 to 9 s (an .ods; an .xlsx about a third of that), where a sheet of
 * 999 short lines takes under a second.
 */
export const SHEET_LIMITS = {
  /** The upload itself (the 999-line sheet above is about 1 MB packed). */
  maxFileBytes: 5 * 1024 * 1024,
  /** ZIP entries in the archive (Excel and LibreOffice write 10 to 20). */
  maxEntries: 256,
  /** The parts read (XML only: pictures and thumbnails are never unpacked), unpacked, together. */
  maxUnpackedBytes: 16 * 1024 * 1024,
  /**
   * Packed-to-unpacked ratio above which a part over 1 MB is taken for a bomb. Real sheet XML
   * packs 3 to 30 times, 999 identical full lines 80 (.xlsx) to 120 times (.ods); deflate's
   * limit, which bombs reach, is about 1,000.
   */
  maxRatio: 400,
  /** XML element nesting (a sheet written by Excel or LibreOffice nests about 12 deep). */
  maxXmlDepth: 64,
  /**
   * Rows with content, in all sheets together: the header, 999 items (R-ITEM-1) and the
   * instruction sheet's lines, with room to spare.
   */
  maxRows: MAX_GOODS_ITEMS + 1 + 1024,
  /** Cells with content, in all sheets together. */
  maxCells: 64 * 1024,
  /**
   * Row and cell elements written, empty or not, in all sheets together: SheetJS spends some
   * microseconds on each, so a million empty `<row/>` (16 MB) would cost seconds. Excel and
   * LibreOffice write one only for a row or cell with content or a format of its own.
   */
  maxElements: 256 * 1024,
  /** Rows and columns of a sheet passed from the parser: content past these rows refuses the sheet; past these columns, it is not read. */
  readRows: MAX_GOODS_ITEMS + 25,
  readColumns: 64,
  /** Sheets parsed: the goods sheet is the first whose header names the goods columns. */
  readSheets: 8,
  /**
   * The parser's worker thread: heap and time, after which it is stopped. The checks above
   * refuse crafted files in milliseconds; these bound whatever passes them (the largest sheet
   * the checks let through takes SheetJS about as long as the largest real one).
   */
  workerHeapMb: 192,
  workerTimeoutMs: 20_000,
  /**
   * Sheets parsed at once, and waiting; past that, 503. One at a time: parsing takes a core,
   * and the machine has two, one of which the API's own thread needs.
   */
  concurrentReads: 1,
  queuedReads: 8,
} as const;

/** The limits' shape, so tests can pass smaller ones. */
export type SheetLimits = { readonly [K in keyof typeof SHEET_LIMITS]: number };
