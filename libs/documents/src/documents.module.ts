import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { SHELL_PAGE_URL } from './assets';
import { ChromiumPdfPrinter } from './chromium/chromium-pdf-printer';
import { DocumentRenderer } from './document-renderer';
import { DocumentTemplates } from './document-templates';
import { PDF_PRINTER, type PdfPrinter } from './pdf.port';

export interface DocumentsOptions {
  /** CHROMIUM_PATH. */
  chromiumPath: string;
}

/** Closes the browser with the application (it is started by the first document, not here). */
class PrinterLifecycle implements OnApplicationShutdown {
  constructor(@Inject(PDF_PRINTER) private readonly printer: PdfPrinter) {}

  async onApplicationShutdown(): Promise<void> {
    await this.printer.close();
  }
}

/** The document renderer, for every module's document routes. */
@Global()
@Module({})
export class DocumentsModule {
  static forRoot({ chromiumPath }: DocumentsOptions): DynamicModule {
    const logger = new Logger('Documents');
    return {
      module: DocumentsModule,
      providers: [
        {
          provide: PDF_PRINTER,
          useFactory: () => new ChromiumPdfPrinter({ executablePath: chromiumPath, shellUrl: SHELL_PAGE_URL, log: (message) => logger.log(message) }),
        },
        // Read and compiled at start-up: a template missing from the build stops the process with its name.
        { provide: DocumentTemplates, useFactory: () => DocumentTemplates.load() },
        {
          provide: DocumentRenderer,
          inject: [DocumentTemplates, PDF_PRINTER],
          useFactory: (templates: DocumentTemplates, printer: PdfPrinter) => new DocumentRenderer(templates, printer),
        },
        PrinterLifecycle,
      ],
      exports: [DocumentRenderer, PDF_PRINTER],
    };
  }
}
