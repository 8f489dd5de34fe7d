import { createHash } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { canonicalJson } from '@shtc/event-store';
import { CLOCK, type Clock } from '@shtc/platform';
import { READ_STORE, type Document, type ReadStore } from '@shtc/read-store';
import { from, mergeMap, throwError, catchError, type Observable } from 'rxjs';
import { ReplayedResponse, toProblem } from './problem';

export const IDEMPOTENCY = 'idempotency_keys';
const KEEP_MS = 24 * 60 * 60 * 1000;
const KEY = /^[\x21-\x7e]{1,200}$/;
const EXEMPT = 'shtc:idempotency-exempt';

/** For routes whose answer must not be stored (a login's token). */
export const IdempotencyExempt = () => SetMetadata(EXEMPT, true);

interface IdempotencyRecord extends Document {
  requestHash: string;
  state: 'IN_PROGRESS' | 'COMPLETED';
  createdAt: string;
  status?: number;
  body?: unknown;
  contentType?: string | null;
}

/**
 * Every command accepts `Idempotency-Key` (api.md): the same key and body within 24 h get the
 * first answer again and append nothing; the same key with another body gets 409. The key is
 * claimed before the command runs, so two concurrent retries cannot both run it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest();
    const key = request.headers['idempotency-key'];
    if (key === undefined || request.method === 'GET' || this.reflector.get(EXEMPT, context.getHandler())) {
      return next.handle();
    }
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new BadRequestException({
        message: 'Idempotency-Key must be 1 to 200 visible ASCII characters',
        errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }],
      });
    }
    const scope = request.account?.accountId ?? 'anonymous';
    const id = sha256(`${scope}\n${key}`);
    const requestHash = sha256(`${request.method} ${request.url.split('?')[0]}\n${canonicalJson(request.body ?? null)}`);
    const claim: IdempotencyRecord = { id, requestHash, state: 'IN_PROGRESS', createdAt: this.clock.now().toISOString() };

    if (!(await this.store.insertIfAbsent(IDEMPOTENCY, claim))) {
      const existing = await this.store.get<IdempotencyRecord>(IDEMPOTENCY, id);
      const expired = !existing || this.clock.now().getTime() - Date.parse(existing.createdAt) >= KEEP_MS;
      if (expired) await this.store.put(IDEMPOTENCY, claim);
      else if (existing.requestHash !== requestHash) {
        throw new ConflictException('This Idempotency-Key was already used with a different request');
      } else if (existing.state === 'IN_PROGRESS') {
        throw new ConflictException({ message: 'A request with this Idempotency-Key is still in progress', retryAfter: 1 });
      } else {
        throw new ReplayedResponse(existing.status!, existing.body, existing.contentType ?? null);
      }
    }

    const successStatus =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200);
    return next.handle().pipe(
      mergeMap(async (body) => {
        await this.complete(claim, successStatus, body, body === undefined ? null : 'application/json; charset=utf-8');
        return body;
      }),
      catchError((error) =>
        from(this.fail(claim, error)).pipe(mergeMap(() => throwError(() => error))),
      ),
    );
  }

  private complete(claim: IdempotencyRecord, status: number, body: unknown, contentType: string | null): Promise<void> {
    return this.store.put(IDEMPOTENCY, { ...claim, state: 'COMPLETED', status, body, contentType } satisfies IdempotencyRecord);
  }

  /** A refusal is the answer to that request and is kept; what may pass on retry is not. */
  private async fail(claim: IdempotencyRecord, error: unknown): Promise<void> {
    const problem = toProblem(error);
    const retryable = problem.status >= 500 || problem.status === 409 || problem.status === 429 || problem.status === 401;
    if (retryable) await this.store.delete(IDEMPOTENCY, claim.id);
    else await this.complete(claim, problem.status, problem, 'application/problem+json');
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
