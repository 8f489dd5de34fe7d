/** A received message as its reader sees it: headers decoded, body in UTF-8. */
export interface ReadMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * Reads a single-part text message as nodemailer writes it (RFC 5322 headers with RFC 2047
 * encoded words; a body in quoted-printable or base64), so a test can compare what a person
 * reads: the Chinese subject and text, not their transfer encoding.
 */
export function readMail(raw: string): ReadMail {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  return {
    messageId: headers.get('message-id') ?? '',
    to: headers.get('to') ?? '',
    subject: decodeWords(headers.get('subject') ?? ''),
    text: decodeBody(body, encoding).replace(/\r\n/g, '\n'),
  };
}

/** RFC 2047: runs of encoded words (the whitespace between them is not text) decoded as one byte sequence. */
function decodeWords(value: string): string {
  return value.replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)(\s*=\?[^?]+\?[BbQq]\?[^?]*\?=)*/g, (run) => {
    const words = run.match(/=\?[^?]+\?[BbQq]\?[^?]*\?=/g) ?? [];
    const bytes = words.map((word) => {
      const [, , encoding, text] = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/.exec(word)!;
      return encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : qpBytes(text.replace(/_/g, ' '));
    });
    return Buffer.concat(bytes).toString('utf8');
  });
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return qpBytes(body.replace(/=\r?\n/g, '')).toString('utf8');
  return body;
}

function qpBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return Buffer.from(bytes);
}
