import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { PdfTimeoutError, type PdfPrinter } from '../pdf.port';
import { launchChromium } from './launch';
import { Pool } from './page-pool';

export interface ChromiumPrinterOptions {
  executablePath: string;
  /**
   * The `file://` page every pooled page opens first. Documents are written into it, so their
   * `file://` stylesheets and fonts load, and the Content-Security-Policy it declares governs them.
   */
  shellUrl: string;
  /** Documents printed at once, each in a page of its own renderer process (default 2: the cores here). */
  pages?: number;
  /** The longest one document may take to load and print, to its last PDF byte (default 15 s). */
  timeoutMs?: number;
  /** How long Chromium may take to start, and a pooled page to open (default 15 s). */
  launchTimeoutMs?: number;
  log?: (message: string) => void;
}

/** A pooled page, in a browser context of its own: closing the context ends its renderer, hung or not. */
interface PooledPage {
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/**
 * The PDF printer on Chromium (puppeteer-core): one long-lived browser, started on the first
 * document (so a process that prints nothing never starts it), with a small pool of pages.
 * A browser that dies (crashed, killed) is started again for the next document; a document that
 * was printing when it died is tried once more on the new one. A document that takes longer than
 * `timeoutMs` to load and print fails with PdfTimeoutError, and its page (its renderer process) is
 * thrown away.
 */
export class ChromiumPdfPrinter implements PdfPrinter {
  private browser: Browser | null = null;
  private launching: Promise<Browser> | null = null;
  private readonly pool: Pool<PooledPage>;
  private readonly timeoutMs: number;
  private readonly launchTimeoutMs: number;
  private readonly log: (message: string) => void;

  constructor(private readonly options: ChromiumPrinterOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.launchTimeoutMs = options.launchTimeoutMs ?? 15_000;
    this.log = options.log ?? (() => undefined);
    this.pool = new Pool(options.pages ?? 2, {
      create: () => this.newPage(),
      usable: ({ browser, page }) => browser.connected && !page.isClosed(),
      dispose: ({ context }) => context.close().catch(() => undefined),
    });
  }

  async print(html: string): Promise<Buffer> {
    for (let attempt = 1; ; attempt++) {
      // Starting the browser has its own bound (launchTimeoutMs) and is not part of a document's time.
      await this.running();
      const lease = await this.pool.acquire();
      let used: Browser | undefined;
      try {
        const { browser, page } = await withTimeout(lease.take(), this.launchTimeoutMs, () => lease.discard());
        used = browser;
        const pdf = await withTimeout(this.render(page, html), this.timeoutMs, () => lease.discard());
        lease.release();
        return pdf;
      } catch (error) {
        lease.discard();
        const browserDied = used !== undefined && !used.connected;
        if (attempt === 1 && browserDied && !(error instanceof PdfTimeoutError)) {
          this.log('Chromium went away while printing; printing again on a new browser');
          continue;
        }
        throw error;
      }
    }
  }

  /** The running browser's process id, or null when none runs (not started yet, or closed). */
  browserProcessId(): number | null {
    return (this.browser?.connected && this.browser.process()?.pid) || null;
  }

  async close(): Promise<void> {
    const browser = this.browser ?? (await this.launching?.catch(() => null)) ?? null;
    this.browser = null;
    await this.pool.drain();
    if (!browser) return;
    await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
    this.log('Chromium closed');
  }

  private async render(page: Page, html: string): Promise<Buffer> {
    await page.setContent(html, { waitUntil: 'load', timeout: this.timeoutMs });
    // Page size and margins come from the document's own @page rule. Untagged: the structure tree
    // (for screen readers) costs about a quarter of the print, and these documents are printed to be
    // signed and stamped on paper.
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: false, timeout: this.timeoutMs });
    return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  }

  private async newPage(): Promise<PooledPage> {
    const browser = await this.running();
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      // Documents are data and markup: nothing in them runs.
      await page.setJavaScriptEnabled(false);
      await page.goto(this.options.shellUrl, { waitUntil: 'load', timeout: this.launchTimeoutMs });
      return { browser, context, page };
    } catch (error) {
      await context.close().catch(() => undefined);
      throw error;
    }
  }

  /** The browser, started once however many documents ask for it at the same moment. */
  private running(): Promise<Browser> {
    if (this.browser?.connected) return Promise.resolve(this.browser);
    this.launching ??= this.launch().finally(() => (this.launching = null));
    return this.launching;
  }

  private async launch(): Promise<Browser> {
    const started = Date.now();
    const browser = await launchChromium(this.options.executablePath, {
      timeoutMs: this.launchTimeoutMs,
      protocolTimeoutMs: Math.max(this.launchTimeoutMs, this.timeoutMs) * 2,
    });
    browser.once('disconnected', () => {
      if (this.browser !== browser) return;
      this.browser = null;
      void this.pool.drain();
      this.log('Chromium disconnected; it starts again with the next document');
    });
    this.browser = browser;
    this.log(`Chromium started in ${Date.now() - started} ms (pid ${browser.process()?.pid ?? '?'})`);
    return browser;
  }
}

/** `work`, or PdfTimeoutError after `ms` (calling `onTimeout` first, to discard what hangs). */
function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      reject(new PdfTimeoutError(ms));
    }, ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
