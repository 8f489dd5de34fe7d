import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The console carries the same server-side session as the API's bearer token (Sessions), in a
 * cookie the browser sends to the console's paths alone. HttpOnly: no script reads it;
 * SameSite=Strict: no other site's page sends it; Secure when the console is reached over https.
 */
export const SESSION_COOKIE = 'shtc_session';
export const CONSOLE_COOKIE_PATH = '/console';

const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

/** The session token of a console request's cookie, or null. */
export function sessionCookieToken(request: Pick<FastifyRequest, 'cookies'>): string | null {
  const value = request.cookies?.[SESSION_COOKIE];
  return typeof value === 'string' && TOKEN.test(value) ? value : null;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(request));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
}

export function cookieOptions(request: FastifyRequest) {
  return { path: CONSOLE_COOKIE_PATH, httpOnly: true, sameSite: 'strict' as const, secure: request.protocol === 'https' };
}
