import { execFileSync } from 'node:child_process';

/**
 * The text of a PDF as poppler's pdftotext extracts it, in the order it was printed (`-raw`: a
 * table cell's lines stay together rather than interleave with the cells beside it).
 */
export function pdfText(pdf: Uint8Array): string {
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8');
}

/** The fonts a PDF embeds, as poppler's pdffonts lists them: name and type (`CID TrueType`, `Type 3`). */
export function pdfFonts(pdf: Uint8Array): Array<{ name: string; type: string }> {
  const listing = execFileSync('pdffonts', ['-'], { input: pdf }).toString('utf8');
  return listing
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      const [name, ...rest] = line.trim().split(/\s{2,}/);
      return { name, type: rest[0] };
    });
}

/** A line break between two Chinese characters (CJK punctuation and full-width forms included). */
const CJK_LINE_BREAK = /([\u3000-\u9fff\uff00-\uffef])\n(?=[\u3000-\u9fff\uff00-\uffef])/g;

/**
 * The text of a PDF with its line breaks and runs of spaces as single spaces (a long name may
 * wrap), a word broken at its hyphen at the end of a line joined again (`end-` `user`), and
 * Chinese text wrapped between two characters joined without a space (Chinese has none).
 */
export function pdfWords(pdf: Uint8Array): string {
  return pdfText(pdf).replace(/(\w-)\n/g, '$1').replace(CJK_LINE_BREAK, '$1').replace(/\s+/g, ' ');
}

export interface PdfAnswer {
  status: number;
  headers: Headers;
  /** The body's bytes (a PDF when status is 200). */
  pdf: Buffer;
  /** The body as JSON when it is a problem (application/problem+json), else null. */
  problem: any;
}

/** GETs a document as a client downloads it: the raw bytes, or the problem when refused. */
export async function fetchPdf(baseUrl: string, path: string, token?: string): Promise<PdfAnswer> {
  const response = await fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const pdf = Buffer.from(await response.arrayBuffer());
  const json = (response.headers.get('content-type') ?? '').includes('json');
  return { status: response.status, headers: response.headers, pdf, problem: json ? JSON.parse(pdf.toString('utf8')) : null };
}
