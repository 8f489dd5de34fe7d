import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The templates, their stylesheet and the shell page, beside `src/`: read from
 * `libs/documents/templates` when running from source (tests), and from
 * `dist/libs/documents/templates` after `npm run build`, which copies them there.
 */
export const TEMPLATES_DIR = resolve(__dirname, '..', 'templates');

/** The page each pooled browser page opens first; its Content-Security-Policy lets documents load local stylesheets, fonts and data: images only. */
export const SHELL_PAGE_URL = pathToFileURL(join(TEMPLATES_DIR, 'page.html')).href;

/**
 * Noto Sans TC from @fontsource, regular and bold. Loaded by `file://` URL, Chromium embeds each
 * of its unicode-range slices that a document uses as a proper font subset (Debian's Noto CJK
 * fonts print as Type 3 fonts, three times the size: toolchain.md).
 */
export function fontStylesheets(): string[] {
  return ['400', '700'].map((weight) => pathToFileURL(require.resolve(`@fontsource/noto-sans-tc/${weight}.css`)).href);
}

/** The version of the font package: part of each document's template version. */
export function fontVersion(): string {
  return (require('@fontsource/noto-sans-tc/package.json') as { version: string }).version;
}
