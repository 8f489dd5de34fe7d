import { DocumentCache } from './document-cache';
import { DocumentRenderer } from './document-renderer';
import { DocumentTemplates } from './document-templates';
import { assuranceRegistrationModel } from './models/assurance-registration';
import type { PdfPrinter } from './pdf.port';
import { SAMPLE_EXPORTER, sampleAssurance } from './testing/sample-records';

/** A printer that answers each document with its own bytes and counts what it was asked to print. */
function countingPrinter(options: { fail?: () => boolean } = {}) {
  const printed: string[] = [];
  const printer: PdfPrinter = {
    print: async (html) => {
      await new Promise((resolve) => setImmediate(resolve));
      if (options.fail?.()) throw new Error('Chromium crashed');
      printed.push(html);
      return Buffer.from(`%PDF- ${printed.length}`);
    },
    close: async () => undefined,
  };
  return { printer, printed };
}

describe('document renderer', () => {
  const templates = DocumentTemplates.load();
  const model = () => assuranceRegistrationModel(sampleAssurance(), SAMPLE_EXPORTER);
  const source = (revision: number, variant?: string) => ({ stream: 'assurance-IRNK-2026-000001', revision, variant });

  it('prints a document once per stream revision and variant: the same key answers the same PDF without building the model again', async () => {
    const { printer, printed } = countingPrinter();
    const renderer = new DocumentRenderer(templates, printer);
    let built = 0;
    const counted = () => (built++, model());
    const first = await renderer.print('assurance-registration', source(0), counted);
    const again = await renderer.print('assurance-registration', source(0), counted);
    expect(again.pdf.equals(first.pdf)).toBe(true);
    expect(again.etag).toBe(first.etag);
    expect(built).toBe(1);
    const edited = await renderer.print('assurance-registration', source(2), counted);
    const otherVariant = await renderer.print('assurance-registration', source(2, 'BUYER'), counted);
    expect(printed).toHaveLength(3);
    expect(new Set([first.etag, edited.etag, otherVariant.etag]).size).toBe(3);
  });

  it('prints a document asked for by several callers at once only once', async () => {
    const { printer, printed } = countingPrinter();
    const renderer = new DocumentRenderer(templates, printer);
    const answers = await Promise.all([1, 2, 3].map(() => renderer.print('assurance-registration', source(5), model)));
    expect(printed).toHaveLength(1);
    expect(answers.every((answer) => answer.pdf.equals(answers[0].pdf))).toBe(true);
  });

  it('keeps no failed print: the next request prints again', async () => {
    let failing = true;
    const { printer, printed } = countingPrinter({ fail: () => failing });
    const renderer = new DocumentRenderer(templates, printer);
    await expect(renderer.print('assurance-registration', source(1), model)).rejects.toThrow('Chromium crashed');
    failing = false;
    await renderer.print('assurance-registration', source(1), model);
    expect(printed).toHaveLength(1);
  });
});

describe('document cache', () => {
  const pdf = (bytes: number) => Buffer.alloc(bytes);

  it('forgets the least recently used document beyond its count', () => {
    const cache = new DocumentCache(2, 1000);
    cache.set('a', pdf(10));
    cache.set('b', pdf(10));
    cache.get('a');
    cache.set('c', pdf(10));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
  });

  it('forgets the least recently used documents beyond its bytes, and keeps none larger than all of them', () => {
    const cache = new DocumentCache(100, 100);
    cache.set('a', pdf(40));
    cache.set('b', pdf(40));
    cache.set('c', pdf(40));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(2);
    cache.set('huge', pdf(101));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});
