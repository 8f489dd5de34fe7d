import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS, bearerToken, type Access } from './access.decorators';
import { Sessions } from './sessions';
import { sessionCookieToken } from './session-cookie';

/**
 * Runs on every route. A route must declare who may call it (@Public, @SignedInOnly, @Roles):
 * one that declares nothing is refused to everyone, so a forgotten decorator fails closed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  /** Each route's rule, by controller class and handler: decorators are fixed once the app is built, so read them once. */
  private readonly rules = new WeakMap<object, Map<object, Access | null>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: Sessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.accessOf(context);
    if (!access) throw new ForbiddenException('This route declares no access rule');
    if (access.kind === 'public') return true;

    const request = context.switchToHttp().getRequest();
    // The console's pages carry the same session in a cookie; the API's routes never read it (no ambient credentials there).
    const token = bearerToken(request.headers.authorization) ?? (isConsoleRoute(request) ? sessionCookieToken(request) : null);
    const account = token ? await this.sessions.resume(token) : null;
    if (!account) {
      throw new UnauthorizedException({ rule: 'R-ACC-3', message: 'Sign in first: the session is missing, ended or idle for 20 minutes' });
    }
    request.account = account;
    request.sessionToken = token;
    if (access.kind === 'roles' && !access.roles.includes(account.role)) {
      throw new ForbiddenException({ rule: 'R-ACC-5', message: `This needs the role ${access.roles.join(' or ')}` });
    }
    return true;
  }

  private accessOf(context: ExecutionContext): Access | null {
    const handler = context.getHandler();
    const controller = context.getClass();
    let rules = this.rules.get(controller);
    if (!rules) this.rules.set(controller, (rules = new Map()));
    let access = rules.get(handler);
    if (access === undefined) {
      access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS, [handler, controller]) ?? null;
      rules.set(handler, access);
    }
    return access;
  }
}

/** A route of the console (`/console/…`), by the route's declared path, not the URL a client sent. */
function isConsoleRoute(request: { routeOptions?: { url?: string } }): boolean {
  const path = request.routeOptions?.url ?? '';
  return path === '/console' || path.startsWith('/console/');
}
