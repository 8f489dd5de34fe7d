import { connect } from 'node:net';

export interface StreamedAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** From the first byte sent to the answer's last byte. */
  msToAnswer: number;
  /** Bytes the client had handed to its socket when the answer was complete. */
  bytesSentAtAnswer: number;
}

export interface StreamOptions {
  url: string;
  headers: Record<string, string>;
  /** Sent first (a multipart part's headers and the file's first bytes). */
  head: Buffer;
  /** How many bytes of filler follow the head, at most (the request claims them all when `declareLength`). */
  fillerBytes: number;
  /** Sent after the filler, if the server is still reading. */
  tail?: Buffer;
  /** Content-Length of the whole body, as a client that knows its size sends it; otherwise chunked. */
  declareLength: boolean;
  /** Fails after this long without a whole answer. */
  timeoutMs: number;
}

const CHUNK = Buffer.alloc(1024 * 1024, 0x20);
const CRLF = Buffer.from('\r\n');

/**
 * POSTs a body generated on the fly (one 1 MB chunk of spaces written again and again: the body
 * is never in memory, nor on disk) over a plain socket, honouring back-pressure and reading while
 * it writes, as a browser or curl does; it stops sending once the answer is complete. A write
 * refused because the server closed its side is no failure: what the server answered decides.
 */
export function streamBody(options: StreamOptions): Promise<StreamedAnswer> {
  const url = new URL(options.url);
  const { head, fillerBytes, tail = Buffer.alloc(0) } = options;
  const chunked = !options.declareLength;
  const headers: Record<string, string> = { host: url.host, ...options.headers };
  if (chunked) headers['transfer-encoding'] = 'chunked';
  else headers['content-length'] = String(head.length + fillerBytes + tail.length);
  const requestHead = `POST ${url.pathname}${url.search} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;

  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const started = performance.now();
    let sent = 0;
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (error: Error | null, answer?: StreamedAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(answer!);
    };
    const timer = setTimeout(() => finish(new Error(`no answer after ${options.timeoutMs} ms (${sent} bytes sent)`)), options.timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const answer = parseAnswer(received);
      if (answer) finish(null, { ...answer, msToAnswer: performance.now() - started, bytesSentAtAnswer: sent });
    });
    socket.on('error', () => undefined); // EPIPE, ECONNRESET: the answer (or its absence) tells
    socket.on('close', () => {
      const answer = parseAnswer(received, true);
      if (answer) finish(null, { ...answer, msToAnswer: performance.now() - started, bytesSentAtAnswer: sent });
      else finish(new Error(`the server closed the connection without a whole answer (${sent} bytes sent; received ${JSON.stringify(received.toString('latin1').slice(0, 200))})`));
    });

    const write = (buffer: Buffer) =>
      new Promise<void>((done) => {
        if (settled || socket.destroyed) return done();
        sent += buffer.length;
        if (socket.write(buffer)) return done();
        const resume = () => {
          socket.off('drain', resume);
          socket.off('close', resume);
          done();
        };
        socket.on('drain', resume);
        socket.on('close', resume);
      });
    const writeBody = async (buffer: Buffer) => {
      if (buffer.length === 0) return;
      if (chunked) await write(Buffer.from(`${buffer.length.toString(16)}\r\n`));
      await write(buffer);
      if (chunked) await write(CRLF);
    };
    socket.once('connect', () => {
      void (async () => {
        await write(Buffer.from(requestHead, 'latin1'));
        await writeBody(head);
        let left = fillerBytes;
        while (left > 0 && !settled && !socket.destroyed) {
          const chunk = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
          left -= chunk.length;
          await writeBody(chunk);
        }
        await writeBody(tail);
        if (chunked) await write(Buffer.from('0\r\n\r\n'));
      })();
    });
  });
}

/** The answer in `bytes` once it is whole (by Content-Length, or the connection's end), else null. */
function parseAnswer(bytes: Buffer, ended = false): Omit<StreamedAnswer, 'msToAnswer' | 'bytesSentAtAnswer'> | null {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  const length = headers['content-length'] === undefined ? null : Number(headers['content-length']);
  const rest = bytes.subarray(end + 4);
  if (length === null ? !ended : rest.length < length) return null;
  const text = rest.subarray(0, length ?? rest.length).toString('utf8');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status, headers, body };
}

/** A multipart/form-data body around one file part (after the text fields), split where the file's bytes go. */
export function multipartAround(fields: Record<string, string>, fileName: string, fileHead: Buffer): { boundary: string; head: Buffer; tail: Buffer } {
  const boundary = `----reliability${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const fileHeader = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    boundary,
    head: Buffer.concat([Buffer.from(parts.join('') + fileHeader, 'utf8'), fileHead]),
    tail: Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  };
}
