import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { samplePdf } from '../../../../../libs/attachments/src/testing/sample-files';
import { httpClient, registerAndLogin, startApp, FIVE_DOCUMENTS, fileApplication, upload, type TestApp } from '@shtc/testing';

const ROOT = join(__dirname, '..', '..', '..', '..', '..');
const API = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
const BIG = 16 * 1024 * 1024;

/** Everything stored: each file under DATA_DIR/files (temporary ones included), and each row of DATA_DIR/files.sqlite. */
function storedFiles(dataDir: string): string[] {
  const root = join(dataDir, 'files');
  const files = existsSync(root) ? readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(root, path)).isFile()) : [];
  return [...files, ...storedRows(dataDir).map((sha256) => `files.sqlite/${sha256}`)].sort();
}

/** The sha256s stored in DATA_DIR/files.sqlite, read as another process would. */
function storedRows(dataDir: string): string[] {
  const path = join(dataDir, 'files.sqlite');
  if (!existsSync(path)) return [];
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[], string>('SELECT sha256 FROM blobs').pluck().all();
  } finally {
    db.close();
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const isStored = (dataDir: string, content: Buffer) => storedFiles(dataDir).some((path) => path.endsWith(sha256(content)));

/** A PDF of `size` bytes (a real header, then padding), different per title. */
const bigPdf = (title: string, size = BIG) => Buffer.concat([samplePdf(title), Buffer.alloc(size, 32)]);

/** Resolves once the server is writing an upload into DATA_DIR/files/incoming: it has passed its checks. */
async function storing(dataDir: string): Promise<void> {
  const incoming = join(dataDir, 'files', 'incoming');
  for (let i = 0; i < 500; i++) {
    const parts = existsSync(incoming) ? readdirSync(incoming).filter((name) => name.endsWith('.part')) : [];
    if (parts.some((name) => statSync(join(incoming, name), { throwIfNoEntry: false })?.size)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the server never started storing the upload');
}

/**
 * A download on a connection of its own (`Connection: close`): a keep-alive connection that has
 * served a download delays the server's graceful close until its keep-alive timeout.
 */
function download(baseUrl: string, token: string, path: string): Promise<{ status: number; body: Buffer }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) =>
    request({ host: url.hostname, port: url.port, path, agent: false, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end(),
  );
}

/** An upload whose body is sent in two steps: all of the file but its last 64 KB, then (when told) the rest. */
function slowUpload(baseUrl: string, token: string, caseNo: string, type: string, content: Buffer, dataDir: string) {
  const boundary = '----slowUpload';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\n${type}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const url = new URL(`${baseUrl}/applications/${caseNo}/attachments`);
  let req!: ClientRequest;
  const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: false, headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + content.length + tail.length } },
      (res: IncomingMessage) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
  });
  const split = content.length - 64 * 1024;
  req.write(head);
  req.write(content.subarray(0, split));
  return {
    reading: storing(dataDir),
    answer,
    abort: () => req.destroy(),
    finish: () => req.end(Buffer.concat([content.subarray(split), tail])),
  };
}

describe('an upload that is refused leaves no file behind, and never removes one another case uses', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { MAX_UPLOAD_BYTES: String(32 * 1024 * 1024) } })));
  afterAll(async () => t.close());

  it('stores nothing of an upload whose type, sent after the file, is refused', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    const before = storedFiles(t.dataDir);
    const content = samplePdf('type after file');
    const refused = await upload(t.baseUrl, token, caseNo, 'SELFIE', content, 'selfie.pdf', { typeAfterFile: true });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'type' })]);
    expect(isStored(t.dataDir, content)).toBe(false);
    expect(storedFiles(t.dataDir)).toEqual(before);
    // Where it would have gone: a small file is a row of files.sqlite.
    const accepted = await upload(t.baseUrl, token, caseNo, 'CATALOGUE', content, 'catalogue.pdf');
    expect(accepted.status).toBe(201);
    expect(storedRows(t.dataDir)).toContain(sha256(content));
  });

  it('stores nothing of an upload the case refuses while the file is on its way (submitted meanwhile, R-REV-5)', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    for (const type of FIVE_DOCUMENTS) expect((await upload(t.baseUrl, token, caseNo, type, samplePdf(type))).status).toBe(201);
    const before = storedFiles(t.dataDir);
    const content = bigPdf('late catalogue');
    const late = slowUpload(t.baseUrl, token, caseNo, 'OTHER', content, t.dataDir);
    await late.reading;
    expect((await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Telecom research' }, { token })).status).toBe(200);
    late.finish();
    const answer = await late.answer;
    expect(answer.status).toBe(409);
    expect(answer.body.rule).toBe('R-REV-5');
    expect(isStored(t.dataDir, content)).toBe(false);
    expect(storedFiles(t.dataDir)).toEqual(before);
  });

  it('keeps a file that another case holds when the same bytes are refused elsewhere', async () => {
    const owner = await registerAndLogin(t.http);
    const other = await registerAndLogin(t.http);
    const kept = await fileApplication(t.http, owner.token);
    const refusing = await fileApplication(t.http, other.token);
    for (const type of FIVE_DOCUMENTS) await upload(t.baseUrl, other.token, refusing.caseNo, type, samplePdf(`${type} of the other case`));
    const content = bigPdf('the same catalogue in two cases', 8 * 1024 * 1024);

    // The other case's upload of the same bytes is refused after its file was stored...
    const late = slowUpload(t.baseUrl, other.token, refusing.caseNo, 'OTHER', content, t.dataDir);
    await late.reading;
    expect((await t.http.post(`/applications/${refusing.caseNo}/submit`, { endUse: 'Telecom research' }, { token: other.token })).status).toBe(200);
    // ...while the owner's upload of those bytes is kept.
    const owned = await upload(t.baseUrl, owner.token, kept.caseNo, 'CATALOGUE', content, 'catalogue.pdf');
    expect(owned.status).toBe(201);
    late.finish();
    expect((await late.answer).status).toBe(409);
    // And the same bytes again, refused for the type sent after them.
    expect((await upload(t.baseUrl, owner.token, kept.caseNo, 'SELFIE', content, 'x.pdf', { typeAfterFile: true })).status).toBe(400);

    const downloaded = await download(t.baseUrl, owner.token, `/applications/${kept.caseNo}/attachments/${owned.body.attachmentId}`);
    expect(downloaded.status).toBe(200);
    expect(sha256(downloaded.body)).toBe(sha256(content));
  });
});

describe('a server killed in the middle of an upload', () => {
  let dataDir: string;
  let server: ChildProcess | undefined;
  beforeAll(() => {
    if (!existsSync(API)) throw new Error('Build first: npm run build (npm test does)');
  });
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'shtc-killed-'))));
  afterEach(() => {
    server?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const freePort = () =>
    new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });

  it('leaves its partial file, which the next start removes', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [API], { env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'silent', MAX_UPLOAD_BYTES: String(32 * 1024 * 1024) }, stdio: 'ignore' });
    const http = httpClient(baseUrl);
    for (let i = 0; ; i++) {
      if ((await fetch(`${baseUrl}/health`).catch(() => null))?.status === 200) break;
      if (i > 150) throw new Error('the built server did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { token } = await registerAndLogin(http);
    const { caseNo } = await fileApplication(http, token);
    const interrupted = slowUpload(baseUrl, token, caseNo, 'CATALOGUE', bigPdf('interrupted'), dataDir);
    interrupted.answer.catch(() => undefined);
    await interrupted.reading;
    const incoming = join(dataDir, 'files', 'incoming');
    expect(readdirSync(incoming).filter((name) => name.endsWith('.part'))).toHaveLength(1);

    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGKILL');
    await exited;
    interrupted.abort();
    expect(readdirSync(incoming).filter((name) => name.endsWith('.part'))).toHaveLength(1);

    const restarted = await startApp({ dataDir });
    try {
      expect(readdirSync(incoming)).toEqual([]);
    } finally {
      await restarted.stop();
    }
  });
});
