import type { PrintedDocument } from '@shtc/documents';
import type { FastifyReply } from 'fastify';

/**
 * Sends a printed document inline, named for the record it prints. It holds the caller's
 * business data: caches other than the caller's own must not keep it.
 */
export async function sendPdf(reply: FastifyReply, document: PrintedDocument, fileName: string): Promise<void> {
  await reply
    .header('Content-Type', 'application/pdf')
    .header('Content-Length', String(document.pdf.length))
    .header('Content-Disposition', `inline; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .header('Cache-Control', 'private, no-cache')
    .header('ETag', document.etag)
    .header('X-Content-Type-Options', 'nosniff')
    .send(document.pdf);
}
