import { resolve } from 'node:path';

/**
 * The console's Handlebars views and static files (stylesheet, scripts), beside this file: read
 * from the source tree when running from source (tests), and from `dist` after `npm run build`,
 * which copies them there.
 */
export const VIEWS_DIR = resolve(__dirname, 'views');
export const STATIC_DIR = resolve(__dirname, 'static');
