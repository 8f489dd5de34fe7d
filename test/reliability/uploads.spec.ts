import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { FILE_STORE, type FileStore } from '@shtc/attachments';
import { SHEET_ITEMS, download, parseSheet, upload } from '@shtc/testing';
import { writeGoodsSheet } from '@shtc/sheets';
import { randomish, sampleExe, sampleJpeg, sampleOdf, sampleOoxml, samplePdf, samplePng, sampleTiff } from '../../libs/attachments/src/testing/sample-files';
import { odsPackage, xlsxPackage, zipOf } from '../../libs/sheets/src/testing/crafted-files';
import { fuzzParameters, fuzzTimeout } from './support/fuzz-settings';
import { directoryBytes, headPosition, problemShapeError, send, type Reply } from './support/probes';
import { multipartAround, streamBody, type StreamedAnswer } from './support/streams';
import { startWorld, type World } from './support/world';

const MB = 1024 * 1024;
/** The attachment cap in this suite: small, so that the bytes staged before the cap are few. */
const CAP = 4 * MB;
/** The goods sheet's own cap (SHEET_LIMITS.maxFileBytes) and the JSON body limit (bootstrap.ts). */
const SHEET_CAP = 5 * MB;
const JSON_CAP = 2 * MB;
const TWO_GB = 2 * 1024 * MB;
/**
 * What may pass the cap before the answer: the socket buffers of both ends on the loopback (a
 * few MB) and the chunks in flight. Far less than the 2 GB offered: the answer comes at the cap.
 */
const SLACK = 24 * MB;

/**
 * Issue 12, hostile uploads, against the real app over HTTP with real SQLite files and a real
 * file store in a temporary data directory.
 */
describe('hostile uploads', () => {
  let world: World;
  beforeAll(async () => (world = await startWorld({ env: { MAX_UPLOAD_BYTES: String(CAP) } })), 120_000);
  afterAll(async () => world?.t.close());

  describe('a 2 GB body, generated as it is sent', () => {
    /** The stream sent, with the peak RSS of this process (client and server both) and of the data directory while it ran. */
    const stream = async (path: string, body: { contentType: string; head: Buffer; tail?: Buffer }, declareLength: boolean) => {
      const rssBefore = process.memoryUsage.rss();
      const diskBefore = directoryBytes(world.t.dataDir);
      const headBefore = await headPosition(world.t);
      let rssPeak = rssBefore;
      let diskPeak = diskBefore;
      const sampler = setInterval(() => {
        rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
        diskPeak = Math.max(diskPeak, directoryBytes(world.t.dataDir));
      }, 20);
      let answer: StreamedAnswer;
      try {
        answer = await streamBody({
          url: `${world.t.baseUrl}${path}`,
          headers: { authorization: `Bearer ${world.owner.token}`, 'content-type': body.contentType },
          head: body.head,
          tail: body.tail,
          fillerBytes: TWO_GB,
          declareLength,
          timeoutMs: 60_000,
        });
      } finally {
        clearInterval(sampler);
      }
      // The staged part is discarded once the answer is sent: give the discard a moment.
      await new Promise((resolve) => setTimeout(resolve, 100));
      return {
        answer,
        rssGrowth: rssPeak - rssBefore,
        diskPeakGrowth: diskPeak - diskBefore,
        diskGrowth: directoryBytes(world.t.dataDir) - diskBefore,
        stored: (await headPosition(world.t)) !== headBefore,
      };
    };
    const multipart = (fields: Record<string, string>) => {
      const form = multipartAround(fields, 'scan.pdf', Buffer.from('%PDF-1.7\n'));
      return { contentType: `multipart/form-data; boundary=${form.boundary}`, head: form.head, tail: form.tail };
    };

    const targets: Array<[string, (w: World) => string, () => { contentType: string; head: Buffer; tail?: Buffer }, number]> = [
      ['an attachment', (w) => `/applications/${w.params.caseNo}/attachments`, () => multipart({ type: 'CATALOGUE' }), CAP],
      ['a goods sheet', () => '/items/parse', () => multipart({}), SHEET_CAP],
      ['a JSON command', () => '/applications', () => ({ contentType: 'application/json', head: Buffer.from('{"kind":"') }), JSON_CAP],
    ];

    const figures: string[] = [];
    afterAll(() => console.log(`2 GB bodies, answered:\n${figures.join('\n')}`));

    beforeAll(async () => {
      // Warm up: code loaded and buffers grown by the first upload are not growth of the stream's.
      await stream(targets[0][1](world), targets[0][2](), false);
    }, 60_000);

    it.each(targets.flatMap(([label, path, body, cap]) => [
      [label, 'chunked', path, body, cap, false] as const,
      [label, 'with its length declared', path, body, cap, true] as const,
    ]))(
      'answers %s sent %s with 413 at the cap, stores nothing and holds neither memory nor disk',
      async (_, __, path, body, cap, declareLength) => {
        const { answer, rssGrowth, diskPeakGrowth, diskGrowth, stored } = await stream(path(world), body(), declareLength);
        const seen = { status: answer.status, ms: Math.round(answer.msToAnswer), sentMB: Math.round(answer.bytesSentAtAnswer / MB), rssMB: Math.round(rssGrowth / MB), diskPeakMB: +(diskPeakGrowth / MB).toFixed(1) };
        figures.push(`  ${path(world)} ${declareLength ? 'declared' : 'chunked'}: ${JSON.stringify(seen)}`);
        expect([seen, problemShapeError({ status: answer.status, contentType: answer.headers['content-type'] ?? '', text: '', body: answer.body, ms: 0 })]).toEqual([
          expect.objectContaining({ status: 413 }),
          null,
        ]);
        expect(answer.bytesSentAtAnswer).toBeLessThan(cap + SLACK);
        expect(answer.msToAnswer).toBeLessThan(10_000);
        expect(rssGrowth).toBeLessThan(16 * MB);
        // At most the cap is staged on disk on the way, and nothing stays.
        expect(diskPeakGrowth).toBeLessThan(cap + MB);
        expect(diskGrowth).toBeLessThan(MB);
        expect(stored).toBe(false);
        expect((await world.t.http.get('/health')).status).toBe(200);
      },
      60_000,
    );
  });

  describe('a form sent where JSON, or no body, is taken', () => {
    const form = (fields: Record<string, string>) => {
      const boundary = '----reliabilityform';
      const text = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('') + `--${boundary}--\r\n`;
      return { contentType: `multipart/form-data; boundary=${boundary}`, body: text };
    };

    it.each([
      ['a claim, which takes no body', 'reviewer', (w: World) => `/review/cases/${w.params.reviewCaseNo}/claim`, {}],
      ['the next case of a queue, which takes no body', 'reviewer', () => '/review/queues/INITIAL_REVIEW/next', {}],
      ['an approval, whose note is optional', 'reviewer', (w: World) => `/review/cases/${w.params.reviewCaseNo}/approve`, { note: 'ok' }],
      ['a cancellation, whose reason it would not read', 'owner', (w: World) => `/applications/${w.params.caseNo}/cancel`, { reason: 'withdrawn' }],
    ] as const)('refuses %s with 415, storing nothing, with or without an Idempotency-Key', async (_, caller, path, fields) => {
      const head = await headPosition(world.t);
      for (const key of [undefined, 'form-once', 'form-once']) {
        const reply = await send(world.t.baseUrl, 'POST', path(world), {
          token: world[caller].token,
          ...form(fields),
          headers: key ? { 'Idempotency-Key': key } : {},
        });
        expect([reply.status, problemShapeError(reply)]).toEqual([415, null]);
      }
      expect(await headPosition(world.t)).toBe(head);
    });
  });

  /** The value when it is one of `allowed` (so that toEqual passes), else a description of what was allowed. */
  const oneOf = (value: number, allowed: number[]) => (allowed.includes(value) ? value : `one of ${allowed.join(', ')}`);
  /** The value rounded when under `limit`, else a description of the limit. */
  const under = (value: number, limit: number) => (value < limit ? Math.round(value) : `under ${limit}`);
  /** An upload's answer as the probes read answers. */
  const asReply = (answer: { status: number; headers: Headers; body: unknown }): Reply => ({
    status: answer.status,
    contentType: answer.headers.get('content-type') ?? '',
    text: '',
    body: answer.body,
    ms: 0,
  });
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const files = () => world.t.app.get<FileStore>(FILE_STORE);
  const attach = (content: Buffer, fileName = 'upload.bin', headers: Record<string, string> = {}) =>
    upload(world.t.baseUrl, world.owner.token, world.params.caseNo, 'CATALOGUE', content, fileName, { headers });
  /** Bytes accepted as attachments so far: a refused upload of the same bytes finds them stored, rightly. */
  const accepted = new Set<string>();

  /** An attachment's answer: 201 with the file as it was sent and typed by its bytes, or a 400/413/415 problem that stored nothing. */
  const expectAttachmentAnswer = async (content: Buffer, answer: Awaited<ReturnType<typeof attach>>, head: bigint, what: string) => {
    if (answer.status === 201) {
      expect([what, answer.body.sha256, answer.body.size]).toEqual([what, sha256(content), content.length]);
      accepted.add(answer.body.sha256);
      return;
    }
    expect([what, answer.status, problemShapeError(asReply(answer))]).toEqual([what, oneOf(answer.status, [400, 413, 415]), null]);
    expect([what, await headPosition(world.t)]).toEqual([what, head]);
    if (!accepted.has(sha256(content))) expect([what, await files().exists(sha256(content))]).toEqual([what, false]);
  };
  /** A goods sheet's answer: its items, or a 4xx problem; never a 5xx, never stored. */
  const expectSheetAnswer = async (answer: Awaited<ReturnType<typeof parseSheet>>, head: bigint, what: string) => {
    if (answer.status !== 200) expect([what, answer.status, problemShapeError(asReply(answer))]).toEqual([what, oneOf(answer.status, [400, 413, 415, 422]), null]);
    expect([what, await headPosition(world.t)]).toEqual([what, head]);
  };

  describe('truncated and corrupted files', () => {
    const samples: Array<[string, Buffer]> = [
      ['pdf', samplePdf('a catalogue')],
      ['png', samplePng()],
      ['jpeg', sampleJpeg()],
      ['tiff', sampleTiff()],
      ['docx', sampleOoxml('docx')],
      ['xlsx (LibreOffice order)', sampleOoxml('xlsx', { order: 'libreoffice', padding: 70_000 })],
      ['ods', sampleOdf('ods')],
      ['goods sheet xlsx', Buffer.from(writeGoodsSheet(SHEET_ITEMS, 'xlsx'))],
      ['goods sheet ods', Buffer.from(writeGoodsSheet(SHEET_ITEMS, 'ods'))],
    ];
    /** A sample cut short, with bytes flipped, with junk before it, or with junk after it. */
    const damaged = fc.constantFrom(...samples).chain(([kind, bytes]) =>
      fc.oneof(
        fc.nat({ max: bytes.length - 1 }).map((cut) => ({ what: `${kind} cut at ${cut} of ${bytes.length}`, bytes: bytes.subarray(0, cut) })),
        fc.uniqueArray(fc.nat({ max: bytes.length - 1 }), { minLength: 1, maxLength: 8 }).map((at) => {
          const copy = Buffer.from(bytes);
          for (const i of at) copy[i] ^= 0xff;
          return { what: `${kind} with bytes ${at.join(',')} flipped`, bytes: copy };
        }),
        fc.uint8Array({ minLength: 1, maxLength: 64 }).map((junk) => ({ what: `${kind} after ${junk.length} junk bytes`, bytes: Buffer.concat([Buffer.from(junk), bytes]) })),
        fc.uint8Array({ minLength: 1, maxLength: 4096 }).map((junk) => ({ what: `${kind} before ${junk.length} junk bytes`, bytes: Buffer.concat([bytes, Buffer.from(junk)]) })),
      ),
    );

    it(
      'as attachments: stored as sent and typed by their bytes, or refused with a 4xx problem storing nothing',
      async () => {
        await fc.assert(
          fc.asyncProperty(damaged, async ({ what, bytes }) => {
            const head = await headPosition(world.t);
            await expectAttachmentAnswer(bytes, await attach(bytes), head, what);
          }),
          fuzzParameters(50),
        );
      },
      fuzzTimeout(50, 30_000),
    );

    it(
      'as goods sheets: read, or refused with a 4xx problem, in bounded time',
      async () => {
        await fc.assert(
          fc.asyncProperty(damaged, async ({ what, bytes }) => {
            const head = await headPosition(world.t);
            const started = performance.now();
            await expectSheetAnswer(await parseSheet(world.t, world.owner.token, bytes), head, what);
            expect([what, performance.now() - started < 10_000]).toEqual([what, true]);
          }),
          fuzzParameters(25),
        );
      },
      fuzzTimeout(25, 60_000),
    );
  });

  describe('polyglot files: one type, judged by the first bytes, and served as nothing else', () => {
    const xlsx = Buffer.from(writeGoodsSheet(SHEET_ITEMS, 'xlsx'));
    const polyglots: Array<[string, Buffer, string | null]> = [
      ['a PDF with a goods sheet appended (PDF and ZIP at once)', Buffer.concat([samplePdf('polyglot'), xlsx]), 'application/pdf'],
      ['a PDF whose body is an HTML page with a script', Buffer.from('%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n'), 'application/pdf'],
      ['a JPEG with a goods sheet appended', Buffer.concat([sampleJpeg(), xlsx]), 'image/jpeg'],
      ['a PNG with an HTML page in it', Buffer.concat([samplePng(), Buffer.from('<html><script>alert(1)</script></html>')]), 'image/png'],
      ['a goods sheet after an executable stub (self-extracting)', Buffer.concat([sampleExe(), xlsx]), null],
      ['an SVG with a script', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), null],
      ['an HTML page', Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'), null],
      ['a Word document with macros', sampleOoxml('docm'), null],
      ['an OpenDocument whose mimetype says one thing and whose parts are a workbook', zipOf([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', stored: true }, ...xlsxPackage({ name: 'x', data: '<worksheet/>' })]), 'application/vnd.oasis.opendocument.text'],
    ];

    it.each(polyglots)('%s', async (_, bytes, mediaType) => {
      const head = await headPosition(world.t);
      const attached = await attach(bytes, 'innocent.pdf');
      if (mediaType === null) {
        expect([attached.status, problemShapeError(asReply(attached))]).toEqual([415, null]);
        expect(await headPosition(world.t)).toBe(head);
      } else {
        expect([attached.status, attached.body.mediaType]).toEqual([201, mediaType]);
        accepted.add(attached.body.sha256);
        // Served back as exactly what it was typed, never sniffed into HTML or shown inline.
        const served = await download(world.t, world.owner.token, `/applications/${world.params.caseNo}/attachments/${attached.body.attachmentId}`);
        expect([served.status, served.headers.get('content-type'), served.headers.get('x-content-type-options'), served.headers.get('content-disposition')]).toEqual([
          200,
          mediaType,
          'nosniff',
          expect.stringMatching(/^attachment;/),
        ]);
        expect(served.bytes.equals(bytes)).toBe(true);
      }
      const parsed = await parseSheet(world.t, world.owner.token, bytes);
      await expectSheetAnswer(parsed, await headPosition(world.t), 'as a goods sheet');
      // Only a file that is a sheet by its first bytes reaches the sheet reader.
      if (mediaType !== null && !/spreadsheet/.test(mediaType)) expect(parsed.status).toBe(415);
    });
  });

  describe('zip bombs', () => {
    /** 64 MB of spaces, packed once (about 64 KB): the payload of every bomb below. */
    let packed: Buffer;
    const BOMB_BYTES = 64 * MB;
    beforeAll(() => {
      packed = deflateRawSync(Buffer.alloc(BOMB_BYTES, ' '), { level: 9 });
    });
    const timed = async <T>(run: () => Promise<T>) => {
      const rssBefore = process.memoryUsage.rss();
      let rssPeak = rssBefore;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 10);
      const started = performance.now();
      try {
        const result = await run();
        return { result, ms: performance.now() - started, rssGrowth: rssPeak - rssBefore };
      } finally {
        clearInterval(sampler);
      }
    };

    const bombs = (): Array<[string, Buffer]> => [
      ['an .xlsx whose worksheet unpacks to 64 MB', zipOf(xlsxPackage({ name: 'x', data: Buffer.alloc(0), packed, declaredSize: BOMB_BYTES }))],
      ['an .xlsx whose worksheet says it is 1 KB and unpacks to 64 MB', zipOf(xlsxPackage({ name: 'x', data: Buffer.alloc(0), packed, declaredSize: 1024 }))],
      ['an .ods whose content unpacks to 64 MB', zipOf(odsPackage({ name: 'content.xml', data: Buffer.alloc(0), packed, declaredSize: BOMB_BYTES }))],
      [
        'an .xlsx of 200 entries sharing one 64 MB payload (overlapping entries)',
        zipOf(
          [...xlsxPackage({ name: 'x', data: Buffer.alloc(0), packed, declaredSize: BOMB_BYTES }), ...Array.from({ length: 200 }, (_, i) => ({ name: `xl/media/m${i}.xml`, data: Buffer.alloc(0), packed, declaredSize: BOMB_BYTES }))],
          { shareDataOf: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`xl/media/m${i}.xml`, 'xl/worksheets/sheet1.xml'])) },
        ),
      ],
    ];

    it('refuses each as a goods sheet at once, in bounded memory (413 or 400)', async () => {
      for (const [what, bomb] of bombs()) {
        const head = await headPosition(world.t);
        const { result, ms, rssGrowth } = await timed(() => parseSheet(world.t, world.owner.token, bomb));
        expect([what, result.status, problemShapeError(asReply(result))]).toEqual([what, oneOf(result.status, [400, 413]), null]);
        expect([what, Math.round(ms), Math.round(rssGrowth / MB)]).toEqual([what, under(ms, 3_000), under(rssGrowth / MB, 32)]);
        expect(await headPosition(world.t)).toBe(head);
      }
    });

    it('takes one as an attachment without unpacking it: the type is read from a capped head', async () => {
      const contentTypesBomb = zipOf([
        { name: '[Content_Types].xml', data: Buffer.alloc(0), packed, declaredSize: BOMB_BYTES },
        ...xlsxPackage({ name: 'x', data: '<worksheet/>' }).slice(1),
      ]);
      for (const [what, bomb] of [...bombs(), ['an .xlsx whose content types unpack to 64 MB', contentTypesBomb] as [string, Buffer]]) {
        const head = await headPosition(world.t);
        const { result, ms, rssGrowth } = await timed(() => attach(bomb, 'goods.xlsx'));
        await expectAttachmentAnswer(bomb, result, head, what);
        expect([what, Math.round(ms), Math.round(rssGrowth / MB)]).toEqual([what, under(ms, 3_000), under(rssGrowth / MB, 32)]);
      }
    });
  });

  describe('Idempotency-Key on an upload', () => {
    const titles = fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ minLength: 1, maxLength: 20 })).filter(([a, b]) => a !== b);
    let n = 0;

    it(
      'refuses the same key with a different file (409), storing only the first; the same file again gets the first answer',
      async () => {
        await fc.assert(
          fc.asyncProperty(titles, fc.boolean(), async ([first, second], paddedSecond) => {
            const key = `reliability-upload-${process.pid}-${++n}`;
            const one = samplePdf(first);
            // Another file: other text, or the same with bytes after its end (the same name, type and start).
            const other = paddedSecond ? Buffer.concat([one, randomish(100)]) : samplePdf(second);
            const firstAnswer = await attach(one, 'catalogue.pdf', { 'Idempotency-Key': key });
            expect(firstAnswer.status).toBe(201);
            accepted.add(firstAnswer.body.sha256);
            const head = await headPosition(world.t);
            const otherAnswer = await attach(other, 'catalogue.pdf', { 'Idempotency-Key': key });
            expect([otherAnswer.status, problemShapeError(asReply(otherAnswer))]).toEqual([409, null]);
            expect(await headPosition(world.t)).toBe(head);
            if (!accepted.has(sha256(other))) expect(await files().exists(sha256(other))).toBe(false);
            const again = await attach(one, 'catalogue.pdf', { 'Idempotency-Key': key });
            expect([again.status, again.headers.get('idempotent-replayed'), again.body]).toEqual([201, 'true', firstAnswer.body]);
            expect(await headPosition(world.t)).toBe(head);
          }),
          fuzzParameters(8),
        );
      },
      fuzzTimeout(8, 30_000),
    );
  });
});
