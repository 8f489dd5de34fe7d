import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pdfText } from '../../../../test/support/pdf';
import { PdfTimeoutError, PdfUnavailableError } from '../pdf.port';
import { ChromiumPdfPrinter } from './chromium-pdf-printer';

jest.setTimeout(60_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const page = (text: string, extra = '') => `<!doctype html><html><head><meta charset="utf-8"></head><body><p>${text}</p>${extra}</body></html>`;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * An HTTP server whose answers the test holds: a document with an image from it does not finish
 * loading until the test lets it (a hung render, on demand). The shell page here has no
 * Content-Security-Policy, so that such an image may load; the documents' own shell forbids it.
 */
function imageServer() {
  const held: Array<() => void> = [];
  let requests = 0;
  const server: Server = createServer((_request, response) => {
    requests += 1;
    held.push(() => response.writeHead(404).end());
  });
  return {
    listen: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/image.png`,
    requests: () => requests,
    answerAll: () => held.splice(0).forEach((answer) => answer()),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe('Chromium PDF printer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shtc-printer-'));
  writeFileSync(join(dir, 'shell.html'), '<!doctype html><html><head></head><body></body></html>');
  const shellUrl = pathToFileURL(join(dir, 'shell.html')).href;
  const images = imageServer();
  // One browser for the spec: each test below goes on with whatever browser the one before left.
  const printer = new ChromiumPdfPrinter({ executablePath: CHROMIUM, shellUrl, pages: 2, timeoutMs: 3000 });

  beforeAll(() => images.listen());
  afterAll(async () => {
    await printer.close();
    images.answerAll();
    await images.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts no browser until the first document, then prints A4 PDFs in one long-lived browser', async () => {
    expect(printer.browserProcessId()).toBeNull();
    const pdf = await printer.print(page('Formosa Photonics'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(pdf)).toContain('Formosa Photonics');
    const pid = printer.browserProcessId();
    expect(pid).not.toBeNull();
    await printer.print(page('again'));
    expect(printer.browserProcessId()).toBe(pid);
  });

  it('prints documents at the same time, each its own, more of them than it has pages', async () => {
    const names = ['Rhein Optics', 'Tehran Trading', 'Mainz Logistics', 'Hsinchu Lasers', 'Kaohsiung Ports'];
    const pdfs = await Promise.all(names.map((name) => printer.print(page(name))));
    pdfs.forEach((pdf, i) => {
      const text = pdfText(pdf);
      expect(text).toContain(names[i]);
      for (const other of names.filter((_, j) => j !== i)) expect(text).not.toContain(other);
    });
  });

  it('starts a new browser for the next document when the browser was killed', async () => {
    await printer.print(page('before'));
    const pid = printer.browserProcessId()!;
    process.kill(pid, 'SIGKILL');
    await waitUntil(() => printer.browserProcessId() === null);
    const pdf = await printer.print(page('after the crash'));
    expect(pdfText(pdf)).toContain('after the crash');
    expect(printer.browserProcessId()).not.toBe(pid);
    expect(alive(printer.browserProcessId()!)).toBe(true);
  });

  it('prints a document again on a new browser when the browser died while printing it', async () => {
    const before = images.requests();
    const printing = printer.print(page('printed twice', `<img src="${images.url()}">`));
    await waitUntil(() => images.requests() > before);
    process.kill(printer.browserProcessId()!, 'SIGKILL');
    // The new browser asks for the image again: this time it gets its answer.
    await waitUntil(() => images.requests() > before + 1);
    images.answerAll();
    expect(pdfText(await printing)).toContain('printed twice');
  });

  it('gives up on a hung document after its timeout, and prints the next one on a fresh page', async () => {
    const started = Date.now();
    await expect(printer.print(page('never loads', `<img src="${images.url()}">`))).rejects.toThrow(PdfTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    expect(Date.now() - started).toBeLessThan(6000);
    images.answerAll();
    expect(pdfText(await printer.print(page('next one')))).toContain('next one');
  });

  it('ends the browser when closed', async () => {
    await printer.print(page('last'));
    const pid = printer.browserProcessId()!;
    await printer.close();
    expect(printer.browserProcessId()).toBeNull();
    await waitUntil(() => !alive(pid));
  });

  it('says what to install when Chromium is missing', async () => {
    const missing = new ChromiumPdfPrinter({ executablePath: '/nonexistent/chromium', shellUrl });
    const failure = missing.print(page('nothing'));
    await expect(failure).rejects.toThrow(PdfUnavailableError);
    await expect(failure).rejects.toThrow(/apt-get install chromium fonts-noto-cjk.*CHROMIUM_PATH/);
    await missing.close();
  });
});

async function waitUntil(condition: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
