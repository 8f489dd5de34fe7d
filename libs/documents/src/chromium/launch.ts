import puppeteer, { type Browser } from 'puppeteer-core';
import { PdfUnavailableError } from '../pdf.port';

/**
 * The flags that work on these machines (toolchain.md, "Chromium and PDFs"): no sandbox (the
 * service runs as an unprivileged user in a container, without user namespaces), no GPU, and none
 * of the background traffic a desktop browser makes. Headless Chromium 156 also preloads the
 * address bar's pop-ups as two WebUI renderers that do work on every print (measured: about a
 * quarter of a document's time here); nothing here has an address bar, so they are turned off.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];

/**
 * Starts Chromium headless, spoken to over a pipe rather than a DevTools port, so that no other
 * process on the machine can drive it. A browser that cannot start (missing, not executable,
 * missing libraries) is a {@link PdfUnavailableError} naming what to install.
 */
export async function launchChromium(executablePath: string, options: { timeoutMs: number; protocolTimeoutMs: number }): Promise<Browser> {
  try {
    return await puppeteer.launch({
      executablePath,
      headless: true,
      pipe: true,
      args: CHROMIUM_FLAGS,
      timeout: options.timeoutMs,
      protocolTimeout: options.protocolTimeoutMs,
      // The service handles SIGINT/SIGTERM itself and closes the browser on shutdown.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new PdfUnavailableError(executablePath, reason);
  }
}
