import { createHash } from 'node:crypto';
import { DocumentCache } from './document-cache';
import type { DocumentModels, DocumentName, DocumentTemplates } from './document-templates';
import type { PdfPrinter } from './pdf.port';

/** What a document is printed from: a stream at the revision the caller read it, and the variant asked for. */
export interface DocumentSource {
  stream: string;
  revision: number;
  /** Which version of the document (`BUYER`), and anything else it reads besides the stream (a reference list's digest). */
  variant?: string;
}

export interface PrintedDocument {
  pdf: Buffer;
  /** A strong validator of the PDF: the digest of its key. */
  etag: string;
}

/**
 * Prints documents: the template filled with its model, escaped, printed to PDF. A document is a
 * pure function of (stream, revision, template version) (architecture.md item 9), so it is kept in
 * a bounded cache under that key, and the model is built only when the cache does not have it;
 * requests for a document being printed wait for that print rather than start another.
 */
export class DocumentRenderer {
  private readonly printing = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly templates: DocumentTemplates,
    private readonly printer: PdfPrinter,
    private readonly cache = new DocumentCache(),
  ) {}

  get templateVersion(): string {
    return this.templates.version;
  }

  async print<N extends DocumentName>(name: N, source: DocumentSource, model: () => DocumentModels[N] | Promise<DocumentModels[N]>): Promise<PrintedDocument> {
    const key = `${name}|${source.stream}@${source.revision}|${source.variant ?? ''}|${this.templates.version}`;
    const etag = `"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
    const cached = this.cache.get(key);
    if (cached) return { pdf: cached, etag };
    let pending = this.printing.get(key);
    if (!pending) {
      pending = this.printFresh(name, model).finally(() => this.printing.delete(key));
      this.printing.set(key, pending);
    }
    const pdf = await pending;
    this.cache.set(key, pdf);
    return { pdf, etag };
  }

  private async printFresh<N extends DocumentName>(name: N, model: () => DocumentModels[N] | Promise<DocumentModels[N]>): Promise<Buffer> {
    return this.printer.print(this.templates.html(name, await model()));
  }
}
