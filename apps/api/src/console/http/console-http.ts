import { dirname, join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import { STATIC_DIR } from '../console-assets';
import { parseForm } from './form-body';

/** Every console URL starts with this; the session cookie is scoped to it. */
export const CONSOLE_PREFIX = '/console';

/**
 * What a console response may load: its own scripts, styles, fonts and images, and its own PDFs
 * in a frame or an object (the document previews). No inline script or style, no plug-ins from
 * elsewhere, no framing by other sites (api.md, Console).
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'self'",
  "form-action 'self'",
  "base-uri 'none'",
].join('; ');

export function isConsoleUrl(url: string): boolean {
  return url === CONSOLE_PREFIX || url.startsWith(`${CONSOLE_PREFIX}/`) || url.startsWith(`${CONSOLE_PREFIX}?`);
}

/**
 * The console's HTTP plumbing on the app's Fastify instance, before the routes: cookies (the
 * session rides in one on console routes only), HTML form bodies (console routes only: the API
 * keeps answering 415 to them), the static files, and the security headers of every console
 * response.
 */
export async function registerConsoleHttp(instance: FastifyInstance): Promise<void> {
  await instance.register(fastifyCookie);

  instance.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 256 * 1024 }, (request: FastifyRequest, text, done) => {
    if (!isConsoleUrl(request.url)) return done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(request.headers['content-type']), undefined);
    try {
      done(null, parseForm(text as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  await instance.register(fastifyStatic, { root: STATIC_DIR, prefix: `${CONSOLE_PREFIX}/static/`, index: false, list: false, dotfiles: 'deny' });
  // Noto Sans TC as @fontsource ships it: its stylesheets name their files relative to themselves.
  const fonts = dirname(require.resolve('@fontsource/noto-sans-tc/package.json'));
  await instance.register(fastifyStatic, {
    root: fonts,
    prefix: `${CONSOLE_PREFIX}/fonts/noto-sans-tc/`,
    decorateReply: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    allowedPath: (path) => /^\/(400|700)\.css$/.test(path) || /^\/files\/noto-sans-tc-\d+-(400|700)-normal\.woff2?$/.test(path),
    // The font files never change under a version: let the browser keep them.
    maxAge: '7d',
    immutable: true,
  });

  instance.addHook('onSend', async (request, reply, payload) => {
    if (!isConsoleUrl(request.url)) return payload;
    reply.header('Content-Security-Policy', CONSOLE_CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'SAMEORIGIN');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    // Pages and documents hold business data: never kept, so the back button after a logout shows nothing.
    if (!request.url.startsWith(`${CONSOLE_PREFIX}/static/`) && !request.url.startsWith(`${CONSOLE_PREFIX}/fonts/`)) {
      reply.header('Cache-Control', 'no-store');
    }
    return payload;
  });
}

export const FONT_STYLESHEETS = ['400', '700'].map((weight) => join(CONSOLE_PREFIX, 'fonts', 'noto-sans-tc', `${weight}.css`));
