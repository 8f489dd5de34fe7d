import { execFileSync } from 'node:child_process';

/** The text of a PDF as poppler's pdftotext extracts it (what a reader copying from the document gets). */
export function pdfText(pdf: Uint8Array): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8');
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

/** The text of a PDF with its line breaks and runs of spaces as single spaces: a long name may wrap. */
export function pdfWords(pdf: Uint8Array): string {
  return pdfText(pdf).replace(/\s+/g, ' ');
}
