import { ODS, SNIFF_BYTES, XLSX, sniffFileType } from '@shtc/attachments';
import { SHEET_LIMITS, type SheetLimits } from '../sheet-limits';
import { SheetRefusedError, tooLarge } from '../sheet-refusal';
import { readGoodsRows, type GoodsSheetContent } from './goods-rows';
import { parseInWorker } from './parse-in-worker';
import { repackStored, unpackSheet } from './unpack-sheet';
import { guardSheetXml } from './xml-guard';

/**
 * An uploaded goods sheet's lines (R-BULK-1, R-BULK-2), or a SheetRefusedError. In order, each
 * step cheap before the next costs more:
 * 1. its size, and its type from its bytes (.xlsx or .ods; 415 otherwise, whatever its name);
 * 2. its ZIP directory, the declared sizes and ratios, then each XML part unpacked with a cap
 *    at its declared size (zip bombs: 413);
 * 3. every XML part scanned once (entities, nesting depth, rows and cells counted with ODF's
 *    repeats: 400, 413);
 * 4. SheetJS, in a worker thread with a capped heap and a deadline, on a stored copy of the
 *    checked parts only;
 * 5. the goods-line checks of the application body, every faulty cell reported (422).
 */
export async function parseGoodsSheet(file: Buffer, limits: SheetLimits = SHEET_LIMITS): Promise<GoodsSheetContent> {
  if (file.length > limits.maxFileBytes) throw tooLarge(`The sheet is larger than ${limits.maxFileBytes / (1024 * 1024)} MB; a goods sheet of 999 lines is about 1 MB`);
  const sniffed = sniffFileType(file.subarray(0, SNIFF_BYTES));
  if (sniffed.type !== XLSX && sniffed.type !== ODS) {
    const what = sniffed.type ? `this file is a ${sniffed.type.extension.toUpperCase()} file` : sniffed.refusal;
    throw new SheetRefusedError(415, `A goods sheet is an Excel (.xlsx) or OpenDocument (.ods) spreadsheet, told by its content, not its name: ${what}`);
  }
  const parts = await unpackSheet(file, limits);
  guardSheetXml(parts, limits);
  return readGoodsRows(await parseInWorker(repackStored(parts), limits));
}
