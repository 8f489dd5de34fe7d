import {
  BadRequestException,
  Injectable,
  ServiceUnavailableException,
  SetMetadata,
  Inject,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProjectionCatalog, type Projection } from '@shtc/read-store';
import { PROJECTIONS } from '@shtc/storage';

export const READS_PROJECTIONS = 'shtc:reads-projections';
export const READ_YOUR_WRITES_TIMEOUT_MS = 5000;

/** Names the projections a query reads, so `?after=` waits for those alone. */
export const ReadsProjections = (...names: string[]) => SetMetadata(READS_PROJECTIONS, names);

/**
 * Read-your-writes (architecture.md item 7): a GET with `?after=<position>` answers only once
 * the projections it reads include that position, waiting at most 5 s; then 503 with Retry-After.
 *
 * A guard, not an interceptor (as it was, hence the file's name): it only waits before the
 * handler, and Nest's interceptor chain costs every request of the app (an AsyncResource per
 * interceptor and rxjs), about as much as the rest of a simple GET.
 */
@Injectable()
export class ReadYourWritesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly catalog: ProjectionCatalog,
    @Inject(PROJECTIONS) private readonly projections: Projection[],
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest();
    const after = request.query?.after;
    if (request.method !== 'GET' || after === undefined) return true;
    delete request.query.after; // not a filter of the query itself
    if (typeof after !== 'string' || !/^\d{1,20}$/.test(after)) {
      throw new BadRequestException({
        message: 'after must be a position from a command response',
        errors: [{ field: 'after', message: 'must be a position (digits) from a command response' }],
      });
    }
    const names =
      this.reflector.get<string[] | undefined>(READS_PROJECTIONS, context.getHandler()) ?? this.projections.map((p) => p.name);
    const reached = await this.catalog.waitFor(names, BigInt(after), READ_YOUR_WRITES_TIMEOUT_MS);
    if (!reached) {
      throw new ServiceUnavailableException({
        message: `The read models have not reached position ${after} yet; retry shortly`,
        retryAfter: 1,
      });
    }
    return true;
  }
}
