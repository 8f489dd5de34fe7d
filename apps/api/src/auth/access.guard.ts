import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS, bearerToken, type Access } from './access.decorators';
import { Sessions } from './sessions';

/**
 * Runs on every route. A route must declare who may call it (@Public, @SignedInOnly, @Roles):
 * one that declares nothing is refused to everyone, so a forgotten decorator fails closed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: Sessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS, [context.getHandler(), context.getClass()]);
    if (!access) throw new ForbiddenException('This route declares no access rule');
    if (access.kind === 'public') return true;

    const request = context.switchToHttp().getRequest();
    const token = bearerToken(request.headers.authorization);
    const account = token ? await this.sessions.resume(token) : null;
    if (!account) {
      throw new UnauthorizedException({ rule: 'R-ACC-3', message: 'Sign in first: the session is missing, ended or idle for 20 minutes' });
    }
    request.account = account;
    if (access.kind === 'roles' && !access.roles.includes(account.role)) {
      throw new ForbiddenException({ rule: 'R-ACC-5', message: `This needs the role ${access.roles.join(' or ')}` });
    }
    return true;
  }
}
