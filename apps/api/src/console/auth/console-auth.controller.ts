import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, Roles, SignedInOnly } from '../../auth/access.decorators';
import { LoginDto } from '../../auth/login/login.controller';
import { SignIn } from '../../auth/login/sign-in';
import { clearSessionCookie, sessionCookieToken, setSessionCookie } from '../../auth/session-cookie';
import { Sessions } from '../../auth/sessions';
import { IdempotencyExempt } from '../../http/idempotency.interceptor';
import { ConsoleController, validated } from '../http/console-controller';
import { ConsolePages, homeOf, problemView, seeOther } from '../http/console-pages';
import { ConsoleCsrf, LoginForm } from '../http/csrf';
import { text, type FormFields } from '../http/form-body';

/** Where a signed-in user may be sent back to after signing in: a console page, never another site. */
function safeNext(next: unknown): string | null {
  return typeof next === 'string' && /^\/console\/[A-Za-z0-9/_\-.?=&%]*$/.test(next) && !next.startsWith('/console/login') ? next : null;
}

/**
 * Signing in and out of the console: the API's own sign-in (SignIn: throttle, password, a
 * server-side session) with the session's token in an HttpOnly SameSite=Strict cookie.
 */
@ConsoleController()
export class ConsoleAuthController {
  constructor(
    private readonly signIn: SignIn,
    private readonly sessions: Sessions,
    private readonly pages: ConsolePages,
    private readonly csrf: ConsoleCsrf,
  ) {}

  /** The console's address: the signed-in user's home, or the sign-in form. */
  @Get()
  @Public()
  async home(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const token = sessionCookieToken(request);
    const account = token ? await this.sessions.resume(token) : null;
    await seeOther(reply, account ? homeOf(account.role) : '/console/login');
  }

  @Get('login')
  @Public()
  async loginForm(@Query('expired') expired: string | undefined, @Query('bye') bye: string | undefined, @Query('next') next: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.showLogin(request, reply, { expired: expired === '1', signedOut: bye === '1', next: safeNext(next) });
  }

  @Post('login')
  @Public()
  @LoginForm()
  @IdempotencyExempt()
  async login(@Body() form: FormFields, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const businessId = text(form, 'businessId');
    const next = safeNext(text(form, 'next'));
    try {
      const dto = await validated(LoginDto, { businessId, password: text(form, 'password') });
      const session = await this.signIn.signIn(dto.businessId, dto.password, request.ip);
      setSessionCookie(request, reply, session.token);
      await seeOther(reply, next ?? homeOf(session.account.role));
    } catch (error) {
      const problem = problemView(error);
      if (problem.status >= 500) throw error;
      // What the user typed stays, but the password.
      await this.showLogin(request, reply, { businessId, next, problem }, problem.status);
    }
  }

  @Post('logout')
  @SignedInOnly()
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const token = (request as { sessionToken?: string }).sessionToken;
    if (token) await this.sessions.close(token);
    clearSessionCookie(request, reply);
    await seeOther(reply, '/console/login?bye=1');
  }

  /** Keeps the session alive (the idle warning's "stay signed in"): the access guard slid it. */
  @Get('session')
  @SignedInOnly()
  async session(@Res() reply: FastifyReply) {
    await reply.status(204).send();
  }

  /** Customs is a machine account: it has no pages, only the API. */
  @Get('customs')
  @Roles('CUSTOMS')
  async customs(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.pages.send(request, reply, 'customs', { title: { zh: '海關帳號', en: 'Customs account' } });
  }

  private async showLogin(request: FastifyRequest, reply: FastifyReply, model: Record<string, unknown>, status = 200) {
    await this.pages.send(request, reply, 'login', { title: { zh: '登入', en: 'Sign in' }, csrf: this.csrf.loginToken(request, reply), ...model }, status);
  }
}
