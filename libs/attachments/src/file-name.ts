/** Longest name kept, in characters (code points). */
export const MAX_FILE_NAME_LENGTH = 200;

/** Control characters (C0, DEL, C1), and the invisible marks that reorder or hide text (`cod.exe‮fdp.`). */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * The name an applicant gave a file, fit to show back to people: data only, never a path. The
 * folders a client may have sent are dropped (`C:\scans\a.pdf` → `a.pdf`), control and direction
 * characters removed, the text put in NFC and cut to MAX_FILE_NAME_LENGTH keeping its extension.
 * A name with nothing left becomes `fallback`.
 */
export function displayFileName(raw: string | undefined | null, fallback: string): string {
  const base = (raw ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  const name = base.replace(UNSAFE, '').trim();
  if (/^[.\s]*$/.test(name)) return fallback;
  const chars = Array.from(name);
  if (chars.length <= MAX_FILE_NAME_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  const kept = extension.length > 0 && extension.length <= 16 ? extension : [];
  return [...chars.slice(0, MAX_FILE_NAME_LENGTH - kept.length), ...kept].join('').trim();
}
