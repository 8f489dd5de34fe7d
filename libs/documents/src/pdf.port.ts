/**
 * Prints a complete HTML document to an A4 PDF (architecture.md item 9). The HTML may refer to
 * local files by `file://` URLs (the fonts and the stylesheet of libs/documents): an adapter must
 * load them, and nothing else.
 */
export interface PdfPrinter {
  print(html: string): Promise<Buffer>;
  /** Releases the printer's resources (the browser); the next print starts them again. */
  close(): Promise<void>;
}

/** DI token of the {@link PdfPrinter}. */
export const PDF_PRINTER = Symbol('PDF_PRINTER');

/** What an operator installs so that documents print. */
export const PDF_INSTALL_HINT = 'apt-get install chromium fonts-noto-cjk';

/**
 * The printer cannot work on this machine (no Chromium, or one that does not start): the
 * document routes answer 503 saying what to install, and everything else keeps working.
 */
export class PdfUnavailableError extends Error {
  constructor(
    readonly executablePath: string,
    readonly reason: string,
  ) {
    super(
      `PDF documents need Chromium, and ${executablePath} could not be started (${reason}). ` +
        `Install it with \`${PDF_INSTALL_HINT}\`, or set CHROMIUM_PATH to a Chromium or Chrome executable.`,
    );
    this.name = 'PdfUnavailableError';
  }
}

/** A document took longer than the printer allows: its page was discarded, and a retry may succeed. */
export class PdfTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The document was not printed within ${timeoutMs} ms; try again shortly`);
    this.name = 'PdfTimeoutError';
  }
}
