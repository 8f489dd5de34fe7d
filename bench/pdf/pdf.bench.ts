/**
 * PDF benchmark: how fast the documents print through the renderer the API uses (templates,
 * escaping, Chromium with its page pool), goal at most 200 ms a document warm.
 *
 *   npm run build && npm run bench:pdf
 *
 * Measures, in one process: the cold first document (Chromium started, a page opened, the fonts
 * read), then, warm, the latency of documents printed one at a time (p50, p99) and the documents
 * per second with BENCH_CONCURRENCY requests at once, and the CPU time a document costs (Chromium's
 * processes and this one: on a shared machine, less tied to the neighbours' load than wall time).
 * The four documents take turns; each print is of a new stream revision, so the cache never
 * answers (a cached answer is timed apart). Prints exactly one JSON line on stdout; progress goes
 * to stderr. See README.md beside this file.
 *
 * Environment:
 *   BENCH_DOCUMENTS    documents timed one at a time, and again at once (default 200)
 *   BENCH_CONCURRENCY  requests at once for the throughput (default 4)
 *   BENCH_PAGES        pages in the pool (default 2, as the API)
 *   CHROMIUM_PATH      default /usr/bin/chromium
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  ChromiumPdfPrinter,
  DocumentRenderer,
  DocumentTemplates,
  SHELL_PAGE_URL,
  assuranceRegistrationModel,
  endUseAssuranceModel,
  licenceReferenceCopyModel,
  redFlagAffidavitModel,
  type PrintedDocument,
} from '@shtc/documents';
import { redFlagChecklist } from '@shtc/reference-data';
import { SAMPLE_EXPORTER, sampleAssurance, sampleCase, sampleLicence } from '../../libs/documents/src/testing/sample-records';
import { processTreeCpuMs } from './process-cpu';

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const PAGES = Number(process.env.BENCH_PAGES ?? 2);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const log = (message: string) => process.stderr.write(`${message}\n`);

const filed = sampleCase();
const assurance = sampleAssurance();
const licence = sampleLicence();
const checklist = redFlagChecklist();

/** The i-th document: the four take turns, each at a revision of its own (never cached). */
function printing(renderer: DocumentRenderer, i: number): Promise<PrintedDocument> {
  const revision = i;
  switch (i % 4) {
    case 0:
      return renderer.print('end-use-assurance', { stream: 'case-SHTC-2026-000001', revision, variant: 'BUYER' }, () => endUseAssuranceModel(filed, 'BUYER', SAMPLE_EXPORTER));
    case 1:
      return renderer.print('red-flag-affidavit', { stream: 'case-SHTC-2026-000001', revision }, () => redFlagAffidavitModel(filed, checklist, SAMPLE_EXPORTER));
    case 2:
      return renderer.print('assurance-registration', { stream: 'assurance-IRNK-2026-000001', revision }, () => assuranceRegistrationModel(assurance, SAMPLE_EXPORTER));
    default:
      return renderer.print('licence-reference-copy', { stream: 'licence-LIC-2026-000001', revision }, () => licenceReferenceCopyModel(licence, SAMPLE_EXPORTER));
  }
}

const round = (ms: number) => Number(ms.toFixed(1));
function percentiles(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  return { p50: at(0.5), p99: at(0.99), max: round(sorted[sorted.length - 1]) };
}

async function main() {
  const templates = DocumentTemplates.load();
  const printer = new ChromiumPdfPrinter({ executablePath: CHROMIUM, shellUrl: SHELL_PAGE_URL, pages: PAGES });
  const renderer = new DocumentRenderer(templates, printer);
  let next = 0;
  try {
    const coldStarted = performance.now();
    const first = await printing(renderer, next++);
    const coldMs = performance.now() - coldStarted;
    log(`cold first document: ${round(coldMs)} ms`);

    // Warm every page of the pool, and every document's fonts.
    for (let i = 0; i < PAGES * 4; i++) await Promise.all(Array.from({ length: PAGES }, () => printing(renderer, next++)));

    const sizes: Record<string, number> = {};
    const latencies: number[] = [];
    const chromiumPid = printer.browserProcessId()!;
    const chromiumCpuBefore = processTreeCpuMs(chromiumPid);
    const nodeCpuBefore = process.cpuUsage();
    for (let i = 0; i < DOCUMENTS; i++) {
      const kind = next % 4;
      const started = performance.now();
      const document = await printing(renderer, next++);
      latencies.push(performance.now() - started);
      sizes[['endUseAssurance', 'redFlagAffidavit', 'assuranceRegistration', 'licenceReferenceCopy'][kind]] = document.pdf.length;
    }
    const chromiumCpuAfter = processTreeCpuMs(chromiumPid);
    const nodeCpu = process.cpuUsage(nodeCpuBefore);
    const cpuMsPerDocument = {
      chromium: chromiumCpuBefore === null || chromiumCpuAfter === null ? null : round((chromiumCpuAfter - chromiumCpuBefore) / DOCUMENTS),
      node: round((nodeCpu.user + nodeCpu.system) / 1000 / DOCUMENTS),
    };
    const sequential = percentiles(latencies);
    log(`one at a time: ${JSON.stringify(sequential)}, CPU ms a document: ${JSON.stringify(cpuMsPerDocument)}`);

    const atOnceLatencies: number[] = [];
    let remaining = DOCUMENTS;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (remaining-- > 0) {
          const began = performance.now();
          await printing(renderer, next++);
          atOnceLatencies.push(performance.now() - began);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    log(`${CONCURRENCY} at once: ${round(DOCUMENTS / seconds)} documents/s`);

    const hits: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const began = performance.now();
      await renderer.print('licence-reference-copy', { stream: 'licence-LIC-2026-000001', revision: 3 }, () => licenceReferenceCopyModel(licence, SAMPLE_EXPORTER));
      hits.push(performance.now() - began);
    }

    const line = {
      bench: 'pdf',
      documents: DOCUMENTS,
      pages: PAGES,
      // Chromium started, a page opened, the first document's fonts read and embedded.
      coldFirstDocumentMs: round(coldMs),
      firstDocumentBytes: first.pdf.length,
      warm: {
        oneAtATimeMs: sequential,
        documentsPerSecondOneAtATime: round(1000 / (latencies.reduce((a, b) => a + b, 0) / latencies.length)),
        // CPU time of the Chromium processes and of this process for a document (one at a time).
        cpuMsPerDocument,
        concurrency: CONCURRENCY,
        documentsPerSecond: round(DOCUMENTS / seconds),
        atOnceMs: percentiles(atOnceLatencies),
      },
      cachedMs: percentiles(hits),
      pdfBytes: sizes,
      goalMs: 200,
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), loadAverage: loadavg().map(round), node: process.version, chromium: chromiumVersion() },
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    await printer.close();
  }
}

function chromiumVersion(): string {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
