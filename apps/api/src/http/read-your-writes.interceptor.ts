import {
  BadRequestException,
  Inject,
  Injectable,
  ServiceUnavailableException,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProjectionCatalog, type Projection } from '@shtc/read-store';
import type { Observable } from 'rxjs';
import { PROJECTIONS } from '@shtc/storage';

const READS = 'shtc:reads-projections';
export const READ_YOUR_WRITES_TIMEOUT_MS = 5000;

/** Names the projections a query reads, so `?after=` waits for those alone. */
export const ReadsProjections = (...names: string[]) => SetMetadata(READS, names);

/**
 * Read-your-writes (architecture.md item 7): a GET with `?after=<position>` answers only once
 * the projections it reads include that position, waiting at most 5 s; then 503 with Retry-After.
 */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly catalog: ProjectionCatalog,
    @Inject(PROJECTIONS) private readonly projections: Projection[],
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest();
    const after = request.query?.after;
    if (request.method !== 'GET' || after === undefined) return next.handle();
    delete request.query.after; // not a filter of the query itself
    if (typeof after !== 'string' || !/^\d{1,20}$/.test(after)) {
      throw new BadRequestException({
        message: 'after must be a position from a command response',
        errors: [{ field: 'after', message: 'must be a position (digits) from a command response' }],
      });
    }
    const names =
      this.reflector.get<string[] | undefined>(READS, context.getHandler()) ?? this.projections.map((p) => p.name);
    const reached = await this.catalog.waitFor(names, BigInt(after), READ_YOUR_WRITES_TIMEOUT_MS);
    if (!reached) {
      throw new ServiceUnavailableException({
        message: `The read models have not reached position ${after} yet; retry shortly`,
        retryAfter: 1,
      });
    }
    return next.handle();
  }
}
