import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { DiskFileStore } from './disk/disk-file-store';
import type { FileStore } from './file-store.port';
import { PDF } from './file-type';
import { randomish, sampleExe, sampleOdf, samplePdf } from './testing/sample-files';
import { receiveUpload, registerMultipart } from './upload';
import { toUploadError } from './upload-errors';

const MAX_BYTES = 256 * 1024;

/**
 * receiveUpload behind a real Fastify server, with multipart bodies as fetch and FormData send
 * them. The route answers what receiveUpload returned, or the upload error as api.md's problem.
 */
describe('receiveUpload', () => {
  let root: string;
  let app: FastifyInstance;
  let baseUrl: string;

  const storedFiles = () => (readdirSync(root, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean }>).filter((e) => e.isFile()).length;
  const form = (entries: Array<[string, string] | [string, Buffer, string, string?]>) => {
    const body = new FormData();
    for (const [name, value, fileName, type] of entries) {
      if (typeof value === 'string') body.append(name, value);
      else body.append(name, new Blob([value], { type: type ?? 'application/octet-stream' }), fileName);
    }
    return body;
  };
  const post = async (body: FormData | string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}/upload`, { method: 'POST', body, headers });
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'upload-'));
    const fileStore = new DiskFileStore(root);
    app = Fastify();
    await registerMultipart(app, { maxBytes: MAX_BYTES });
    app.post('/upload', async (request, reply) => {
      try {
        // As a route does: commit the staged file, then (its event appended) keep it.
        const { fields, file, staged } = await receiveUpload(request, { fileStore, maxBytes: MAX_BYTES, fields: ['type', 'note'] });
        await staged.commit();
        await staged.keep();
        return { fields, file };
      } catch (error) {
        const upload = toUploadError(error);
        if (!upload) throw error;
        return reply.status(upload.status).send({ status: upload.status, detail: upload.message, errors: upload.errors });
      }
    });
    const full = async (content: AsyncIterable<Uint8Array> | NodeJS.ReadableStream): Promise<never> => {
      for await (const _ of content) break;
      throw new Error('disk full');
    };
    const failingStore: FileStore = {
      put: full,
      stage: full,
      sweep: async () => 0,
      open: async () => null,
      exists: async () => false,
      ping: async () => undefined,
      close: async () => undefined,
    };
    // Takes the file part, then refuses without reading it: busboy waits on that stream forever.
    app.post('/refused-early', async (request, reply) => {
      await request.file();
      return reply.status(403).send({ status: 403 });
    });
    app.post('/failing', (request) => receiveUpload(request, { fileStore: failingStore, maxBytes: MAX_BYTES, fields: [] }));
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('collects the fields and stores the PDF, typed by its bytes: a PDF called scan.png sent as image/png is a PDF', async () => {
    const pdf = samplePdf();
    const answer = await post(form([['type', 'END_USE_ASSURANCE'], ['file', pdf, 'C:\\scans\\scan.png', 'image/png'], ['note', '第一版']]));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      fields: { type: 'END_USE_ASSURANCE', note: '第一版' },
      file: { fileName: 'scan.png', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex'), mediaType: PDF.mediaType, extension: 'pdf' },
    });
    expect(await new DiskFileStore(root).exists(answer.body.file.sha256)).toBe(true);
  });

  it('keeps a Chinese file name as data, cleaned of paths and control characters', async () => {
    const ods = sampleOdf('ods');
    const answer = await post(form([['type', 'OTHER'], ['note', ''], ['file', ods, '../../貨品清單\u202e.ods']]));
    expect(answer.status).toBe(200);
    expect(answer.body.file).toMatchObject({ fileName: '貨品清單.ods', extension: 'ods' });
  });

  it('streams a file larger than the sniffed head and larger than one chunk', async () => {
    const pdf = Buffer.concat([samplePdf(), randomish(MAX_BYTES - 10_000)]);
    const answer = await post(form([['type', 'CATALOGUE'], ['note', 'n'], ['file', pdf, 'catalogue.pdf']]));
    expect(answer.status).toBe(200);
    expect(answer.body.file.size).toBe(pdf.length);
  });

  describe('refusals store nothing', () => {
    let before: number;
    beforeEach(() => {
      before = storedFiles();
    });
    afterEach(() => {
      expect(storedFiles()).toBe(before);
    });

    it('413 for a file over the cap, even far over it', async () => {
      for (const size of [MAX_BYTES + 1, 4 * MAX_BYTES]) {
        const big = Buffer.concat([samplePdf(), randomish(size - samplePdf().length)]);
        const answer = await post(form([['type', 'CATALOGUE'], ['note', 'n'], ['file', big, 'big.pdf']]));
        expect(answer.status).toBe(413);
        expect(answer.body.errors).toEqual([{ field: 'file', message: expect.stringMatching(/larger than 262144 bytes/) }]);
      }
    });

    it('415 for an executable, whatever its name and declared type', async () => {
      const answer = await post(form([['type', 'OTHER'], ['note', 'n'], ['file', Buffer.concat([sampleExe(), randomish(100_000)]), 'invoice.pdf', 'application/pdf']]));
      expect(answer.status).toBe(415);
      expect(answer.body.errors[0]).toMatchObject({ field: 'file', message: expect.stringMatching(/^Only PDF/) });
    });

    it('415 for HTML', async () => {
      const answer = await post(form([['type', 'OTHER'], ['note', 'n'], ['file', Buffer.from('<html><script>x</script></html>'), 'a.pdf']]));
      expect(answer.status).toBe(415);
    });

    it('400 without a file part, naming the missing fields too', async () => {
      const answer = await post(form([['type', 'OTHER']]));
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        { field: 'file', message: expect.any(String) },
        { field: 'note', message: 'note is required' },
      ]);
    });

    it('400 for an unknown field, and the file after it is not stored', async () => {
      const answer = await post(form([['type', 'OTHER'], ['unknown', 'x'], ['file', samplePdf('another'), 'a.pdf']]));
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ field: 'unknown', message: 'unknown is not a field of this request' }]);
    });

    it('400 for a repeated field, a file under another name, an empty file, a text part named file', async () => {
      const pdf = samplePdf('third');
      const cases: Array<[FormData, string]> = [
        [form([['type', 'A'], ['type', 'B'], ['note', 'n'], ['file', pdf, 'a.pdf']]), 'type'],
        [form([['type', 'A'], ['note', 'n'], ['attachment', pdf, 'a.pdf']]), 'attachment'],
        [form([['type', 'A'], ['note', 'n'], ['file', Buffer.alloc(0), 'empty.pdf']]), 'file'],
        [form([['type', 'A'], ['note', 'n'], ['file', 'not a file part']]), 'file'],
      ];
      for (const [body, field] of cases) {
        const answer = await post(body);
        expect(answer.status).toBe(400);
        expect(answer.body.errors[0].field).toBe(field);
      }
    });

    it('400 for a form with too many parts, even with a large file after them', async () => {
      const entries: Array<[string, string] | [string, Buffer, string]> = Array.from({ length: 30 }, (_, i): [string, string] => [`f${i}`, 'x'.repeat(1000)]);
      entries.push(['file', Buffer.concat([samplePdf('parts'), randomish(3 * MAX_BYTES)]), 'a.pdf']);
      const answer = await post(form(entries));
      expect(answer.status).toBe(400);
    });

    it('400 for a second file, and the first, already staged, is not stored', async () => {
      const answer = await post(form([['type', 'A'], ['note', 'n'], ['file', samplePdf('one'), 'a.pdf'], ['file', samplePdf('two'), 'b.pdf']]));
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ field: 'file', message: 'Send one file per request' }]);
    });

    it('400 for a field refused after the file, and the file is not stored', async () => {
      const unknown = await post(form([['type', 'A'], ['file', samplePdf('before unknown'), 'a.pdf'], ['unknown', 'x'], ['note', 'n']]));
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toEqual([{ field: 'unknown', message: 'unknown is not a field of this request' }]);
      const missing = await post(form([['type', 'A'], ['file', samplePdf('without note'), 'a.pdf']]));
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([{ field: 'note', message: 'note is required' }]);
    });

    it('400 for a body that is not multipart, or not well formed', async () => {
      expect((await post(JSON.stringify({ type: 'A' }), { 'content-type': 'application/json' })).status).toBe(400);
      const truncated = `--XYZ\r\nContent-Disposition: form-data; name="type"\r\n\r\nA\r\n--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 and then nothing`;
      const answer = await post(truncated, { 'content-type': 'multipart/form-data; boundary=XYZ' });
      expect(answer.status).toBe(400);
    });
  });


  it('lets a file store failure through (500 here), still answering the client', async () => {
    const response = await fetch(`${baseUrl}/failing`, { method: 'POST', body: form([['file', Buffer.concat([samplePdf(), randomish(MAX_BYTES - 5000)]), 'a.pdf']]) });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ message: 'disk full' });
  });

  it('reads into nothing a body a route left half read, so the connection serves the next request', async () => {
    for (let i = 0; i < 3; i++) {
      const body = form([['type', 'A'], ['file', Buffer.concat([samplePdf(), randomish(MAX_BYTES)]), 'a.pdf']]);
      expect((await fetch(`${baseUrl}/refused-early`, { method: 'POST', body })).status).toBe(403);
    }
    expect((await post(form([['type', 'A'], ['note', 'n'], ['file', samplePdf('next'), 'a.pdf']]))).status).toBe(200);
  });

  it('answers a second request on the same connection after a refusal', async () => {
    const big = Buffer.concat([samplePdf(), randomish(2 * MAX_BYTES)]);
    expect((await post(form([['type', 'A'], ['note', 'n'], ['file', big, 'big.pdf']]))).status).toBe(413);
    expect((await post(form([['type', 'A'], ['note', 'n'], ['file', samplePdf('again'), 'a.pdf']]))).status).toBe(200);
  });
});
