import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ForbiddenException, Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TOKEN_SECRET } from '@shtc/storage';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieOptions } from '../../auth/session-cookie';
import { ConsoleWrites } from './console-writes';

/** The form field every console form carries its token in. */
export const CSRF_FIELD = '_csrf';
/** Before signing in there is no session: the login form's token is bound to a cookie of its own. */
export const LOGIN_COOKIE = 'shtc_login';

const CSRF = 'shtc:console-csrf';
type CsrfKind = 'session' | 'login' | 'in-handler';
/** The login form: its token is bound to the login cookie, not to a session. */
export const LoginForm = () => SetMetadata(CSRF, 'login' satisfies CsrfKind);
/** A multipart form: its body is a stream the route reads itself, so the route checks the token (ConsoleCsrf.check). */
export const CsrfCheckedInHandler = () => SetMetadata(CSRF, 'in-handler' satisfies CsrfKind);

/**
 * Synchronizer tokens for the console's forms: an HMAC of the session (its token's sha256, as the
 * store keys it) under the deployment's secret, so every form of a session carries the same
 * token, nothing is stored, and the token dies with the session. SameSite=Strict cookies already
 * keep other sites' forms from arriving signed in; the token also stops a same-site page that is
 * not the console's.
 */
@Injectable()
export class ConsoleCsrf {
  constructor(@Inject(TOKEN_SECRET) private readonly secret: Buffer) {}

  /** The token of a session's forms. */
  tokenFor(sessionToken: string): string {
    return this.mac('session', createHash('sha256').update(sessionToken).digest('hex'));
  }

  /** The login form's token, setting the login cookie it is bound to when the browser has none. */
  loginToken(request: FastifyRequest, reply: FastifyReply): string {
    let nonce = request.cookies?.[LOGIN_COOKIE];
    if (!nonce || !/^[A-Za-z0-9_-]{32,64}$/.test(nonce)) {
      nonce = randomBytes(24).toString('base64url');
      reply.setCookie(LOGIN_COOKIE, nonce, cookieOptions(request));
    }
    return this.mac('login', nonce);
  }

  /** Throws 403 unless the form's token is the session's (or, for the login form, the login cookie's). */
  check(request: FastifyRequest, given: unknown, kind: 'session' | 'login' = 'session'): void {
    const expected =
      kind === 'login'
        ? request.cookies?.[LOGIN_COOKIE] && this.mac('login', request.cookies[LOGIN_COOKIE]!)
        : (request as { sessionToken?: string }).sessionToken && this.tokenFor((request as { sessionToken?: string }).sessionToken!);
    if (!expected || typeof given !== 'string' || !same(given, expected)) {
      throw new ForbiddenException({ message: 'The form has expired or did not come from this console: reload the page and send it again', csrf: true });
    }
  }

  private mac(purpose: string, value: string): string {
    return createHmac('sha256', this.secret).update(`console-${purpose}\n${value}`).digest('base64url');
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Runs on every console route after the app's guards. Every POST carries the form's token
 * (CSRF_FIELD), checked here before the route runs (a multipart form's is checked by its route
 * once it has read the fields). A page waits for the read models it reads to include the
 * session's last command (ConsoleWrites).
 */
@Injectable()
export class ConsoleCsrfGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly csrf: ConsoleCsrf,
    private readonly writes: ConsoleWrites,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.method === 'GET' || request.method === 'HEAD') {
      await this.writes.caughtUp(request, context.getHandler());
      return true;
    }
    const kind = this.reflector.get<CsrfKind | undefined>(CSRF, context.getHandler()) ?? 'session';
    if (kind === 'in-handler') return true;
    const body = request.body as Record<string, unknown> | undefined;
    this.csrf.check(request, body && typeof body === 'object' ? body[CSRF_FIELD] : undefined, kind);
    return true;
  }
}
