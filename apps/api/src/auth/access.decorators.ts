import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@shtc/domain';
import type { SignedIn } from './sessions';

export const ACCESS = 'shtc:access';
export type Access = { kind: 'public' } | { kind: 'signed-in' } | { kind: 'roles'; roles: Role[] };

/** Anyone, signed in or not. */
export const Public = () => SetMetadata(ACCESS, { kind: 'public' } satisfies Access);
/** Any signed-in account, whatever its role. */
export const SignedInOnly = () => SetMetadata(ACCESS, { kind: 'signed-in' } satisfies Access);
/** Only these roles (R-ACC-5); others get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS, { kind: 'roles', roles } satisfies Access);

/** The signed-in account of the request. */
export const CurrentAccount = createParamDecorator(
  (_: unknown, context: ExecutionContext): SignedIn => context.switchToHttp().getRequest().account,
);

/** The bearer token of the request (for logout). */
export const BearerToken = createParamDecorator((_: unknown, context: ExecutionContext): string | null =>
  bearerToken(context.switchToHttp().getRequest().headers.authorization),
);

export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header.trim());
  return match ? match[1] : null;
}
