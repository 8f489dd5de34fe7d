import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  /** Messages refused while `refusing`: each is one delivery attempt of the sender. */
  refused: ReceivedMail[];
  /** While true, every message is answered with a temporary failure (451), as a mail server in trouble does. */
  refusing: boolean;
  /** SMTP connections opened to it so far. */
  connections: number;
  stop(): Promise<void>;
}

/** A real SMTP server on a loopback port that keeps what it receives, or refuses it while told to. */
export async function startSmtpSink(options: { refusing?: boolean } = {}): Promise<SmtpSink> {
  const sink: Omit<SmtpSink, 'url' | 'stop'> = { received: [], refused: [], refusing: options.refusing ?? false, connections: 0 };
  const server = new SMTPServer({
    authOptional: true,
    // A sender's pooled connections stay open: stopping does not wait the default 30 s for them.
    closeTimeout: 200,
    onConnect(_session, callback) {
      sink.connections++;
      callback();
    },
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        };
        if (sink.refusing) {
          sink.refused.push(mail);
          return callback(Object.assign(new Error('Requested action aborted: local error in processing'), { responseCode: 451 }));
        }
        sink.received.push(mail);
        callback();
      });
    },
  });
  // A sender killed mid-session resets its connection, which smtp-server emits here: the sender's
  // business (its message was not accepted), not the sink's failure, and unhandled it would throw.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(sink, {
    url: `smtp://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** Waits until `check` holds, polling; fails after `ms`. */
export async function eventually<T>(check: () => T | Promise<T>, ms = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Decodes a quoted-printable mail body enough to find a token in it. */
export function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => `%${hex}`);
  try {
    return decodeURIComponent(bytes);
  } catch {
    return bytes;
  }
}
