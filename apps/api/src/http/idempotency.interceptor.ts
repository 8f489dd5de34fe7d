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

/** A multipart request's claim, made by its route once it has read the body (claimIdempotencyKey). */
const DEFERRED = Symbol('idempotency claim deferred to the route');
interface DeferredClaim {
  /** A record of this key exists: the route must read the body to tell a retry (replayed) from another request (409). */
  seen: boolean;
  claim(fingerprint: unknown): Promise<void>;
}
type WithDeferredClaim = { [DEFERRED]?: DeferredClaim };

/**
 * For a multipart command: claims its Idempotency-Key (if it has one) with what identifies the
 * request, once the route has read it (the file's sha256 and the text fields), and before the
 * command runs. Throws as the interceptor would: 409 for another request under the key, or the
 * first answer again (Idempotent-Replayed) for the same one.
 */
export function claimIdempotencyKey(request: object, fingerprint: unknown): Promise<void> {
  return (request as WithDeferredClaim)[DEFERRED]?.claim(fingerprint) ?? Promise.resolve();
}

/** Whether a multipart command's key was used before, so its first answer may have to be given again. */
export function idempotencyKeySeen(request: object): boolean {
  return (request as WithDeferredClaim)[DEFERRED]?.seen ?? false;
}

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
 * claimed before the command runs, so two concurrent retries cannot both run it. A multipart
 * body is a stream its route reads itself, so the route claims the key once it has read it
 * (claimIdempotencyKey), with the file's sha256 and the fields as the request.
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
    const requestHash = (content: unknown) => sha256(`${request.method} ${request.url.split('?')[0]}\n${canonicalJson(content ?? null)}`);
    const successStatus =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200);

    let claim: IdempotencyRecord | null = null;
    if (/^multipart\/form-data/i.test(String(request.headers['content-type'] ?? ''))) {
      const existing = await this.store.get<IdempotencyRecord>(IDEMPOTENCY, id);
      (request as WithDeferredClaim)[DEFERRED] = {
        seen: existing !== null && !this.expired(existing),
        claim: async (fingerprint) => {
          claim = await this.claim(id, requestHash({ multipart: fingerprint }));
        },
      };
    } else {
      claim = await this.claim(id, requestHash(request.body));
    }

    // Only a claimed key records the answer (a multipart route may refuse before it claims).
    return next.handle().pipe(
      mergeMap(async (body) => {
        if (claim) await this.complete(claim, successStatus, body, body === undefined ? null : 'application/json; charset=utf-8');
        return body;
      }),
      catchError((error) =>
        from(claim ? this.fail(claim, error) : Promise.resolve()).pipe(mergeMap(() => throwError(() => error))),
      ),
    );
  }

  /** Claims the key for this request, or throws: the first answer again, 409 for another request or one in progress. */
  private async claim(id: string, requestHash: string): Promise<IdempotencyRecord> {
    const claim: IdempotencyRecord = { id, requestHash, state: 'IN_PROGRESS', createdAt: this.clock.now().toISOString() };
    if (await this.store.insertIfAbsent(IDEMPOTENCY, claim)) return claim;
    const existing = await this.store.get<IdempotencyRecord>(IDEMPOTENCY, id);
    if (!existing || this.expired(existing)) {
      await this.store.put(IDEMPOTENCY, claim);
      return claim;
    }
    if (existing.requestHash !== requestHash) throw new ConflictException('This Idempotency-Key was already used with a different request');
    if (existing.state === 'IN_PROGRESS') throw new ConflictException({ message: 'A request with this Idempotency-Key is still in progress', retryAfter: 1 });
    throw new ReplayedResponse(existing.status!, existing.body, existing.contentType ?? null);
  }

  private expired(record: IdempotencyRecord): boolean {
    return this.clock.now().getTime() - Date.parse(record.createdAt) >= KEEP_MS;
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
