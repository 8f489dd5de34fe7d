import { Worker } from 'node:worker_threads';
import { SHEET_LIMITS, type SheetLimits } from '../sheet-limits';
import { SheetRefusedError, tooLarge, unreadable } from '../sheet-refusal';

/** A cell's value as the parser read it: text, a number, a boolean, or nothing. */
export type CellValue = string | number | boolean | null;

export interface ParsedSheet {
  name: string;
  /** Row by row from A1 to the last row with a value, at most `readRows` rows of at most `readColumns` cells. */
  rows: CellValue[][];
  /** The sheet has values in rows beyond those passed. */
  truncated: boolean;
}

/**
 * The worker's code, as text, so that it runs the same from the TypeScript sources (tests) and
 * from the build (which copies no .js files): it reads the workbook with SheetJS and posts back
 * plain values only, so nothing the parser built (an object polluted by a crafted file, say)
 * reaches the main thread. No formulas are evaluated: a formula cell gives the value its
 * program stored.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const XLSX = require(workerData.xlsxPath);
const { bytes, readRows, readColumns, readSheets } = workerData;
const workbook = XLSX.read(bytes, {
  type: 'array', dense: true, sheets: Array.from({ length: readSheets }, (_, i) => i),
  cellFormula: false, cellHTML: false, cellText: false, cellDates: false, cellStyles: false, cellNF: false,
  bookVBA: false, bookFiles: false, bookDeps: false, WTF: false,
});
const valueOf = (cell) => {
  if (!cell || cell.v === undefined || cell.v === null) return null;
  if (cell.t === 'e') return String(cell.w || '#ERROR');
  if (typeof cell.v === 'number' || typeof cell.v === 'boolean') return cell.v;
  return String(cell.v);
};
const sheets = [];
for (const name of workbook.SheetNames.slice(0, readSheets)) {
  const sheet = workbook.Sheets[name];
  const data = (sheet && sheet['!data']) || [];
  // The last row with a value, from the cells themselves (never the sheet's declared dimension,
  // which may claim more or less), visiting only the rows and cells that exist.
  let last = -1;
  for (const key of Object.keys(data)) {
    const r = Number(key);
    const row = data[r];
    if (r > last && row && Object.keys(row).some((c) => valueOf(row[c]) !== null)) last = r;
  }
  const rows = [];
  for (let r = 0; r <= Math.min(last, readRows - 1); r++) {
    const source = data[r] || [];
    const row = [];
    for (let c = 0; c < Math.min(source.length, readColumns); c++) row.push(valueOf(source[c]));
    rows.push(row);
  }
  sheets.push({ name, rows, truncated: last >= readRows });
}
parentPort.postMessage(sheets);
`;

/**
 * SheetJS's mini build: .xlsx and .ods without the legacy formats (XLS, XLSB, …) and codepage
 * tables a goods sheet never needs, so less parser is reachable from an upload, and a worker
 * loads it in about 60 ms instead of 800.
 */
const XLSX_PATH = require.resolve('@e965/xlsx/dist/xlsx.mini.min.js');

/**
 * Parses a checked workbook (the stored archive unpackSheet and guardSheetXml passed) with
 * SheetJS in a worker thread of its own, with a capped heap and a deadline: whatever a crafted
 * file that passed the checks does to the parser, the thread is stopped and the server goes on.
 * At most `concurrentReads` run at once and `queuedReads` wait; past that, 503.
 */
export function parseInWorker(archive: Uint8Array, limits: SheetLimits = SHEET_LIMITS): Promise<ParsedSheet[]> {
  return slots.run(limits, () => runWorker(archive, limits));
}

function runWorker(archive: Uint8Array, limits: SheetLimits): Promise<ParsedSheet[]> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { xlsxPath: XLSX_PATH, bytes: archive, readRows: limits.readRows, readColumns: limits.readColumns, readSheets: limits.readSheets },
      resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
      // Whatever the parser prints is not the server's log: read and dropped.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const settle = (error: Error | null, sheets?: ParsedSheet[]) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      void worker.terminate();
      if (error) reject(error);
      else resolve(sheets!);
    };
    const deadline = setTimeout(
      () => settle(tooLarge(`The sheet took more than ${limits.workerTimeoutMs / 1000} s to read and was given up: it is too large or too complex for a goods sheet`)),
      limits.workerTimeoutMs,
    );
    worker.once('message', (sheets: ParsedSheet[]) => settle(null, sheets));
    worker.once('error', (error: Error & { code?: string }) =>
      settle(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? tooLarge(`Reading the sheet needed more than ${limits.workerHeapMb} MB after ${Date.now() - started} ms and was given up: it is too large or too complex for a goods sheet`)
          : unreadable(`The file could not be read as a spreadsheet (${error.message.slice(0, 200)}); open it in Excel or LibreOffice and save it again as .xlsx or .ods`),
      ),
    );
    worker.once('exit', (code) => settle(unreadable(`The file could not be read as a spreadsheet (the reader stopped with code ${code})`)));
  });
}

/** A counting semaphore with a bounded queue: parsing is CPU-bound, and the machine has few cores. */
class Slots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  async run<T>(limits: SheetLimits, task: () => Promise<T>): Promise<T> {
    if (this.running >= limits.concurrentReads) {
      if (this.waiting.length >= limits.queuedReads) throw new SheetRefusedError(503, 'Too many sheets are being read right now; try again in a few seconds');
      await new Promise<void>((resume) => this.waiting.push(resume));
    } else {
      this.running += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

const slots = new Slots();
